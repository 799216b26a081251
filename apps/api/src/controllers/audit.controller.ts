import { Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { AuditService, AuditVerificationsService, parseAuditTarget } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError, type Actor } from '@app/core';
import { CurrentActor, Roles } from '../http/auth.js';
import { uuidParam } from '../http/common-schemas.js';
import { ApiContentResponse, ApiJsonResponse, ApiProblems, ZodBody, ZodParam, ZodQuery } from '../http/openapi.js';
import { AuditCheckpoint, AuditPage, AuditVerification, AuditVerificationJob } from '../http/responses/audit.js';

const ListAuditQuery = z.strictObject({
  target: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const StartVerificationBody = z.strictObject({
  incremental: z.boolean().default(false).describe('Start after the last checkpoint a finished verification covered, instead of the beginning.'),
  pageSize: z.number().int().min(1).max(100_000).optional().describe('Events per page (one statement each); default AUDIT_VERIFY_PAGE_SIZE.'),
});

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditVerificationsService) private readonly verifications: AuditVerificationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Events in append order; page with `afterSeq` = the last `seq` you received. */
  @Get()
  @Roles('auditor', 'admin')
  @ApiJsonResponse(200, AuditPage)
  async list(@ZodQuery(ListAuditQuery) query: z.infer<typeof ListAuditQuery>) {
    const items = await this.audit.list({
      target: query.target ? parseAuditTarget(query.target) : undefined,
      actorId: query.actor,
      afterSeq: query.afterSeq,
      limit: query.limit,
    });
    return { items, nextAfterSeq: items.length === query.limit ? items[items.length - 1]!.seq : null };
  }

  /**
   * Verifies a small log inside the request (at most AUDIT_VERIFY_SYNC_MAX_EVENTS events, else 422):
   * larger logs are verified as a job (`POST /v1/audit/verifications`).
   */
  @Get('verify')
  @Roles('auditor', 'admin')
  @ApiJsonResponse(200, AuditVerification)
  @ApiProblems(422)
  async verify() {
    const events = await this.audit.latestSeq();
    if (events > this.config.AUDIT_VERIFY_SYNC_MAX_EVENTS) {
      throw new DomainError(
        'unprocessable',
        'audit-log-too-large',
        `The log has more than ${this.config.AUDIT_VERIFY_SYNC_MAX_EVENTS} events: start a verification job with POST /v1/audit/verifications.`,
      );
    }
    const { ok, eventsChecked, checkpointsChecked, latestCheckpointSeq, problemCount, problems } = await this.audit.verify({ pageSize: this.config.AUDIT_VERIFY_PAGE_SIZE });
    return { ok, eventsChecked, checkpointsChecked, latestCheckpointSeq, problemCount, problems };
  }

  /** Starts a verification in the worker (paged; progress and result at `GET /v1/audit/verifications/:id`); 409 while one runs. */
  @Post('verifications')
  @Roles('auditor', 'admin')
  @HttpCode(202)
  @ApiJsonResponse(202, AuditVerificationJob, 'Queued')
  @ApiProblems(409)
  async startVerification(@CurrentActor() actor: Actor, @ZodBody(StartVerificationBody) body: z.infer<typeof StartVerificationBody>) {
    return this.verifications.start(actor, body);
  }

  /** A verification's progress, then its result (ok, or each broken event with its kind) and the checkpoint it covered. */
  @Get('verifications/:id')
  @Roles('auditor', 'admin')
  @ApiJsonResponse(200, AuditVerificationJob)
  @ApiProblems(404)
  async getVerification(@ZodParam('id', uuidParam) id: string) {
    return this.verifications.get(id);
  }

  /**
   * The whole log as NDJSON (header, public keys, checkpoints with their heads, events with their hashed
   * bytes, end line), streamed page by page: replay it offline with `npm run audit:verify`.
   */
  @Get('export')
  @Roles('auditor', 'admin')
  @ApiContentResponse(200, 'NDJSON, one object a line', { 'application/x-ndjson': 'text' })
  async export(@Res() res: Response) {
    res.status(200).type('application/x-ndjson').setHeader('Content-Disposition', 'attachment; filename="audit-export.ndjson"');
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      await this.audit.exportLog(async (chunk) => {
        if (closed) throw new Error('the client went away');
        if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      }, this.config.AUDIT_VERIFY_PAGE_SIZE);
      res.end();
    } catch (error) {
      // Headers are gone: cut the stream (the missing end line tells the verifier the export is incomplete).
      res.destroy(error as Error);
    }
  }

  /** Seals the current chain heads now into a signed checkpoint (the worker also does this on a schedule). */
  @Post('checkpoints')
  @Roles('admin')
  @ApiJsonResponse(201, AuditCheckpoint, 'Sealed')
  @HttpCode(201)
  async checkpoint() {
    return (await this.audit.checkpoint()) ?? { seq: null, headCount: 0 };
  }
}
