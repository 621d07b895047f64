// One worker process of queue-bench.mjs, as a user runs one per machine: `node bench-worker.mjs '<json config>'`.
// Unlike test/support/worker-process.mjs it writes nothing per result, so the bench times the queue, not
// this process's stdout. It prints `ready` once it takes jobs and stops on SIGTERM.
import { startWorker } from '../dist/index.js';

const config = JSON.parse(process.argv[2] ?? '{}');
const worker = await startWorker({
  connection: config.redisUrl,
  name: config.name,
  provider: 'openai-compatible',
  llmOptions: { baseUrl: config.baseUrl, model: 'test-model' },
  concurrency: config.concurrency,
  onError: (error) => process.stderr.write(`bench worker error: ${error.message}\n`),
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  worker.close().then(() => process.exit(0));
});
