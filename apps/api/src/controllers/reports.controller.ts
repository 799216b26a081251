import { Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ROLES, type Actor } from '@app/core';
import { REPORT_LANGUAGES, ReportsService } from '@app/reports';
import { ratingScaleSchema, VerdictsService, type RatingScale } from '@app/verdicts';
import { CurrentActor, IdempotencyKey, RequestId, Roles } from '../http/auth.js';
import { uuidParam } from '../http/common-schemas.js';
import { ApiJsonResponse, ApiProblems, ZodBody, ZodParam, ZodQuery } from '../http/openapi.js';
import { ReaderReport, ReaderReportList, ReportVersion, ReportVersionList, VersionedRatingScale } from '../http/responses/reports.js';
import { READERS } from './articles.controller.js';

const PublishBody = z.strictObject({
  correctionNote: z.string().trim().min(1).max(5000).nullish(),
  /** The language the report is written in; default: the article's, when the catalogue has it, else English. */
  language: z.enum(REPORT_LANGUAGES).nullish(),
});
const ReaderReportsQuery = z.strictObject({ status: z.enum(['open', 'resolved']).optional() });
const ResolveBody = z.strictObject({ note: z.string().trim().min(1).max(5000) });

@ApiTags('reports')
@Controller('v1')
export class ReportsController {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(VerdictsService) private readonly verdicts: VerdictsService,
  ) {}

  /**
   * Publishes the next version of the article's report (rendered by the worker). The answer says which
   * version, its kind and where it will appear. A correction (something published changed) needs a
   * note; an update (new ratings only) does not.
   */
  @Post('articles/:id/reports')
  @Roles('editor')
  @ApiJsonResponse(202, ReportVersion, 'Reserved; the worker renders it')
  @ApiProblems(404, 409, 422)
  @HttpCode(202)
  async publish(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(PublishBody) body: z.infer<typeof PublishBody>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const answer = await this.reports.publish(actor, id, body, {
      correlationId: requestId,
      idempotency: key ? { actorId: actor.id, key, request: [`POST /v1/articles/${id}/reports`, body] } : undefined,
    });
    response.setHeader('Location', answer.urls.html);
    return answer;
  }

  @Get('articles/:id/reports')
  @Roles(...READERS)
  @ApiJsonResponse(200, ReportVersionList)
  @ApiProblems(404)
  async versions(@ZodParam('id', uuidParam) id: string) {
    return { items: await this.reports.versions(id) };
  }

  @Get('reader-reports')
  @Roles('editor', 'auditor')
  @ApiJsonResponse(200, ReaderReportList)
  async readerReports(@ZodQuery(ReaderReportsQuery) query: z.infer<typeof ReaderReportsQuery>) {
    return { items: await this.reports.readerReports(query.status) };
  }

  @Post('reader-reports/:id/resolve')
  @Roles('editor')
  @ApiJsonResponse(200, ReaderReport, 'Resolved')
  @ApiProblems(404, 409)
  @HttpCode(200)
  async resolve(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(ResolveBody) body: z.infer<typeof ResolveBody>,
  ) {
    return this.reports.resolveReaderReport(actor, id, body.note, requestId);
  }

  @Get('rating-scale')
  @Roles(...ROLES)
  @ApiJsonResponse(200, VersionedRatingScale)
  async ratingScale() {
    return this.verdicts.current();
  }

  /** Publishes a new version of the rating scale (verdicts keep the version they were given under). */
  @Post('rating-scales')
  @Roles('admin')
  @ApiJsonResponse(201, VersionedRatingScale, 'Published')
  @HttpCode(201)
  async publishScale(@CurrentActor() actor: Actor, @RequestId() requestId: string, @ZodBody(ratingScaleSchema) body: RatingScale) {
    return this.verdicts.publish(actor, body, requestId);
  }
}
