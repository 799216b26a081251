import { Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '@app/core';
import { CATALOGUES, directionOfReportLanguage, FAVICON_ICO, isReportLanguage, REPORT_CSS, REPORT_LANGUAGES, renderHome, renderIndex, renderThanks, ReportsService, type ReportLanguage } from '@app/reports';
import { Public, RequestId } from '../http/auth.js';
import { IMMUTABLE, LATEST, NOT_STORED, NUMBERED_PAGE } from '../http/caching.js';
import { uuidParam } from '../http/common-schemas.js';
import { ApiContentResponse, ApiProblems, ZodBody, ZodParam, ZodQuery } from '../http/openapi.js';
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
const PageQuery = z.object({ lang: z.enum(REPORT_LANGUAGES).optional(), cursor: z.string().max(500).optional() });
const INDEX_PAGE = 50;

/** The page language for a reader: `?lang=`, else their browser's preference among the catalogue's, else English. */
const pageLanguage = (request: Request, asked?: ReportLanguage): ReportLanguage => {
  if (asked) return asked;
  const preferred = request.acceptsLanguages(...REPORT_LANGUAGES);
  return typeof preferred === 'string' && isReportLanguage(preferred) ? preferred : 'en';
};

/** Public reading surface: published reports (no token), archived copies they link to, error reports. */
@ApiTags('public reports')
@Controller()
export class PublicReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  /** `/`: leads a reader to the published reports and newsroom staff to the app's sign-in. */
  @Get()
  @Public()
  @ApiExcludeEndpoint()
  home(@Req() request: Request, @ZodQuery(PageQuery) query: z.infer<typeof PageQuery>, @Res() response: Response) {
    const language = pageLanguage(request, query.lang);
    const other = REPORT_LANGUAGES.find((lang) => lang !== language)!;
    this.html(response, 'public, max-age=300')
      .set('Vary', 'Accept-Language')
      .send(
        renderHome(this.reports.pageContext(language), {
          newsroom: { name: this.reports.newsroomName() },
          other: { lang: other, dir: directionOfReportLanguage(other), name: CATALOGUES[other].readers },
        }),
      );
  }

  /** The newsroom's index of published reports (the latest version of each), newest first. */
  @Get('reports')
  @Public()
  @ApiContentResponse(200, 'The index of published reports (HTML)', { 'text/html': 'text' })
  async index(@Req() request: Request, @ZodQuery(PageQuery) query: z.infer<typeof PageQuery>, @Res() response: Response) {
    const language = pageLanguage(request, query.lang);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.reports.publishedIndex(INDEX_PAGE + 1, cursor ? { publishedAt: cursor.createdAt, articleId: cursor.id } : undefined);
    const page = rows.slice(0, INDEX_PAGE);
    const last = page.at(-1);
    const next = rows.length > INDEX_PAGE && last ? `/reports?${new URLSearchParams({ ...(query.lang ? { lang: query.lang } : {}), cursor: encodeCursor({ createdAt: last.publishedAtDate, id: last.articleId }) })}` : null;
    this.html(response, LATEST)
      .set('Vary', 'Accept-Language')
      .send(renderIndex(this.reports.pageContext(language), { newsroom: { name: this.reports.newsroomName() }, items: page, next }));
  }

  @Get('favicon.ico')
  @Public()
  @ApiExcludeEndpoint()
  favicon(@Res() response: Response) {
    response.set({ 'Content-Type': 'image/x-icon', 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' }).send(FAVICON_ICO);
  }

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
  async latest(@ZodParam('articleId', uuidParam) articleId: string, @Req() request: Request, @Res() response: Response) {
    await this.send(request, response, articleId, null, 'index.html', false);
  }

  @Get('reports/:articleId/v:version')
  @Public()
  @ApiContentResponse(200, 'Version n as HTML (`v1`), JSON (`v1.json`) or Markdown (`v1.md`)', { 'text/html': 'text', 'application/json': PublishedReport, 'text/markdown': 'text' })
  @ApiProblems(404)
  async page(
    @ZodParam('articleId', uuidParam) articleId: string,
    @ZodParam('version', versionPageParam) page: z.infer<typeof versionPageParam>,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.send(request, response, articleId, page.version, page.path, true);
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
    @Req() request: Request,
    @Res() response: Response,
  ) {
    await this.send(request, response, articleId, version, path, true);
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
    const language = await this.reports.languageOf(articleId, body.version ?? null);
    const back = body.version ? `/reports/${articleId}/v${body.version}` : `/reports/${articleId}`;
    this.html(response, NOT_STORED).status(201).send(renderThanks(this.reports.pageContext(language), { back }));
  }

  /** Archived bytes of a capture that a published report cites: an inert download. */
  @Get('archive/:captureId')
  @Public()
  @ApiContentResponse(200, 'The archived bytes, with the content type they were captured with', { '*/*': 'binary' })
  @ApiProblems(404)
  async archive(@ZodParam('captureId', uuidParam) captureId: string, @Res() response: Response) {
    const { bytes, contentType, sha256 } = await this.reports.publicCapture(captureId);
    response
      .set({ 'Content-Type': contentType, 'Content-Security-Policy': ARCHIVE_CSP, 'X-Content-Type-Options': 'nosniff', 'Content-Disposition': `attachment; filename="${sha256}"`, ETag: `"${sha256}"`, 'Cache-Control': IMMUTABLE })
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
      .set({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Language': language, 'Content-Security-Policy': ARCHIVE_CSP, 'X-Content-Type-Options': 'nosniff', ETag: `"${sha256}"`, 'Cache-Control': IMMUTABLE })
      .send(body);
  }

  private html(response: Response, cacheControl: string) {
    return response
      .type('html')
      .set({ 'Content-Security-Policy': REPORT_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': cacheControl });
  }

  /**
   * A stored file, with the later-version notice on older HTML pages; a matching If-None-Match gets 304
   * without the file being read. Numbered JSON, Markdown and ClaimReview files are immutable:
   * their bytes and headers never change, so their `latest-version` link is the address that always
   * names the latest, not a version number that a later one would make stale.
   */
  private async send(request: Request, response: Response, articleId: string, version: number | null, path: string, numbered: boolean) {
    const { artifact, body, etag, latest } = await this.reports.served(articleId, version, path);
    const page = artifact.contentType.startsWith('text/html');
    const immutable = numbered && !page;
    response.set({
      'Content-Type': artifact.contentType,
      'Content-Security-Policy': REPORT_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ETag: etag,
      // RFC 5829: where the newest version of this resource is.
      Link: immutable ? `</reports/${articleId}>; rel="latest-version"` : `</reports/${articleId}/v${latest}>; rel="latest-version"`,
      'Cache-Control': !numbered ? LATEST : immutable ? IMMUTABLE : NUMBERED_PAGE,
      ...(numbered ? {} : { 'Content-Location': `/reports/${articleId}/v${artifact.version}` }),
    });
    // Express's own If-None-Match comparison against the ETag just set; a match never reads the body.
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    response.send(await body());
  }
}
