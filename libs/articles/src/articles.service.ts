import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError, notFound, type Actor } from '@app/core';
import { escapeLike, onceForKey, type IdempotencyRequest } from '@app/db';
import { codePointLength, isWellFormedText, normalizeSourceUrl, toNfc } from '@app/text';
import { ArticleEntity } from './article.entity.js';

export interface CreateArticleInput {
  title: string;
  outlet?: string | null;
  url?: string | null;
  language: string;
  publishedAt?: Date | null;
  body: string;
}

export interface ArticleView {
  id: string;
  title: string;
  outlet: string | null;
  url: string | null;
  language: string;
  /** Writing direction of the language, for clients that render the body. */
  dir: 'rtl' | 'ltr';
  publishedAt: string | null;
  bodySha256: string;
  bodyCodePoints: number;
  createdBy: string;
  createdAt: string;
  version: number;
}

const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

/** Writing direction of a BCP 47 tag (script subtags win over the language). */
export function directionOf(language: string): 'rtl' | 'ltr' {
  const locale = new Intl.Locale(language);
  if (locale.script) return ['Arab', 'Hebr', 'Syrc', 'Thaa', 'Nkoo', 'Adlm', 'Rohg'].includes(locale.script) ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(locale.language) ? 'rtl' : 'ltr';
}

/** Canonical form of a BCP 47 tag, or null when it is not a valid tag. */
export function canonicalLanguageTag(tag: string): string | null {
  try {
    const canonical = Intl.getCanonicalLocales(tag)[0] ?? null;
    // A 5–8 letter primary subtag is well-formed BCP 47 but none is registered: "arabic" is a name, not a tag.
    return canonical && /^[a-z]{2,3}(-|$)/.test(canonical) ? canonical : null;
  } catch {
    return null;
  }
}

export const articleView = (article: ArticleEntity): ArticleView => ({
  id: article.id,
  title: article.title,
  outlet: article.outlet,
  url: article.url,
  language: article.language,
  dir: directionOf(article.language),
  publishedAt: article.publishedAt?.toISOString() ?? null,
  bodySha256: article.bodySha256,
  bodyCodePoints: article.bodyCodePoints,
  createdBy: article.createdBy,
  createdAt: article.createdAt.toISOString(),
  version: article.version,
});

/** Bounds of the in-process cache of article bodies (UTF-16 code units, entries). */
const BODY_CACHE_CHARS = 32 * 1024 * 1024;
const BODY_CACHE_ENTRIES = 1000;


/** What claims anchor into and resolve dates against: immutable once the article is stored. */
export interface ArticleText {
  body: string;
  language: string;
  publishedAt: Date | null;
}

