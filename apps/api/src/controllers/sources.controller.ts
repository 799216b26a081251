import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { DomainError, type Actor } from '@app/core';
import { SOURCE_KINDS, SOURCE_SUBTYPES, SourcesService, STANCES } from '@app/sources';
import { CurrentActor, IdempotencyKey, RequestId, Roles } from '../http/auth.js';
import { uuidParam } from '../http/common-schemas.js';
import { ApiJsonBody } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';
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
  @ApiJsonBody(CreateSourceBody)
  async create(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @Body(new ZodValidationPipe(CreateSourceBody)) body: z.infer<typeof CreateSourceBody>,
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
  async get(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.sources.getSource(id);
  }

  /** Captures the URL again now (the worker does it; the answer is the pending capture). */
  @Post('sources/:id/captures')
  @Roles('checker', 'editor')
  @HttpCode(202)
  async recapture(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.sources.requestCapture(actor, id, requestId);
  }

  /** Uploads a saved copy (HTML, PDF or plain text, judged by content) of a page that cannot be fetched. */
  @Post('sources/:id/uploads')
  @Roles('checker', 'editor')
  @ApiConsumes('text/html', 'application/pdf', 'text/plain')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @HttpCode(202)
  async upload(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string, @Req() request: Request) {
    if (!Buffer.isBuffer(request.body)) {
      throw new DomainError('invalid', 'upload-missing', 'Send the file as the request body.', [{ field: '(body)', message: 'missing' }]);
    }
    return this.sources.upload(actor, id, request.body, requestId);
  }

  @Post('sources/:id/derived-from')
  @Roles('checker', 'editor')
  @ApiJsonBody(DerivedFromBody)
  @HttpCode(200)
  async derivedFrom(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string,
    @Body(new ZodValidationPipe(DerivedFromBody)) body: z.infer<typeof DerivedFromBody>,
  ) {
    return this.sources.addDerivation(actor, id, body.sourceId, requestId);
  }

  @Get('captures/:id')
  @Roles(...READERS)
  async capture(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.sources.getCapture(id);
  }

  /** The archived bytes exactly as captured, as an inert download (sandboxed, never rendered in our origin). */
  @Get('captures/:id/content')
  @Roles(...READERS)
  async content(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string, @Res() response: Response) {
    const { bytes, contentType, sha256 } = await this.sources.captureContent(id);
    response
      .set({ ...ARCHIVE_HEADERS, 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${sha256}"`, ETag: `"${sha256}"` })
      .send(bytes);
  }

  @Post('claims/:id/evidence')
  @Roles('checker', 'editor')
  @ApiJsonBody(AttachEvidenceBody)
  @HttpCode(201)
  async attach(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string,
    @Body(new ZodValidationPipe(AttachEvidenceBody)) body: z.infer<typeof AttachEvidenceBody>,
  ) {
    return this.sources.attachEvidence(actor, id, body, requestId);
  }

  @Get('claims/:id/evidence')
  @Roles(...READERS)
  async evidence(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return { items: await this.sources.evidenceFor(id) };
  }

  @Get('claims/:id/trail')
  @Roles(...READERS)
  async trail(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.sources.trail(id);
  }

  @Get('claims/:id/signals')
  @Roles(...READERS)
  async signals(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return { items: await this.sources.signalsFor(id) };
  }
}
