import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { systemActor } from '@app/core';
import { JobQueues, OutboxReconciler } from '@app/queue';
import { WorkflowService } from '@app/workflow';

/**
 * The worker's own heartbeat, outside BullMQ on purpose: it must keep running when Redis was emptied
 * (repeatable jobs included). Each tick re-enqueues outbox jobs missing from their queues, returns
 * expired task leases, and re-creates the repeatable jobs. Every replica may run it; all of it is idempotent.
 */
@Injectable()
export class MaintenanceLoop {
  private readonly logger = new Logger('maintenance');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(OutboxReconciler) private readonly reconciler: OutboxReconciler,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // Ticks never overlap: a slow tick delays the next one instead of piling up.
      this.running ??= this.tick().finally(() => (this.running = null));
    }, this.config.RECONCILE_EVERY_MS);
    this.running = this.tick().finally(() => (this.running = null));
  }

  async tick(): Promise<void> {
    const steps: [string, () => Promise<unknown>][] = [
      ['schedule', () => this.queues.schedule('audit.checkpoint', {}, this.config.AUDIT_CHECKPOINT_EVERY_MS)],
      ['schedule', () => this.queues.schedule('sources.recheck', {}, this.config.RECHECK_EVERY_MS)],
      ['reconcile', () => this.reconciler.reconcile()],
      ['expire-leases', () => this.workflow.expireLeases(systemActor('lease-timer'))],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        this.logger.warn({ msg: 'maintenance step failed; retrying next tick', step: name, error: (error as Error).message });
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
