// A worker as its own process, the way a user runs one per machine: `node worker-process.mjs '<json config>'`.
// It prints `ready` once it takes jobs, `result <index>` for each result it stores, and stops on SIGTERM.
import { startWorker } from '../../dist/index.js';

const config = JSON.parse(process.argv[2] ?? '{}');
const worker = await startWorker({
  connection: config.redisUrl,
  name: config.name,
  provider: 'openai-compatible',
  llmOptions: {
    baseUrl: config.baseUrl,
    model: 'test-model',
    // Tells the mock server which worker sent each request.
    headers: { 'x-worker': config.label },
    ...config.llmOptions,
  },
  concurrency: config.concurrency ?? 4,
  rateLimit: config.rateLimit,
  lockDurationMs: config.lockDurationMs,
  stalledIntervalMs: config.stalledIntervalMs,
  onResult: ({ result }) => process.stdout.write(`result ${result.index}\n`),
  onError: (error) => process.stderr.write(`worker error: ${error.message}\n`),
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  worker.close().then(() => process.exit(0));
});