@Injectable()
export class ArticlesService {
  private readonly bodyCache = new Map<string, ArticleText>();
  private bodyCacheChars = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Stores a new article. The same article again (its URL, normalised, and body hash match one stored)
   * is not stored twice: the answer is the existing one with `existing: true`. The same URL with a
   * different body is a 409 naming the stored article (a new revision, refused until revisions exist).
   */
  async create(
    actor: Actor,
    input: CreateArticleInput,
    options: { idempotency?: IdempotencyRequest; correlationId?: string } = {},
  ): Promise<{ article: ArticleView; replayed: boolean; existing: boolean }> {
    const body = toNfc(input.body);
    if (!isWellFormedText(body) || !isWellFormedText(input.title)) {
      throw new DomainError('invalid', 'malformed-text', 'Text contains unpaired surrogates or NUL characters.', [
        { field: isWellFormedText(body) ? 'title' : 'body', message: 'not well-formed Unicode text' },
      ]);
    }
    if (body.trim().length === 0) {
      throw new DomainError('invalid', 'empty-body', 'The article body is empty.', [{ field: 'body', message: 'must not be empty' }]);
    }
    const length = codePointLength(body);
    if (length > this.config.MAX_ARTICLE_CODE_POINTS) {
      throw new DomainError('too-large', 'body-too-large', `The article body has ${length} code points; the limit is ${this.config.MAX_ARTICLE_CODE_POINTS}.`, [
        { field: 'body', message: `at most ${this.config.MAX_ARTICLE_CODE_POINTS} code points` },
      ]);
    }
    const language = canonicalLanguageTag(input.language);
    if (!language) {
      throw new DomainError('invalid', 'invalid-language', `"${input.language}" is not a BCP 47 language tag.`, [
        { field: 'language', message: 'must be a BCP 47 language tag such as "ar" or "en-GB"' },
      ]);
    }
    const urlKey = input.url ? normalizeSourceUrl(input.url) : null;
    if (urlKey && !urlKey.ok) throw new DomainError('invalid', 'invalid-url', `The article URL is not usable: ${urlKey.reason}.`, [{ field: 'url', message: urlKey.reason }]);
    const { result, replayed } = await this.dataSource.transaction((manager) =>
      onceForKey(manager, options.idempotency, async () => {
        const key = urlKey?.ok ? urlKey.url : null;
        if (key) {
          // One writer per URL at a time, so two identical posts at once still make one article.
          await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 12))', [`article-url:${key}`]);
          const found = await this.sameUrl(manager, key, body);
          if (found) return found;
        }
        return { article: await this.insert(manager, actor, { ...input, body, language, length, urlKey: key }, options.correlationId), existing: false };
      }),
    );
    return { ...result, replayed };
  }

  /** The stored article with this normalised URL and body; a 409 naming it when only the URL matches. */
  private async sameUrl(manager: EntityManager, urlKey: string, body: string): Promise<{ article: ArticleView; existing: true } | null> {
    const stored = await manager.getRepository(ArticleEntity).find({ where: { urlKey }, order: { createdAt: 'ASC' }, take: 1 });
    const existing = stored[0];
    if (!existing) return null;
    const sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
    if (existing.bodySha256 === sha256) return { article: articleView(existing), existing: true };
    throw new DomainError(
      'conflict',
      'article-url-exists',
      `Article ${existing.id} has this URL with a different body (sha256 ${existing.bodySha256}); a new revision of an article cannot be stored yet.`,
      [{ field: 'url', message: `already used by article ${existing.id}` }],
      { existingArticleId: existing.id, location: `/v1/articles/${existing.id}` },
    );
  }

  private async insert(
    manager: EntityManager,
    actor: Actor,
    input: CreateArticleInput & { length: number; urlKey: string | null },
    correlationId?: string,
  ): Promise<ArticleView> {
    const repo = manager.getRepository(ArticleEntity);
    const article = await repo.save(
      repo.create({
        title: toNfc(input.title),
        outlet: input.outlet ? toNfc(input.outlet) : null,
        url: input.url ?? null,
        urlKey: input.urlKey,
        language: input.language,
        publishedAt: input.publishedAt ?? null,
        body: input.body,
        bodySha256: createHash('sha256').update(input.body, 'utf8').digest('hex'),
        bodyCodePoints: input.length,
        createdBy: actor.id,
      }),
    );
    const view = articleView(article);
    // The body itself is immutable and covered by its sha256 in the event.
    await this.audit.append(manager, { actor, action: 'article.created', target: { type: 'article', id: article.id }, after: view, correlationId });
    return view;
  }

  async get(id: string): Promise<ArticleView & { body: string }> {
    const article = await this.findEntity(id);
    return { ...articleView(article), body: article.body };
  }

  /** The stored entity, for other domains that need the body (claims anchor into it). */
  async findEntity(id: string, manager: EntityManager = this.dataSource.manager): Promise<ArticleEntity> {
    const article = await manager.getRepository(ArticleEntity).findOneBy({ id });
    if (!article) throw notFound('article', id);
    return article;
  }

  /**
   * Article bodies by id, for the anchor work of claim submission and intake. A body never changes once
   * stored (its sha256 is in the article's audit event), and neither do the article's language and
   * publication time, so what is read once is kept in a bounded in-process cache; the ones not cached are
   * read in one query. Missing ids are absent from the map.
   */
  async bodies(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    return new Map([...(await this.texts(ids, manager))].map(([id, text]) => [id, text.body]));
  }

  /** The body of one article (see {@link bodies}); 404 when there is no such article. */
  async body(id: string, manager?: EntityManager): Promise<string> {
    return (await this.text(id, manager)).body;
  }

  /** The body, language and publication time of one article (cached as {@link bodies}); 404 when there is none. */
  async text(id: string, manager?: EntityManager): Promise<ArticleText> {
    const text = (await this.texts([id], manager)).get(id);
    if (text === undefined) throw notFound('article', id);
    return text;
  }

  private async texts(ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, ArticleText>> {
    const found = new Map<string, ArticleText>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const text = this.bodyCache.get(id);
      if (text === undefined) {
        missing.push(id);
      } else {
        // Refresh its place in the LRU order.
        this.bodyCache.delete(id);
        this.bodyCache.set(id, text);
        found.set(id, text);
      }
    }
    if (missing.length) {
      const rows = await manager.getRepository(ArticleEntity).find({ select: { id: true, body: true, language: true, publishedAt: true }, where: { id: In(missing) } });
      for (const row of rows) {
        const text = { body: row.body, language: row.language, publishedAt: row.publishedAt ?? null };
        found.set(row.id, text);
        this.remember(row.id, text);
      }
    }
    return found;
  }

  private remember(id: string, text: ArticleText): void {
    this.bodyCache.set(id, text);
    this.bodyCacheChars += text.body.length;
    for (const [oldest, oldText] of this.bodyCache) {
      if (this.bodyCacheChars <= BODY_CACHE_CHARS && this.bodyCache.size <= BODY_CACHE_ENTRIES) break;
      this.bodyCache.delete(oldest);
      this.bodyCacheChars -= oldText.body.length;
    }
  }

  /** Articles oldest first; `q` keeps those whose title, outlet or URL contains it (case-insensitive). */
  async list(page: { limit: number; after?: { createdAt: Date; id: string }; q?: string }): Promise<ArticleView[]> {
    const query = this.dataSource
      .getRepository(ArticleEntity)
      .createQueryBuilder('a')
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(page.limit);
    if (page.after) query.andWhere('(a.created_at, a.id) > (:createdAt, :id)', page.after);
    if (page.q) {
      query.andWhere(`(a.title ILIKE :q ESCAPE '\\' OR a.outlet ILIKE :q ESCAPE '\\' OR a.url ILIKE :q ESCAPE '\\')`, { q: `%${escapeLike(toNfc(page.q))}%` });
    }
    return (await query.getMany()).map(articleView);
  }
}
