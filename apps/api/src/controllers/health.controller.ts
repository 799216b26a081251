import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { JobQueues } from '@app/queue';
import { Public } from '../http/auth.js';
import { ApiJsonResponse } from '../http/openapi.js';
import { Health, Readiness } from '../http/responses/health.js';

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JobQueues) private readonly queues: JobQueues,
  ) {}

  /** The process is up (liveness). */
  @Get('health')
  @Public()
  @ApiJsonResponse(200, Health)
  health() {
    return { status: 'ok' };
  }

  /** The database and the queue store (Redis, or the database itself) are reachable (readiness); 503 naming what is not. */
  @Get('ready')
  @Public()
  @ApiJsonResponse(200, Readiness, 'Ready')
  @ApiJsonResponse(503, Readiness, 'Not ready: the checks say which part is down')
  async ready(@Res({ passthrough: true }) response: Response) {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await withTimeout(fn(), 2000);
        return 'ok';
      } catch (error) {
        return `down: ${(error as Error).message}`;
      }
    };
    const [postgres, queues] = await Promise.all([check(() => this.dataSource.query('SELECT 1')), check(() => this.queues.ping())]);
    const ready = postgres === 'ok' && queues === 'ok';
    response.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not-ready', checks: { postgres, queues }, queueBackend: this.queues.store.kind };
  }
}
