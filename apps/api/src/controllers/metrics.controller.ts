import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { JobQueues, QUEUE_NAMES } from '@app/queue';
import { Public } from '../http/auth.js';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

/**
 * Prometheus metrics, read at scrape time from their sources of truth: queue counts from BullMQ,
 * claims per step and transitions from Postgres (transitions are append-only, so their counts only
 * grow, as a counter must). Job durations are exported by each worker on its own port.
 */
@ApiExcludeController()
@Controller()
export class MetricsController {
  private readonly registry = new Registry();

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(JobQueues) queues: JobQueues,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'factcheck_api_' });
    new Gauge({
      name: 'factcheck_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const name of QUEUE_NAMES) {
          const counts = await queues.queue(name).getJobCounts(...JOB_STATES);
          for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'factcheck_claims',
      help: 'Claims per workflow step',
      labelNames: ['step'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { state: string; n: number }[] = await dataSource.query('SELECT state, count(*)::int AS n FROM claims GROUP BY state');
        rows.forEach((row) => this.set({ step: row.state }, row.n));
      },
    });
    new Gauge({
      name: 'factcheck_outbox_open_jobs',
      help: 'Jobs written to the outbox whose outcome is not recorded yet',
      registers: [this.registry],
      async collect() {
        const [row]: { n: number }[] = await dataSource.query('SELECT count(*)::int AS n FROM job_outbox WHERE completed_at IS NULL');
        this.set(row?.n ?? 0);
      },
    });
    new Counter({
      name: 'factcheck_transitions_total',
      help: 'Workflow transitions by action and step',
      labelNames: ['action', 'from', 'to'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { action: string; from_step: string; to_step: string; n: number }[] = await dataSource.query(
          'SELECT action, from_step, to_step, count(*)::int AS n FROM claim_transitions GROUP BY 1, 2, 3',
        );
        rows.forEach((row) => this.inc({ action: row.action, from: row.from_step, to: row.to_step }, row.n));
      },
    });
  }

  @Get('metrics')
  @Public()
  async metrics(@Res() response: Response) {
    response.type(this.registry.contentType).send(await this.registry.metrics());
  }
}
