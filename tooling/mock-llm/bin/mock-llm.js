#!/usr/bin/env node
// A committed entry, so pnpm can link the `mock-llm` bin at install time, before dist/ is built.
await import('../dist/cli.js');
