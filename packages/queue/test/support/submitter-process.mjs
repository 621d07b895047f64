// A submitter that queues a batch, prints its id and exits at once, as a script on a user's laptop would.
import { createBatchQueue } from '../../dist/index.js';

const config = JSON.parse(process.argv[2] ?? '{}');
const queue = createBatchQueue({ connection: config.redisUrl, name: config.name });
const batch = await queue.submit(config.requests);
process.stdout.write(`${batch.id}\n`);
await queue.close();
