import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { DomainError } from '@app/core';
import { REPORT_CSS, ReportsService } from '@app/reports';
import { Public, RequestId } from '../http/auth.js';
import { uuidParam } from '../http/common-schemas.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';

/** Pages render no script and load only our stylesheet; forms post back to us only. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const ARCHIVE_CSP = "sandbox; default-src 'none'";

const versionParam = z.string().regex(/^[1-9]\d{0,6}$/, 'a version number').transform(Number);
const ReaderReportBody = z.strictObject({
  message: z.string().trim().min(3).max(4000),
  contact: z.string().trim().max(200).optional().transform((v) => v || null),
  version: z.coerce.number().int().min(1).optional(),
  claimId: z.union([uuidParam, z.literal('')]).optional().transform((v) => v || null),
});

/** Public reading surface: published reports (no token), archived copies they link to, error reports. */
@ApiTags('public reports')
@Controller()
export class PublicReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  @Get('reports/assets/report.css')
  @Public()
  @ApiExcludeEndpoint()
  css(@Res() response: Response) {
    response.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'X-Content-Type-Options': 'nosniff' }).send(REPORT_CSS);
  }

  /** The latest published version of an article's report. */
  @Get('reports/:articleId')
  @Public()
  async latest(@Param('articleId', new ZodValidationPipe(uuidParam, 'articleId')) articleId: string, @Res() response: Response) {
    await this.send(response, articleId, null, 'index.html', false);
  }

  @Get('reports/:articleId/v:version')
  @Public()
  async page(@Param('articleId', new ZodValidationPipe(uuidParam, 'articleId')) articleId: string, @Param('version') version: string, @Res() response: Response) {
    const match = /^(\d+)(\.json|\.md)?$/.exec(version);
    if (!match) throw new DomainError('not-found', 'report-page-not-found', 'No such report page.');
    const path = match[2] === '.json' ? 'report.json' : match[2] === '.md' ? 'report.md' : 'index.html';
    await this.send(response, articleId, versionParam.parse(match[1]), path, true);
  }

  @Get('reports/:articleId/v:version/claims/:claimId')
  @Public()
  async claimPage(
    @Param('articleId', new ZodValidationPipe(uuidParam, 'articleId')) articleId: string,
    @Param('version', new ZodValidationPipe(versionParam, 'version')) version: number,
    @Param('claimId') claimId: string,
    @Res() response: Response,
  ) {
    const match = /^([0-9a-f-]{36})(\.jsonld)?$/.exec(claimId);
    if (!match || !uuidParam.safeParse(match[1]).success) throw new DomainError('not-found', 'report-page-not-found', 'No such claim page.');
    await this.send(response, articleId, version, `claims/${match[1]}${match[2] ? '.jsonld' : '.html'}`, true);
  }

  /** A reader reports an error: rate-limited per client address; lands as an editors' task and in the audit log. */
  @Post('reports/:articleId/errors')
  @Public()
  async reportError(
    @Param('articleId', new ZodValidationPipe(uuidParam, 'articleId')) articleId: string,
    @RequestId() requestId: string,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const body = new ZodValidationPipe(ReaderReportBody).transform(request.body ?? {});
    const received = await this.reports.receiveReaderReport(articleId, body, requestId);
    if (request.is('application/json')) {
      response.status(201).json(received);
      return;
    }
    response
      .status(201)
      .set({ 'Content-Security-Policy': REPORT_CSP, 'X-Content-Type-Options': 'nosniff' })
      .type('html')
      .send('<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Thank you</title></head><body><p>Thank you. An editor will read your report.</p></body></html>');
  }

  /** Archived bytes of a capture that a published report cites: an inert download. */
  @Get('archive/:captureId')
  @Public()
  async archive(@Param('captureId', new ZodValidationPipe(uuidParam, 'captureId')) captureId: string, @Res() response: Response) {
    const { bytes, contentType, sha256 } = await this.reports.publicCapture(captureId);
    response
      .set({ 'Content-Type': contentType, 'Content-Security-Policy': ARCHIVE_CSP, 'X-Content-Type-Options': 'nosniff', 'Content-Disposition': `attachment; filename="${sha256}"`, ETag: `"${sha256}"` })
      .send(bytes);
  }

  /** The article exactly as received (what the claims appeared in), once a report on it is published. */
  @Get('archive/articles/:articleId')
  @Public()
  async archivedArticle(@Param('articleId', new ZodValidationPipe(uuidParam, 'articleId')) articleId: string, @Res() response: Response) {
    const { body, language, sha256 } = await this.reports.publicArticle(articleId);
    response
      .set({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Language': language, 'Content-Security-Policy': ARCHIVE_CSP, 'X-Content-Type-Options': 'nosniff', ETag: `"${sha256}"` })
      .send(body);
  }

  private async send(response: Response, articleId: string, version: number | null, path: string, immutable: boolean) {
    const artifact = await this.reports.artifact(articleId, version, path);
    response.set({
      'Content-Type': artifact.contentType,
      'Content-Security-Policy': REPORT_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ETag: `"${artifact.sha256}"`,
      // A numbered version never changes; the "latest" address does.
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=60',
      ...(immutable ? {} : { 'Content-Location': `/reports/${articleId}/v${artifact.version}` }),
    });
    response.send(artifact.body);
  }
}
