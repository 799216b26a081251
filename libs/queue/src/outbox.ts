import type { EntityManager } from 'typeorm';
import { JOB_QUEUE, type JobName, type JobPayloads } from './jobs.js';

/** A job written to the outbox, ready to hand to BullMQ after the transaction commits. */
export interface OutboxJob<N extends JobName = JobName> {
  queue: string;
  name: N;
  jobId: string;
  payload: JobPayloads[N];
}

/** BullMQ job ids must not contain ':'; ids built from parts are joined with '.'. */
export const jobId = (...parts: (string | number)[]) => parts.map((part) => String(part).replaceAll(':', '_')).join('.');

/** Job of a claim's automated step: named by step, claim and transition number, so enqueueing twice runs once. */
export const claimStepJobId = (step: string, claimId: string, transitionSeq: number) => jobId(step, claimId, transitionSeq);

/** Records a job in the caller's transaction; a second call with the same id is a no-op. */
export async function addToOutbox<N extends JobName>(manager: EntityManager, name: N, payload: JobPayloads[N], id: string): Promise<OutboxJob<N>> {
  const queue = JOB_QUEUE[name];
  await manager.query(
    `INSERT INTO job_outbox (queue, name, job_id, payload) VALUES ($1, $2, $3, $4) ON CONFLICT (job_id) DO NOTHING`,
    [queue, name, id, JSON.stringify(payload)],
  );
  return { queue, name, jobId: id, payload };
}

/**
 * Marks a job's outcome in the processor's transaction. Returns false when the outcome was already
 * recorded: the job ran before (a retry after a crash, or a duplicate), and must not act again.
 */
export async function completeInOutbox(manager: EntityManager, id: string, outcome: 'done' | 'failed'): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `UPDATE job_outbox SET completed_at = now(), outcome = $2 WHERE job_id = $1 AND completed_at IS NULL RETURNING job_id`,
    [id, outcome],
  );
  // TypeORM returns [rows, count] for UPDATE … RETURNING on postgres.
  const affected = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  return affected > 0;
}
