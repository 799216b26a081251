/**
 * Every queue and job name, with each job's payload type. Job names are explicit strings, never class
 * names: a rename must not orphan jobs already queued. Payloads carry ids and intent only.
 */
export const QUEUE_NAMES = ['maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobPayloads {
  /** Seal the audit chain heads into a checkpoint. */
  'audit.checkpoint': Record<string, never>;
}
export type JobName = keyof JobPayloads;

/** Which queue carries each job: queues are split by workload so each can be scaled and paused alone. */
export const JOB_QUEUE: { [N in JobName]: QueueName } = {
  'audit.checkpoint': 'maintenance',
};
