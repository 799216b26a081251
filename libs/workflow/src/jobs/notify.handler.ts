import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { completeInOutbox, type JobHandler, type JobPayloads } from '@app/queue';

const MESSAGES: Record<string, (t: { comment: string | null; to_step: string }) => string> = {
  return: (t) => `A claim was returned to ${t.to_step}: ${t.comment ?? ''}`.trim(),
  reassign: (t) => `A ${t.to_step} task was assigned to you.${t.comment ? ' ' + t.comment : ''}`,
};

/** Delivers an in-app notification about a transition; the job id makes a second delivery a no-op. */
@Injectable()
export class NotifyHandler implements JobHandler<'notify.user'> {
  readonly jobName = 'notify.user' as const;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async handle(job: Job<JobPayloads['notify.user'], unknown, 'notify.user'>) {
    const { userId, claimId, transitionSeq } = job.data;
    return this.dataSource.transaction(async (manager) => {
      if (!(await completeInOutbox(manager, job.id!, 'done'))) return { skipped: 'already-done' };
      const [transition]: { action: string; comment: string | null; to_step: string }[] = await manager.query(
        'SELECT action, comment, to_step FROM claim_transitions WHERE claim_id = $1 AND seq = $2',
        [claimId, transitionSeq],
      );
      if (!transition) return { skipped: 'no-transition' };
      const message = (MESSAGES[transition.action] ?? ((t) => `Claim moved to ${t.to_step}.`))(transition);
      await manager.query(
        `INSERT INTO notifications (user_id, kind, claim_id, message, job_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (job_id) DO NOTHING`,
        [userId, `claim.${transition.action}`, claimId, message, job.id],
      );
      return { delivered: userId };
    });
  }
}
