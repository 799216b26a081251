import { Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import type { Actor } from '@app/core';
import { SOURCE_KINDS, SOURCE_SUBTYPES, SourcesService, STANCES } from '@app/sources';
import { CurrentActor, IdempotencyKey, RequestId, Roles } from '../http/auth.js';
import { uuidParam } from '../http/common-schemas.js';
import { ApiContentResponse, ApiJsonResponse, ApiProblems, RawBody, ZodBody, ZodParam } from '../http/openapi.js';
import { Capture, CaptureWithText, Evidence, EvidenceList, SignalList, Source, SourceWithCaptures, Trail } from '../http/responses/sources.js';
import { READERS } from './articles.controller.js';

const CreateSourceBody = z.strictObject({
  url: z.string().min(1).max(2048),
  kind: z.enum(SOURCE_KINDS),
  subtype: z.enum(SOURCE_SUBTYPES),
  title: z.string().trim().min(1).max(1000).nullish(),
  publisher: z.string().trim().min(1).max(300).nullish(),
  language: z.string().min(2).max(35).nullish(),
  capture: z.enum(['fetch', 'none']).default('fetch'),
  derivedFrom: z.array(uuidParam).max(50).optional(),
});

const DerivedFromBody = z.strictObject({ sourceId: uuidParam });

const AttachEvidenceBody = z.strictObject({
  sourceId: uuidParam,
  stance: z.enum(STANCES),
  excerpt: z.string().trim().min(1).max(10_000).nullish(),
  note: z.string().trim().min(1).max(10_000).nullish(),
});

/** Hostile pages must never run in our origin: archived bytes are served as inert downloads. */
const ARCHIVE_HEADERS = {
  'Content-Security-Policy': "sandbox; default-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

@ApiTags('sources and evidence')
@Controller('v1')
export class SourcesController {
  constructor(@Inject(SourcesService) private readonly sources: SourcesService) {}

  /** Creates a source (201), or returns the existing one with the same normalised URL (200). */
  @Post('sources')
  @Roles('checker', 'editor')
  @ApiJsonResponse(201, Source, 'Created; the worker captures it')
  @ApiJsonResponse(200, Source, 'A source with the same normalised URL exists already')
  @ApiProblems(404, 422)
  async create(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodBody(CreateSourceBody) body: z.infer<typeof CreateSourceBody>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { source, created } = await this.sources.create(actor, body, {
      correlationId: requestId,
      idempotency: key ? { actorId: actor.id, key, request: ['POST /v1/sources', body] } : undefined,
    });
    response.status(created ? 201 : 200).setHeader('Location', `/v1/sources/${source.id}`);
    return source;
  }

  @Get('sources/:id')
  @Roles(...READERS)
  @ApiJsonResponse(200, SourceWithCaptures)
  @ApiProblems(404)
  async get(@ZodParam('id', uuidParam) id: string) {
    return this.sources.getSource(id);
  }

  /** Captures the URL again now (the worker does it; the answer is the pending capture). */
  @Post('sources/:id/captures')
  @Roles('checker', 'editor')
  @ApiJsonResponse(202, Capture, 'The pending capture')
  @ApiProblems(404, 409)
  @HttpCode(202)
  async recapture(@CurrentActor() actor: Actor, @RequestId() requestId: string, @ZodParam('id', uuidParam) id: string) {
    return this.sources.requestCapture(actor, id, requestId);
  }

  /** Uploads a saved copy (HTML, PDF or plain text, judged by content) of a page that cannot be fetched. */
  @Post('sources/:id/uploads')
  @Roles('checker', 'editor')
  @ApiJsonResponse(202, Capture, 'The pending capture of the saved copy')
  @ApiProblems(404, 409)
  @HttpCode(202)
  async upload(@CurrentActor() actor: Actor, @RequestId() requestId: string, @ZodParam('id', uuidParam) id: string, @RawBody(['text/html', 'application/pdf', 'text/plain']) bytes: Buffer) {
    return this.sources.upload(actor, id, bytes, requestId);
  }

  @Post('sources/:id/derived-from')
  @Roles('checker', 'editor')
  @ApiJsonResponse(200, Source)
  @ApiProblems(404, 409, 422)
  @HttpCode(200)
  async derivedFrom(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(DerivedFromBody) body: z.infer<typeof DerivedFromBody>,
  ) {
    return this.sources.addDerivation(actor, id, body.sourceId, requestId);
  }

  @Get('captures/:id')
  @Roles(...READERS)
  @ApiJsonResponse(200, CaptureWithText)
  @ApiProblems(404)
  async capture(@ZodParam('id', uuidParam) id: string) {
    return this.sources.getCapture(id);
  }

  /** The archived bytes exactly as captured, as an inert download (sandboxed, never rendered in our origin). */
  @Get('captures/:id/content')
  @Roles(...READERS)
  @ApiContentResponse(200, 'The archived bytes, with the content type they were captured with', { '*/*': 'binary' })
  @ApiProblems(404)
  async content(@ZodParam('id', uuidParam) id: string, @Res() response: Response) {
    const { bytes, contentType, sha256 } = await this.sources.captureContent(id);
    response
      .set({ ...ARCHIVE_HEADERS, 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${sha256}"`, ETag: `"${sha256}"` })
      .send(bytes);
  }

  @Post('claims/:id/evidence')
  @Roles('checker', 'editor')
  @ApiJsonResponse(201, Evidence, 'Attached')
  @ApiProblems(404, 409, 422)
  @HttpCode(201)
  async attach(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @ZodParam('id', uuidParam) id: string,
    @ZodBody(AttachEvidenceBody) body: z.infer<typeof AttachEvidenceBody>,
  ) {
    return this.sources.attachEvidence(actor, id, body, requestId);
  }

  @Get('claims/:id/evidence')
  @Roles(...READERS)
  @ApiJsonResponse(200, EvidenceList)
  @ApiProblems(404)
  async evidence(@ZodParam('id', uuidParam) id: string) {
    return { items: await this.sources.evidenceFor(id) };
  }

  @Get('claims/:id/trail')
  @Roles(...READERS)
  @ApiJsonResponse(200, Trail)
  @ApiProblems(404)
  async trail(@ZodParam('id', uuidParam) id: string) {
    return this.sources.trail(id);
  }

  @Get('claims/:id/signals')
  @Roles(...READERS)
  @ApiJsonResponse(200, SignalList)
  @ApiProblems(404)
  async signals(@ZodParam('id', uuidParam) id: string) {
    return { items: await this.sources.signalsFor(id) };
  }
}
