import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { CLAIM_KINDS, CLAIM_PRIORITIES, ClaimsService } from '@app/claims';
import type { Actor } from '@app/core';
import { CurrentActor, IdempotencyKey, RequestId, Roles } from '../http/auth.js';
import { isoDateTime, limitParam, uuidParam } from '../http/common-schemas.js';
import { ApiContentResponse, ApiJsonResponse, ApiProblems, ZodBody, ZodParam, ZodQuery } from '../http/openapi.js';
import { Annotation, Claim, ClaimList, ClaimPage, WorkflowClaim } from '../http/responses/claims.js';
import { WorkflowService } from '@app/workflow';
import { READERS } from './articles.controller.js';

const codePoint = z.number().int().min(0);

export const AnchorBody = z
  .strictObject({
    exact: z.string().min(1).max(10_000).optional(),
    prefix: z.string().max(1000).optional(),
    suffix: z.string().max(1000).optional(),
    start: codePoint.optional(),
    end: codePoint.optional(),
  })
  .refine((a) => a.exact !== undefined || (a.start !== undefined && a.end !== undefined), {
    message: 'give the exact quoted span, or start and end code points',
    path: ['exact'],
  })
  .refine((a) => (a.start === undefined) === (a.end === undefined), { message: 'give both start and end', path: ['end'] });

export const SubmitClaimBody = z.strictObject({
  statement: z.string().min(1).max(5000),
  kind: z.enum(CLAIM_KINDS).optional(),
  claimant: z.string().max(300).nullish(),
  priority: z.enum(CLAIM_PRIORITIES).optional(),
  dueAt: isoDateTime.nullish(),
  anchor: AnchorBody,
});

const SubmitBatchBody = z.strictObject({ claims: z.array(SubmitClaimBody).min(1).max(500) });

const ListClaimsQuery = z.strictObject({
  articleId: uuidParam.optional(),
  state: z.string().max(40).optional(),
  kind: z.enum(CLAIM_KINDS).optional(),
  claimant: z.string().max(300).optional(),
  q: z.string().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
  limit: limitParam,
});

type SubmitClaim = z.infer<typeof SubmitClaimBody>;
const toInput = (claim: SubmitClaim) => ({ ...claim, dueAt: claim.dueAt ? new Date(claim.dueAt) : null });

@ApiTags('claims')
@Controller('v1')
export class ClaimsController {
  constructor(
    @Inject(ClaimsService) private readonly claims: ClaimsService,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('articles/:articleId/claims')
  @Roles('reporter', 'editor')
  @ApiJsonResponse(201, Claim, 'Submitted; intake runs next')
  @ApiProblems(404, 422)
  @HttpCode(201)
  async submitOne(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('articleId', uuidParam) articleId: string,
    @ZodBody(SubmitClaimBody) body: SubmitClaim,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { claims, replayed } = await this.claims.submit(actor, articleId, [toInput(body)], {
      correlationId: requestId,
      idempotency: key ? { actorId: actor.id, key, request: [`POST /v1/articles/${articleId}/claims`, body] } : undefined,
    });
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    response.setHeader('Location', `/v1/claims/${claims[0]!.id}`);
    return claims[0];
  }

  @Post('articles/:articleId/claims/batch')
  @Roles('reporter', 'editor')
  @ApiJsonResponse(201, ClaimList, 'All submitted (or none)')
  @ApiProblems(404, 422)
  @HttpCode(201)
  async submitBatch(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('articleId', uuidParam) articleId: string,
    @ZodBody(SubmitBatchBody) body: z.infer<typeof SubmitBatchBody>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { claims, replayed } = await this.claims.submit(actor, articleId, body.claims.map(toInput), {
      correlationId: requestId,
      fieldPrefix: (index) => `claims.${index}.`,
      idempotency: key ? { actorId: actor.id, key, request: [`POST /v1/articles/${articleId}/claims/batch`, body] } : undefined,
    });
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    return { items: claims };
  }

  @Get('claims')
  @Roles(...READERS)
  @ApiJsonResponse(200, ClaimPage)
  async list(@ZodQuery(ListClaimsQuery) query: z.infer<typeof ListClaimsQuery>) {
    return this.claims.list(query);
  }

  @Get('claims/:id')
  @Roles(...READERS)
  @ApiJsonResponse(200, WorkflowClaim)
  @ApiProblems(404)
  async get(@ZodParam('id', uuidParam) id: string, @Res({ passthrough: true }) response: Response) {
    const claim = await this.workflow.get(id);
    response.setHeader('ETag', `"${claim.version}"`);
    return claim;
  }

  @Get('claims/:id/annotation')
  @Roles(...READERS)
  @ApiContentResponse(200, 'The claim as a W3C Web Annotation', { 'application/ld+json': Annotation })
  @ApiProblems(404)
  async annotation(
    @ZodParam('id', uuidParam) id: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const baseUrl = this.config.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? `${request.protocol}://${request.get('host')}`;
    response.type('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"');
    return this.claims.annotation(id, baseUrl);
  }
}
