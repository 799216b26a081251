import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { REPORT_CSS, ReportsService } from '@app/reports';
import { Public, RequestId } from '../http/auth.js';
import { uuidParam } from '../http/common-schemas.js';
import { ApiContentResponse, ApiProblems, ZodBody, ZodParam } from '../http/openapi.js';
import { ClaimReview, PublishedReport, ReaderReportReceived } from '../http/responses/reports.js';

/** Pages render no script and load only our stylesheet; forms post back to us only. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const ARCHIVE_CSP = "sandbox; default-src 'none'";

// Version numbers in public addresses: 1 to 9,999,999 without leading zeros (`v0`, `v007` are refused, never looked up).
const VERSION = '[1-9]\\d{0,6}';
const versionParam = z.string().regex(new RegExp(`^${VERSION}$`), 'a version number (1 or more, no leading zeros)').transform(Number);
/** `1`, `1.json` or `1.md`: a report version and the format asked for. */
const versionPageParam = z
  .string()
  .regex(new RegExp(`^${VERSION}(\\.json|\\.md)?$`), 'a version number (1 or more, no leading zeros), optionally with .json or .md')
  .transform((value) => {
    const [number, format] = value.split('.');
    return { version: Number(number), path: format === 'json' ? 'report.json' : format === 'md' ? 'report.md' : 'index.html' };
  });
/** A claim id, optionally with `.jsonld` (its ClaimReview alone). */
const claimPageParam = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(\.jsonld)?$/i, 'a claim id (UUID), optionally with .jsonld')
  .transform((value) => (value.endsWith('.jsonld') ? `claims/${value.slice(0, -'.jsonld'.length).toLowerCase()}.jsonld` : `claims/${value.toLowerCase()}.html`));
const ReaderReportBody = z.strictObject({
  message: z.string().trim().min(3).max(4000),
  contact: z.string().trim().max(200).optional().transform((v) => v || null),
  version: z.coerce.number().int().min(1).max(9_999_999).optional(),
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
  @ApiContentResponse(200, 'The latest published version (HTML)', { 'text/html': 'text' })
  @ApiProblems(404)
  async latest(@ZodParam('articleId', uuidParam) articleId: string, @Res() response: Response) {
    await this.send(response, articleId, null, 'index.html', false);
  }

  @Get('reports/:articleId/v:version')
  @Public()
  @ApiContentResponse(200, 'Version n as HTML (`v1`), JSON (`v1.json`) or Markdown (`v1.md`)', { 'text/html': 'text', 'application/json': PublishedReport, 'text/markdown': 'text' })
  @ApiProblems(404)
  async page(
    @ZodParam('articleId', uuidParam) articleId: string,
    @ZodParam('version', versionPageParam) page: z.infer<typeof versionPageParam>,
    @Res() response: Response,
  ) {
    await this.send(response, articleId, page.version, page.path, true);
  }

  @Get('reports/:articleId/v:version/claims/:claimId')
  @Public()
  @ApiContentResponse(200, 'One checked claim: its page (HTML, with one ClaimReview), or with `.jsonld` the ClaimReview alone', {
    'text/html': 'text',
    'application/ld+json': ClaimReview,
  })
  @ApiProblems(404)
  async claimPage(
    @ZodParam('articleId', uuidParam) articleId: string,
    @ZodParam('version', versionParam) version: number,
    @ZodParam('claimId', claimPageParam) path: string,
    @Res() response: Response,
  ) {
    await this.send(response, articleId, version, path, true);
  }

  /** A reader reports an error: rate-limited per client address; lands as an editors' task and in the audit log. */
  @Post('reports/:articleId/errors')
  @Public()
  @ApiContentResponse(201, 'Received (JSON for a JSON request, a thank-you page for the form)', { 'application/json': ReaderReportReceived, 'text/html': 'text' })
  @ApiProblems(404, 422, 429)
  async reportError(
    @ZodParam('articleId', uuidParam) articleId: string,
    @RequestId() requestId: string,
    @ZodBody(ReaderReportBody, ['application/x-www-form-urlencoded']) body: z.infer<typeof ReaderReportBody>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
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
  @ApiContentResponse(200, 'The archived bytes, with the content type they were captured with', { '*/*': 'binary' })
  @ApiProblems(404)
  async archive(@ZodParam('captureId', uuidParam) captureId: string, @Res() response: Response) {
    const { bytes, contentType, sha256 } = await this.reports.publicCapture(captureId);
    response
      .set({ 'Content-Type': contentType, 'Content-Security-Policy': ARCHIVE_CSP, 'X-Content-Type-Options': 'nosniff', 'Content-Disposition': `attachment; filename="${sha256}"`, ETag: `"${sha256}"` })
      .send(bytes);
  }

  /** The article exactly as received (what the claims appeared in), once a report on it is published. */
  @Get('archive/articles/:articleId')
  @Public()
  @ApiContentResponse(200, 'The article body exactly as received', { 'text/plain': 'text' })
  @ApiProblems(404)
  async archivedArticle(@ZodParam('articleId', uuidParam) articleId: string, @Res() response: Response) {
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
