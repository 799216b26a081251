export { QueueModule } from './queue.module.js';
export { JobQueues, DEFAULT_JOB_OPTIONS, jobId } from './queue.service.js';
export { createRedis } from './redis.js';
export { QUEUE_NAMES, JOB_QUEUE, type QueueName, type JobName, type JobPayloads } from './jobs.js';
export { JOB_HANDLERS, type JobHandler } from './job-handler.js';
export { WorkerHost } from './worker-host.js';
