import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ArticlesService } from '@app/articles';
import { decodeCursor, encodeCursor, type Actor } from '@app/core';
import { CurrentActor, IdempotencyKey, RequestId, Roles } from '../http/auth.js';
import { isoDateTime, limitParam, uuidParam } from '../http/common-schemas.js';
import { ApiJsonBody, ApiQueryFrom } from '../http/openapi.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';

export const CreateArticleBody = z.strictObject({
  title: z.string().trim().min(1).max(1000),
  outlet: z.string().max(300).nullish(),
  url: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2048).nullish(),
  language: z.string().min(1).max(35),
  publishedAt: isoDateTime.nullish(),
  body: z.string(),
});

const ListArticlesQuery = z.strictObject({
  /** Words in the title, outlet or URL. */
  q: z.string().trim().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
  limit: limitParam,
});

export const READERS = ['reporter', 'checker', 'editor', 'auditor'] as const;

@ApiTags('articles')
@Controller('v1/articles')
export class ArticlesController {
  constructor(@Inject(ArticlesService) private readonly articles: ArticlesService) {}

  @Post()
  @Roles('reporter', 'editor')
  @ApiJsonBody(CreateArticleBody)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ description: 'The article, without its body' })
  @HttpCode(201)
  async create(
    @CurrentActor() actor: Actor,
    @RequestId() requestId: string,
    @Body(new ZodValidationPipe(CreateArticleBody)) body: z.infer<typeof CreateArticleBody>,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { article, replayed } = await this.articles.create(
      actor,
      { ...body, publishedAt: body.publishedAt ? new Date(body.publishedAt) : null },
      { correlationId: requestId, idempotency: key ? { actorId: actor.id, key, request: ['POST /v1/articles', body] } : undefined },
    );
    if (replayed) response.setHeader('Idempotent-Replayed', 'true');
    response.setHeader('Location', `/v1/articles/${article.id}`);
    return article;
  }

  @Get()
  @Roles(...READERS)
  @ApiQueryFrom(ListArticlesQuery)
  async list(@Query(new ZodValidationPipe(ListArticlesQuery)) query: z.infer<typeof ListArticlesQuery>) {
    const items = await this.articles.list({ limit: query.limit + 1, after: query.cursor ? decodeCursor(query.cursor) : undefined, q: query.q });
    const page = items.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor: items.length > query.limit && last ? encodeCursor({ createdAt: new Date(last.createdAt), id: last.id }) : null,
    };
  }

  @Get(':id')
  @Roles(...READERS)
  async get(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.articles.get(id);
  }
}
