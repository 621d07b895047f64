#!/usr/bin/env node
import { parseCliArguments } from './parse-cli-arguments.js';
import type { MockLlmOptions } from './start-mock-llm.js';
import { startMockLlm } from './start-mock-llm.js';

// The standalone process for benchmarks: prints one JSON line with the URL once listening, then serves
// until SIGTERM or SIGINT. The line is the whole stdout contract; benchmarks parse it.
async function main(): Promise<void> {
  let options: MockLlmOptions;
  try {
    options = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
    return;
  }
  const mock = await startMockLlm(options);
  process.stdout.write(`${JSON.stringify({ url: mock.url })}\n`);
  const shutdown = (): void => {
    process.off('SIGTERM', shutdown);
    process.off('SIGINT', shutdown);
    void mock.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`mock-llm: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
