/**
 * Every queue and job name, with each job's payload type. Job names are explicit strings, never class
 * names: a rename must not orphan jobs already queued. Payloads carry ids and intent only.
 */
export const QUEUE_NAMES = ['intake', 'capture', 'signals', 'reports', 'notify', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobPayloads {
  /** The automated intake step of one claim, for the transition that put it in intake. */
  'claims.intake': { claimId: string; transitionSeq: number };
  /** Fetch (or, for an uploaded copy, read) one capture and extract its text. */
  'sources.capture': { captureId: string };
  /** Compare one claim with one capture: quoted wording, dates and numbers. */
  'sources.signals': { claimId: string; captureId: string };
  /** Re-capture sources whose latest capture is old, to detect drift and rot. */
  'sources.recheck': Record<string, never>;
  /** Render and publish one requested report version. */
  'reports.render': { reportId: string };
  /** Tell one person about a transition that concerns them (a return, a reassignment). */
  'notify.user': { userId: string; claimId: string; transitionSeq: number };
  /** Compute the claim suggestions of one long article (short ones are computed in the request). */
  'suggestions.compute': { runId: string };
  /** Seal the audit chain heads into a checkpoint. */
  'audit.checkpoint': Record<string, never>;
  /** Run one requested audit verification (see audit_verifications). */
  'audit.verify': { verificationId: string };
}
export type JobName = keyof JobPayloads;

/** Which queue carries each job: queues are split by workload so each can be scaled and paused alone. */
export const JOB_QUEUE: { [N in JobName]: QueueName } = {
  'claims.intake': 'intake',
  'sources.capture': 'capture',
  'sources.signals': 'signals',
  'sources.recheck': 'maintenance',
  'reports.render': 'reports',
  'notify.user': 'notify',
  'audit.checkpoint': 'maintenance',
  'audit.verify': 'maintenance',
  // Reading an article's text, like intake does for a claim.
  'suggestions.compute': 'intake',
};
