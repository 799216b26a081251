export { QueueModule } from './queue.module.js';
export { JobQueues, defaultJobOptions } from './queue.service.js';
export { OutboxReconciler } from './outbox-reconciler.js';
export { OutboxEntity } from './outbox.entity.js';
export { addToOutbox, completeInOutbox, completeManyInOutbox, jobId, claimStepJobId, outboxInsert, outboxJob, type OutboxJob } from './outbox.js';
export { createRedis } from './redis.js';
export { QUEUE_NAMES, JOB_QUEUE, type QueueName, type JobName, type JobPayloads } from './jobs.js';
export { JOB_HANDLERS, type JobHandler } from './job-handler.js';
export { WorkerHost } from './worker-host.js';
