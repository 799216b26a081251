import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The worker's Prometheus endpoint: job durations by job name and outcome, plus process metrics. */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly durations = new Histogram({
    name: 'factcheck_job_duration_seconds',
    help: 'Time a worker spent on one job attempt',
    labelNames: ['job', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private server: Server | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'factcheck_worker_' });
  }

  observe = (job: string, outcome: 'done' | 'error', ms: number) => this.durations.observe({ job, outcome }, ms / 1000);

  async listen(port: number, host: string): Promise<void> {
    if (port === 0) return;
    this.server = createServer((req, res) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
  }

  async close(): Promise<void> {
    if (this.server) await new Promise((resolve) => this.server!.close(resolve));
  }
}
