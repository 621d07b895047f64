import { defineConfig } from 'vitest/config';

// Behaviour tests start worker threads that load a real model: give them time on a loaded 2-core machine.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
