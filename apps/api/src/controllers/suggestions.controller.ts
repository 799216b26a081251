import { Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { CLAIM_KINDS, CLAIM_PRIORITIES } from '@app/claims';
import type { Actor } from '@app/core';
import { SUGGESTION_KINDS, SUGGESTION_STATES, SuggestionsService } from '@app/suggestions';
import { CurrentActor, RequestId, Roles } from '../http/auth.js';
import { isoDateTime, uuidParam } from '../http/common-schemas.js';
import { ApiJsonResponse, ApiProblems, ZodBody, ZodParam, ZodQuery } from '../http/openapi.js';
import { AcceptedSuggestion, Suggestion, SuggestionList, SuggestionRun } from '../http/responses/suggestions.js';
import { READERS } from './articles.controller.js';

const RequestSuggestionsBody = z.strictObject({
  timeZone: z.string().min(1).max(100).optional().describe('IANA zone the article’s relative dates are meant in; default: the newsroom’s (NEWSROOM_TIME_ZONE).'),
});

const ListSuggestionsQuery = z.strictObject({
  state: z.enum(SUGGESTION_STATES).optional(),
  kind: z.enum(SUGGESTION_KINDS).optional(),
});

const AcceptBody = z.strictObject({
  statement: z.string().min(1).max(5000).optional().describe('The claim in the editor’s words; default: the suggested draft.'),
  kind: z.enum(CLAIM_KINDS).optional(),
  claimant: z.string().max(300).nullish(),
  priority: z.enum(CLAIM_PRIORITIES).optional(),
  dueAt: isoDateTime.nullish(),
});

const DismissBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

@ApiTags('suggestions')
@Controller('v1')
export class SuggestionsController {
  constructor(@Inject(SuggestionsService) private readonly suggestions: SuggestionsService) {}

  @Post('articles/:id/suggestions')
  @Roles('reporter', 'editor')
  @ApiJsonResponse(201, SuggestionRun, 'Computed (short article), or `pending` while the worker computes them (long article)')
  @ApiJsonResponse(200, SuggestionRun, 'Already asked for this body and time zone: that run')
  @ApiProblems(404)
  @HttpCode(201)
  async request(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(RequestSuggestionsBody) body: z.infer<typeof RequestSuggestionsBody>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { run, created } = await this.suggestions.request(actor, id, { timeZone: body.timeZone, correlationId: requestId });
    if (!created) response.status(200);
    response.setHeader('Location', `/v1/articles/${id}/suggestions`);
    return run;
  }

  @Get('articles/:id/suggestions')
  @Roles(...READERS)
  @ApiJsonResponse(200, SuggestionList, 'The suggestions for the article’s current body, decided ones included; `run` is null before any were asked for')
  @ApiProblems(404)
  async list(@ZodParam('id', uuidParam) id: string, @ZodQuery(ListSuggestionsQuery) query: z.infer<typeof ListSuggestionsQuery>) {
    return this.suggestions.list(id, query);
  }

  @Post('suggestions/:id/accept')
  @Roles('reporter', 'editor')
  @ApiJsonResponse(201, AcceptedSuggestion, 'Accepted: the claim was submitted through the normal path (intake runs next)')
  @ApiProblems(404, 409, 422)
  @HttpCode(201)
  async accept(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(AcceptBody) body: z.infer<typeof AcceptBody>,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { suggestion, claim } = await this.suggestions.accept(actor, id, { ...body, dueAt: body.dueAt ? new Date(body.dueAt) : null }, requestId);
    response.setHeader('Location', `/v1/claims/${claim.id}`);
    return { suggestion, claim };
  }

  @Post('suggestions/:id/dismiss')
  @Roles('reporter', 'editor')
  @ApiJsonResponse(200, Suggestion, 'Dismissed (kept, with the reason)')
  @ApiProblems(404, 409)
  @HttpCode(200)
  async dismiss(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(DismissBody) body: z.infer<typeof DismissBody>,
  ) {
    return this.suggestions.dismiss(actor, id, body.reason, requestId);
  }
}
