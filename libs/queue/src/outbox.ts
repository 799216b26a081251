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

/** The job a change owes, before it is written (see {@link outboxInsert} and {@link addToOutbox}). */
export const outboxJob = <N extends JobName>(name: N, payload: JobPayloads[N], id: string): OutboxJob<N> => ({ queue: JOB_QUEUE[name], name, jobId: id, payload });

/** Records a job in the caller's transaction; a second call with the same id is a no-op. */
export async function addToOutbox<N extends JobName>(manager: EntityManager, name: N, payload: JobPayloads[N], id: string): Promise<OutboxJob<N>> {
  const [job] = await addAllToOutbox(manager, [outboxJob(name, payload, id)]);
  return job!;
}

/** {@link addToOutbox} for several jobs, in one statement. */
export async function addAllToOutbox<J extends OutboxJob>(manager: EntityManager, jobs: J[]): Promise<J[]> {
  if (jobs.length === 0) return jobs;
  const insert = outboxInsert(jobs, '$1');
  await manager.query(insert.sql, [insert.value]);
  return jobs;
}

/**
 * The INSERT of several outbox jobs as one statement taking one jsonb parameter (named by `param`), so
 * it can be its own statement or a data-modifying CTE of the statement that makes the change owing them.
 * A job id already present is skipped, as with {@link addToOutbox}.
 */
export function outboxInsert(jobs: OutboxJob[], param: string): { sql: string; value: string } {
  return {
    sql: `INSERT INTO job_outbox (queue, name, job_id, payload)
          SELECT queue, name, job_id, payload FROM jsonb_to_recordset(${param}::jsonb) AS j(queue text, name text, job_id text, payload jsonb)
          ON CONFLICT (job_id) DO NOTHING`,
    value: JSON.stringify(jobs.map((job) => ({ queue: job.queue, name: job.name, job_id: job.jobId, payload: job.payload }))),
  };
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

/**
 * {@link completeInOutbox} for several jobs in one statement: returns the ids whose outcome this call
 * recorded; the others ran before and must not act again.
 */
export async function completeManyInOutbox(manager: EntityManager, ids: string[], outcome: 'done' | 'failed'): Promise<Set<string>> {
  const result: unknown[] = await manager.query(
    `UPDATE job_outbox SET completed_at = now(), outcome = $2 WHERE job_id = ANY($1::text[]) AND completed_at IS NULL RETURNING job_id`,
    [ids, outcome],
  );
  const rows = (Array.isArray(result[0]) ? result[0] : result) as { job_id: string }[];
  return new Set(rows.map((row) => row.job_id));
}
