// Child process of the pipeline benchmark: one baseline worker process (see lib/baseline-queue.ts).
import { startBaselineWorker } from './lib/baseline-queue.js';

const worker = await startBaselineWorker({
  dbUrl: process.env.DATABASE_URL!,
  prefix: process.env.QUEUE_PREFIX!,
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 8),
  poolSize: Number(process.env.DB_POOL_SIZE ?? 10),
});
process.send?.('ready');
process.once('SIGTERM', () => {
  void worker.close().finally(() => process.exit(0));
});
