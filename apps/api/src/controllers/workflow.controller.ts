import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CLAIM_KINDS } from '@app/claims';
import { DomainError, ROLES, type Actor } from '@app/core';
import { VerdictsService } from '@app/verdicts';
import { HUMAN_STEPS, STEPS, TRANSITIONS, WorkflowService, type HumanStep } from '@app/workflow';
import { CurrentActor, RequestId, Roles } from '../http/auth.js';
import { uuidParam } from '../http/common-schemas.js';
import { ApiJsonResponse, ApiProblems, ZodBody, ZodParam, ZodQuery } from '../http/openapi.js';
import { WorkflowClaim, WorkflowClaimList } from '../http/responses/claims.js';
import { NotificationList, Timeline, Workflow } from '../http/responses/workflow.js';
import { READERS } from './articles.controller.js';

const comment = z.string().trim().min(1).max(5000);
const version = z.number().int().min(1).optional();

/**
 * One body per action, so each action's fields are validated (and documented) exactly. A missing comment
 * on return/reopen is left to the state machine (422 comment-required), like a release on someone's behalf.
 */
export const TransitionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('release'), version, comment: comment.optional() }),
  z.strictObject({ action: z.literal('finish-research'), version, unverifiableReason: z.string().trim().min(1).max(5000).optional(), comment: comment.optional() }),
  z.strictObject({ action: z.literal('propose'), version, rating: z.string().min(1).max(40), rationale: z.string().trim().min(1).max(20_000), comment: comment.optional() }),
  z.strictObject({ action: z.literal('approve'), version, comment: comment.optional() }),
  z.strictObject({ action: z.literal('return'), version, to: z.enum(['research', 'assessment']), comment: comment.optional() }),
  z.strictObject({ action: z.literal('reassign'), version, assigneeId: uuidParam, comment: comment.optional() }),
  z.strictObject({ action: z.literal('reopen'), version, to: z.enum(['research', 'assessment']).default('assessment'), comment: comment.optional() }),
  z.strictObject({ action: z.literal('retry'), version, comment: comment.optional() }),
]);

const TakeNextBody = z.strictObject({
  step: z.enum(HUMAN_STEPS as [HumanStep, ...HumanStep[]]),
  articleId: uuidParam.optional(),
  kind: z.enum(CLAIM_KINDS).optional(),
  language: z.string().min(2).max(35).optional(),
});

const OpenTasksQuery = z.strictObject({
  assigneeId: uuidParam.optional(),
  step: z.enum(HUMAN_STEPS as [HumanStep, ...HumanStep[]]).optional(),
});

/** `If-Match: "7"` (or `7`) as an alternative to the body's `version`. */
function versionFrom(request: Request, bodyVersion: number | undefined): number {
  const header = request.headers['if-match'];
  const fromHeader = typeof header === 'string' && /^(W\/)?"?\d+"?$/.test(header.trim()) ? Number(header.replace(/\D/g, '')) : undefined;
  const version = bodyVersion ?? fromHeader;
  if (version === undefined) {
    throw new DomainError('invalid', 'version-required', 'Say which version of the claim you acted on: `version` in the body or an If-Match header.', [
      { field: 'version', message: 'required (or send If-Match)' },
    ]);
  }
  return version;
}

@ApiTags('workflow')
@Controller('v1')
export class WorkflowController {
  constructor(
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(VerdictsService) private readonly verdicts: VerdictsService,
  ) {}

  /** Leases the next task of a step to the caller (200), or 204 when the queue is empty. */
  @Post('tasks/next')
  @Roles('checker', 'editor')
  @ApiJsonResponse(200, WorkflowClaim, 'Leased to you')
  @ApiResponse({ status: 204, description: 'The queue is empty' })
  async takeNext(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodBody(TakeNextBody) body: z.infer<typeof TakeNextBody>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { step, ...filter } = body;
    const task = await this.workflow.takeNext(actor, step, filter, requestId);
    if (!task) response.status(204);
    else response.status(200).setHeader('ETag', `"${task.version}"`);
    return task ?? undefined;
  }

  /** Tasks currently leased: an editor's (or auditor's) view of who holds what. */
  @Get('tasks')
  @Roles('editor', 'auditor')
  @ApiJsonResponse(200, WorkflowClaimList)
  async openTasks(@ZodQuery(OpenTasksQuery) query: z.infer<typeof OpenTasksQuery>) {
    return { items: await this.workflow.openTasks(query) };
  }

  @Get('tasks/mine')
  @Roles('checker', 'editor')
  @ApiJsonResponse(200, WorkflowClaimList)
  async myTasks(@CurrentActor() actor: Actor) {
    return { items: await this.workflow.openTasks({ assigneeId: actor.id }) };
  }

  /**
   * Moves a claim: release, finish-research, propose, approve, return, reassign, reopen, retry. Needs the
   * claim's current `version` (or If-Match); a stale one is a 409.
   */
  @Post('claims/:id/transitions')
  @Roles('checker', 'editor', 'admin')
  @ApiJsonResponse(200, WorkflowClaim, 'Moved')
  @ApiProblems(404, 409, 422)
  @HttpCode(200)
  async transition(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(TransitionBody) body: z.infer<typeof TransitionBody>,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const claim = await this.workflow.apply(actor, id, { ...body, version: versionFrom(request, body.version) }, requestId);
    response.setHeader('ETag', `"${claim.version}"`);
    return claim;
  }

  @Get('claims/:id/timeline')
  @Roles(...READERS)
  @ApiJsonResponse(200, Timeline)
  @ApiProblems(404)
  async timeline(@ZodParam('id', uuidParam) id: string) {
    return { items: await this.workflow.timeline(id) };
  }

  @Get('me/notifications')
  @Roles(...ROLES)
  @ApiJsonResponse(200, NotificationList)
  async notifications(@CurrentActor() actor: Actor) {
    return { items: await this.workflow.notifications(actor.id) };
  }

  /** The workflow itself, for clients that draw it: steps and who may do what. */
  @Get('workflow')
  @Roles(...ROLES)
  @ApiJsonResponse(200, Workflow)
  async describe() {
    const { version, scale } = await this.verdicts.current();
    return { steps: STEPS, humanSteps: HUMAN_STEPS, transitions: TRANSITIONS, ratingScale: { version, ...scale } };
  }
}
