import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { AuditService, parseAuditTarget } from '@app/audit';
import { Roles } from '../http/auth.js';
import { ApiJsonResponse, ZodQuery } from '../http/openapi.js';
import { AuditCheckpoint, AuditPage, AuditVerification } from '../http/responses/audit.js';

const ListAuditQuery = z.strictObject({
  target: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

@ApiTags('audit')
@Controller('v1/audit')
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

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

  /** Recomputes every hash and link; `ok` or exactly which events are broken. */
  @Get('verify')
  @Roles('auditor', 'admin')
  @ApiJsonResponse(200, AuditVerification)
  async verify() {
    return this.audit.verify();
  }

  /** Seals the current chain heads now (the worker also does this on a schedule). */
  @Post('checkpoints')
  @Roles('admin')
  @ApiJsonResponse(201, AuditCheckpoint, 'Sealed')
  @HttpCode(201)
  async checkpoint() {
    return (await this.audit.checkpoint()) ?? { seq: null, headCount: 0 };
  }
}
