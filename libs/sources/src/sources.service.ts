import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, Raw, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ClaimEntity } from '@app/claims';
import { DomainError, notFound, type Actor } from '@app/core';
import { isUniqueViolation, notifyLive, onceForKey, type IdempotencyRequest } from '@app/db';
import { addAllToOutbox, addToOutbox, jobId, JobQueues, outboxJob, type OutboxJob } from '@app/queue';
import { sniffContentType } from './capture/sniff.js';
import { normalizeSourceUrl } from '@app/text';
import { BlobEntity, CaptureEntity, type CaptureOrigin } from './capture.entity.js';
import { EvidenceEntity, SignalEntity, SourceDerivationEntity, type Stance } from './evidence.entity.js';
import { SourceEntity, type SourceKind, type SourceSubtype } from './source.entity.js';
import { analyzeTrail, type TrailGraphNode } from './trail.js';

export interface CreateSourceInput {
  url: string;
  kind: SourceKind;
  subtype: SourceSubtype;
  title?: string | null;
  publisher?: string | null;
  language?: string | null;
  /** `fetch` (default): the worker captures the URL now and on every re-check; `none`: a saved copy will be uploaded. */
  capture?: 'fetch' | 'none';
  derivedFrom?: string[];
}

export interface CaptureView {
  id: string;
  sourceId: string;
  origin: CaptureOrigin;
  status: string;
  requestedUrl: string;
  finalUrl: string | null;
  redirects: string[] | null;
  httpStatus: number | null;
  contentType: string | null;
  byteSize: number | null;
  sha256: string | null;
  headers: Record<string, string> | null;
  title: string | null;
  publishedAt: string | null;
  reason: string | null;
  detail: string | null;
  drift: boolean;
  rot: boolean;
  requestedBy: string;
  requestedAt: string;
  finishedAt: string | null;
}

export interface SourceView {
  id: string;
  url: string;
  normalizedUrl: string;
  canonicalUrl: string | null;
  title: string | null;
  publisher: string | null;
  language: string | null;
  kind: SourceKind;
  subtype: SourceSubtype;
  recheck: boolean;
  derivedFrom: string[];
  createdBy: string;
  createdAt: string;
  version: number;
}

export interface EvidenceView {
  id: string;
  claimId: string;
  stance: Stance;
  excerpt: string | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  source: SourceView;
  /** The latest successful capture (what the report links to), and the latest attempt of any outcome. */
  archived: CaptureView | null;
  latest: CaptureView | null;
}

export interface TrailNodeView {
  sourceId: string;
  url: string;
  title: string | null;
  publisher: string | null;
  kind: SourceKind;
  subtype: SourceSubtype;
  evidenceStance: Stance | null;
  distanceToPrimary: number | null;
  deadEnd: boolean;
  archived: CaptureView | null;
  latest: CaptureView | null;
  drift: boolean;
  rot: boolean;
}

export interface TrailView {
  claimId: string;
  reachesPrimary: boolean;
  primaryDistance: number | null;
  cycles: string[][];
  deadEnds: string[];
  truncated: boolean;
  nodes: TrailNodeView[];
  edges: { from: string; derivedFrom: string }[];
}

export const captureView = (c: CaptureEntity): CaptureView => ({
  id: c.id,
  sourceId: c.sourceId,
  origin: c.origin,
  status: c.status,
  requestedUrl: c.requestedUrl,
  finalUrl: c.finalUrl,
  redirects: c.redirects,
  httpStatus: c.httpStatus,
  contentType: c.contentType,
  byteSize: c.byteSize,
  sha256: c.sha256,
  headers: c.headers,
  title: c.extractedTitle,
  publishedAt: c.extractedPublishedAt,
  reason: c.reason,
  detail: c.detail,
  drift: c.drift,
  rot: c.rot,
  requestedBy: c.requestedBy,
  requestedAt: c.requestedAt.toISOString(),
  finishedAt: c.finishedAt?.toISOString() ?? null,
});

const sourceView = (s: SourceEntity, derivedFrom: string[]): SourceView => ({
  id: s.id,
  url: s.url,
  normalizedUrl: s.normalizedUrl,
  canonicalUrl: s.canonicalUrl,
  title: s.title,
  publisher: s.publisher,
  language: s.language,
  kind: s.kind,
  subtype: s.subtype,
  recheck: s.recheck,
  derivedFrom,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
  version: s.version,
});

const MAX_TRAIL_NODES = 500;

/**
 * `column = ANY(ids)`: one array parameter however many ids (In() binds one parameter per id, and
 * PostgreSQL refuses more than 65,535). One per query: the parameter is named `ids`.
 */
const anyOf = (ids: string[]) => Raw((column) => `${column} = ANY(:ids)`, { ids });

/** Oldest first; rows written in one transaction share created_at, so the id keeps the order stable. */
const OLDEST_FIRST = { createdAt: 'ASC', id: 'ASC' } as const;

/** Every capture column but the extracted text, for listings (the text can be megabytes). */
const CAPTURE_SUMMARY = {
  id: true,
  sourceId: true,
  origin: true,
  status: true,
  requestedUrl: true,
  finalUrl: true,
  redirects: true,
  httpStatus: true,
  contentType: true,
  byteSize: true,
  sha256: true,
  headers: true,
  extractedTitle: true,
  extractedPublishedAt: true,
  reason: true,
  detail: true,
  drift: true,
  rot: true,
  requestedBy: true,
  requestedAt: true,
  finishedAt: true,
} as const;

/** Steps in which a checker may attach evidence to a claim. */
const EVIDENCE_STEPS = ['research', 'assessment'];

/**
 * Sources, their captures and the evidence linking them to claims. Nothing slow happens here: fetching,
 * extraction and signals are queued (through the outbox) for the worker.
 */
@Injectable()
export class SourcesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a source, or returns the existing one with the same normalised URL (`created: false`). */
  async create(
    actor: Actor,
    input: CreateSourceInput,
    options: { idempotency?: IdempotencyRequest; correlationId?: string } = {},
  ): Promise<{ source: SourceView; created: boolean }> {
    const normalized = normalizeSourceUrl(input.url);
    if (!normalized.ok) {
      throw new DomainError('invalid', 'invalid-source-url', `The source URL is not usable: ${normalized.reason}.`, [{ field: 'url', message: normalized.reason }]);
    }
    const jobs: OutboxJob[] = [];
    const outcome = await this.dataSource.transaction((manager) =>
      onceForKey(manager, options.idempotency, async () => {
        const existing = await manager.getRepository(SourceEntity).findOneBy({ normalizedUrl: normalized.url });
        if (existing) return { source: await this.viewOf(manager, existing), created: false };
        const repo = manager.getRepository(SourceEntity);
        let source: SourceEntity;
        try {
          source = await repo.save(
            repo.create({
              url: input.url,
              normalizedUrl: normalized.url,
              title: input.title ?? null,
              publisher: input.publisher ?? null,
              language: input.language ?? null,
              kind: input.kind,
              subtype: input.subtype,
              recheck: (input.capture ?? 'fetch') === 'fetch',
              createdBy: actor.id,
            }),
          );
        } catch (error) {
          // Two checkers adding the same URL at once: the loser gets the winner's source.
          if (isUniqueViolation(error)) throw new DomainError('conflict', 'source-exists', 'This URL was added at the same moment; retry to get it.');
          throw error;
        }
        for (const parent of input.derivedFrom ?? []) await this.insertDerivation(manager, actor, source.id, parent);
        const view = await this.viewOf(manager, source);
        await this.audit.append(manager, { actor, action: 'source.created', target: { type: 'source', id: source.id }, after: view, correlationId: options.correlationId });
        if (source.recheck) jobs.push(await this.queueCapture(manager, actor, source, 'fetch'));
        return { source: view, created: true };
      }),
    );
    await this.queues.dispatch(jobs);
    return outcome.result;
  }

  /** Asks the worker to capture the URL again now. */
  async requestCapture(actor: Actor, sourceId: string, correlationId?: string): Promise<CaptureView> {
    const { view, job } = await this.dataSource.transaction(async (manager) => {
      const source = await this.findSource(manager, sourceId);
      const job = await this.queueCapture(manager, actor, source, 'fetch', correlationId);
      const capture = await manager.getRepository(CaptureEntity).findOneByOrFail({ id: job.payload.captureId });
      return { view: captureView(capture), job };
    });
    await this.queues.dispatch([job]);
    return view;
  }

  /**
   * Stores an uploaded saved copy (type decided by its bytes, not its name) content-addressed, and
   * queues text extraction. For pages that cannot be fetched: paywalls, offline documents.
   */
  async upload(actor: Actor, sourceId: string, bytes: Buffer, correlationId?: string): Promise<CaptureView> {
    if (bytes.length === 0) throw new DomainError('invalid', 'empty-upload', 'The upload is empty.', [{ field: '(body)', message: 'empty' }]);
    if (bytes.length > this.config.UPLOAD_MAX_BYTES) {
      throw new DomainError('too-large', 'upload-too-large', `Uploads are limited to ${this.config.UPLOAD_MAX_BYTES} bytes.`, [{ field: '(body)', message: 'too large' }]);
    }
    const contentType = await sniffContentType(bytes);
    if (!contentType || !['text/html', 'text/plain', 'application/pdf'].includes(contentType)) {
      throw new DomainError('unsupported-media-type', 'upload-type-not-allowed', 'A saved copy must be HTML, PDF or plain UTF-8 text (judged by its content).', [
        { field: '(body)', message: contentType ? `${contentType} is not accepted` : 'not HTML, PDF or UTF-8 text' },
      ]);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const { view, job } = await this.dataSource.transaction(async (manager) => {
      const source = await this.findSource(manager, sourceId);
      await this.storeBlob(manager, sha256, bytes);
      const job = await this.queueCapture(manager, actor, source, 'upload', correlationId, { sha256, byteSize: bytes.length, contentType });
      const capture = await manager.getRepository(CaptureEntity).findOneByOrFail({ id: job.payload.captureId });
      return { view: captureView(capture), job };
    });
    await this.queues.dispatch([job]);
    return view;
  }

  /** Records that `sourceId` cites `derivedFromId`. Cycles are allowed on purpose: the trail flags them. */
  async addDerivation(actor: Actor, sourceId: string, derivedFromId: string, correlationId?: string): Promise<SourceView> {
    return this.dataSource.transaction(async (manager) => {
      await this.findSource(manager, sourceId);
      await this.insertDerivation(manager, actor, sourceId, derivedFromId, correlationId);
      return this.viewOf(manager, await this.findSource(manager, sourceId));
    });
  }

  async attachEvidence(
    actor: Actor,
    claimId: string,
    input: { sourceId: string; stance: Stance; excerpt?: string | null; note?: string | null },
    correlationId?: string,
  ): Promise<EvidenceView> {
    const { view, jobs } = await this.dataSource.transaction(async (manager) => {
      const claim = await manager.getRepository(ClaimEntity).findOneBy({ id: claimId });
      if (!claim) throw notFound('claim', claimId);
      if (!EVIDENCE_STEPS.includes(claim.state)) {
        throw new DomainError('conflict', 'claim-not-in-research', `Evidence is attached in research or assessment; this claim is in ${claim.state}.`);
      }
      await this.findSource(manager, input.sourceId, 'sourceId');
      // Shares the source row's lock with other attaches; a capture finishing takes it exclusively before it
      // reads the evidence citing the source. Without it, an attach reading "no finished capture yet" and a
      // capture reading "no evidence yet" could both commit, and the claim's signals would never be computed.
      await manager.query('SELECT id FROM sources WHERE id = $1 FOR SHARE', [input.sourceId]);
      const repo = manager.getRepository(EvidenceEntity);
      let evidence: EvidenceEntity;
      try {
        evidence = await repo.save(
          repo.create({ claimId, sourceId: input.sourceId, stance: input.stance, excerpt: input.excerpt ?? null, note: input.note ?? null, createdBy: actor.id }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainError('conflict', 'evidence-exists', 'This source is already evidence for this claim.', [{ field: 'sourceId', message: 'already attached' }]);
        }
        throw error;
      }
      const view = (await this.evidenceViews(manager, [evidence]))[0]!;
      await this.audit.append(manager, {
        actor,
        action: 'evidence.attached',
        target: { type: 'claim', id: claimId },
        after: { evidenceId: evidence.id, sourceId: input.sourceId, stance: input.stance, excerpt: evidence.excerpt, note: evidence.note },
        correlationId,
      });
      await notifyLive(manager, [{ type: 'evidence', claimId, sourceId: input.sourceId }]);
      const captures = await manager.getRepository(CaptureEntity).find({ where: { sourceId: input.sourceId, status: 'ok' } });
      const jobs: OutboxJob[] = await this.queueSignals(manager, captures.map((capture) => ({ claimId, captureId: capture.id })));
      return { view, jobs };
    });
    await this.queues.dispatch(jobs);
    return view;
  }

  async evidenceFor(claimId: string, manager: EntityManager = this.dataSource.manager): Promise<EvidenceView[]> {
    return (await this.evidenceForClaims([claimId], manager)).get(claimId)!;
  }

  /** The evidence of each claim (oldest first; an empty list for a claim without any), read in a few queries for all of them. */
  async evidenceForClaims(claimIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, EvidenceView[]>> {
    const views = await this.evidenceViews(manager, await this.evidenceRows(manager, claimIds));
    const byClaim = new Map<string, EvidenceView[]>(claimIds.map((id) => [id, []]));
    for (const view of views) byClaim.get(view.claimId)!.push(view);
    return byClaim;
  }

  /** Whether research may finish: at least one evidence source with a successful capture. */
  async hasCapturedEvidence(manager: EntityManager, claimId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM evidence e JOIN captures c ON c.source_id = e.source_id AND c.status = 'ok' WHERE e.claim_id = $1 LIMIT 1`,
      [claimId],
    );
    return rows.length > 0;
  }

  async getSource(id: string): Promise<SourceView & { captures: CaptureView[] }> {
    const source = await this.findSource(this.dataSource.manager, id);
    const captures = await this.dataSource.getRepository(CaptureEntity).find({ select: CAPTURE_SUMMARY, where: { sourceId: id }, order: { requestedAt: 'DESC' } });
    return { ...(await this.viewOf(this.dataSource.manager, source)), captures: captures.map(captureView) };
  }

  async getCapture(id: string): Promise<CaptureView & { text: string | null }> {
    const capture = await this.dataSource.getRepository(CaptureEntity).findOneBy({ id });
    if (!capture) throw notFound('capture', id);
    return { ...captureView(capture), text: capture.extractedText };
  }

  /** The archived bytes of a capture, exactly as captured. */
  async captureContent(id: string): Promise<{ bytes: Buffer; contentType: string; sha256: string }> {
    const capture = await this.dataSource.getRepository(CaptureEntity).findOneBy({ id });
    if (!capture) throw notFound('capture', id);
    if (!capture.sha256) throw new DomainError('not-found', 'capture-has-no-content', 'This capture stored no bytes (it was refused, failed or is pending).');
    const blob = await this.dataSource.getRepository(BlobEntity).findOneByOrFail({ sha256: capture.sha256 });
    return { bytes: blob.bytes, contentType: capture.contentType ?? 'application/octet-stream', sha256: capture.sha256 };
  }

  async signalsFor(claimId: string): Promise<{ captureId: string; quotes: unknown; numbers: unknown; dates: unknown; createdAt: string }[]> {
    const rows = await this.dataSource.getRepository(SignalEntity).find({ where: { claimId }, order: { createdAt: 'ASC' } });
    return rows.map((row) => ({ captureId: row.captureId, quotes: row.quotes, numbers: row.numbers, dates: row.dates, createdAt: row.createdAt.toISOString() }));
  }

  /**
   * The claim's trail: its evidence sources and everything they derive from, each with its kind and
   * captures; whether a primary source is reached and how far away; cycles and dead ends flagged.
   */
  async trail(claimId: string, manager: EntityManager = this.dataSource.manager): Promise<TrailView> {
    return (await this.trails([claimId], manager)).get(claimId)!;
  }

  /**
   * The trail of each claim, as trail() gives it, read for all of them at once: one query per level of
   * derivations for every claim's walk together, then the sources and captures of all nodes.
   */
  async trails(claimIds: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, TrailView>> {
    const ids = [...new Set(claimIds)];
    if (!ids.length) return new Map();
    const existing = new Set((await manager.getRepository(ClaimEntity).find({ select: { id: true }, where: { id: anyOf(ids) } })).map((claim) => claim.id));
    const missing = ids.find((id) => !existing.has(id));
    if (missing) throw notFound('claim', missing);
    const evidenceOf = new Map<string, EvidenceEntity[]>(ids.map((id) => [id, []]));
    for (const row of await this.evidenceRows(manager, ids)) evidenceOf.get(row.claimId)!.push(row);
    const walks = [...evidenceOf].map(([claimId, evidence]) => {
      const roots = [...new Set(evidence.map((e) => e.sourceId))];
      return { claimId, evidence, roots, seen: new Set(roots), frontier: roots, edges: new Map<string, string[]>() };
    });
    // Breadth-first over derived-from edges, level by level, each walk bounded so a huge graph cannot
    // stall a request. A source's edges are read once, whichever walks reach it.
    const parentsOf = new Map<string, SourceDerivationEntity[]>();
    for (;;) {
      const active = walks.filter((walk) => walk.frontier.length && walk.seen.size < MAX_TRAIL_NODES);
      if (!active.length) break;
      const unread = [...new Set(active.flatMap((walk) => walk.frontier))].filter((id) => !parentsOf.has(id));
      for (const [id, rows] of await this.derivationsOf(manager, unread)) parentsOf.set(id, rows);
      for (const walk of active) {
        // The level's edges oldest first, as one query over the walk's frontier would list them.
        const level = walk.frontier.flatMap((id) => parentsOf.get(id)!).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        const next: string[] = [];
        for (const row of level) {
          walk.edges.set(row.sourceId, [...(walk.edges.get(row.sourceId) ?? []), row.derivedFromId]);
          if (!walk.seen.has(row.derivedFromId)) {
            walk.seen.add(row.derivedFromId);
            next.push(row.derivedFromId);
          }
        }
        walk.frontier = next;
      }
    }
    const nodeIds = [...new Set(walks.flatMap((walk) => [...walk.seen]))];
    const sources = nodeIds.length ? await manager.getRepository(SourceEntity).find({ where: { id: anyOf(nodeIds) }, order: OLDEST_FIRST }) : [];
    const { newest, archived } = await this.newestCaptures(manager, nodeIds);
    const rank = new Map(sources.map((source, i) => [source.id, i]));
    return new Map(
      walks.map((walk) => {
        // The walk's sources, oldest first (ids of deleted sources drop out, as they did from the query).
        const nodes = [...walk.seen].filter((id) => rank.has(id)).sort((a, b) => rank.get(a)! - rank.get(b)!).map((id) => sources[rank.get(id)!]!);
        const graphNodes = new Map<string, TrailGraphNode>(nodes.map((s) => [s.id, { id: s.id, kind: s.kind, captured: archived.has(s.id) }]));
        const analysis = analyzeTrail(walk.roots, graphNodes, walk.edges);
        const stances = new Map(walk.evidence.map((e) => [e.sourceId, e.stance]));
        const trail: TrailView = {
          claimId: walk.claimId,
          reachesPrimary: analysis.reachesPrimary,
          primaryDistance: analysis.primaryDistance,
          cycles: analysis.cycles,
          deadEnds: analysis.deadEnds,
          truncated: walk.seen.size >= MAX_TRAIL_NODES,
          nodes: nodes.map((source) => {
            const last = newest.get(source.id);
            const ok = archived.get(source.id);
            return {
              sourceId: source.id,
              url: source.url,
              title: source.title,
              publisher: source.publisher,
              kind: source.kind,
              subtype: source.subtype,
              evidenceStance: stances.get(source.id) ?? null,
              distanceToPrimary: analysis.distanceToPrimary.get(source.id) ?? null,
              deadEnd: !ok,
              archived: ok ?? null,
              latest: last ?? null,
              drift: last?.drift ?? false,
              rot: last?.rot ?? false,
            };
          }),
          edges: [...walk.edges].flatMap(([from, parents]) => parents.map((to) => ({ from, derivedFrom: to }))),
        };
        return [walk.claimId, trail];
      }),
    );
  }

  /** Stores bytes once per sha256. */
  async storeBlob(manager: EntityManager, sha256: string, bytes: Buffer): Promise<void> {
    await manager.query('INSERT INTO blobs (sha256, bytes, byte_size) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [sha256, bytes, bytes.length]);
  }

  /** Creates a pending capture and its job (in the outbox, same transaction). */
  async queueCapture(
    manager: EntityManager,
    actor: Actor,
    source: SourceEntity,
    origin: CaptureOrigin,
    correlationId?: string,
    uploaded?: { sha256: string; byteSize: number; contentType: string },
  ): Promise<OutboxJob<'sources.capture'>> {
    const repo = manager.getRepository(CaptureEntity);
    const capture = await repo.save(
      repo.create({
        sourceId: source.id,
        origin,
        status: 'pending',
        requestedUrl: source.normalizedUrl,
        requestedBy: actor.id,
        requestedAt: new Date(),
        sha256: uploaded?.sha256 ?? null,
        byteSize: uploaded?.byteSize ?? null,
        contentType: uploaded?.contentType ?? null,
      }),
    );
    await this.audit.append(manager, {
      actor,
      action: origin === 'upload' ? 'capture.uploaded' : 'capture.requested',
      target: { type: 'source', id: source.id },
      after: captureView(capture),
      correlationId,
    });
    await notifyLive(manager, [{ type: 'capture', sourceId: source.id, captureId: capture.id, status: capture.status }]);
    return addToOutbox(manager, 'sources.capture', { captureId: capture.id }, jobId('capture', capture.id));
  }

  /** Owes a signals job for each (claim, capture) pair, in one statement. */
  async queueSignals(manager: EntityManager, pairs: { claimId: string; captureId: string }[]): Promise<OutboxJob<'sources.signals'>[]> {
    return addAllToOutbox(
      manager,
      pairs.map(({ claimId, captureId }) => outboxJob('sources.signals', { claimId, captureId }, jobId('signals', claimId, captureId))),
    );
  }

  private async insertDerivation(manager: EntityManager, actor: Actor, sourceId: string, derivedFromId: string, correlationId?: string) {
    if (sourceId === derivedFromId) {
      throw new DomainError('unprocessable', 'self-derivation', 'A source cannot be derived from itself.', [{ field: 'derivedFrom', message: 'same as the source' }]);
    }
    await this.findSource(manager, derivedFromId, 'derivedFrom');
    const inserted: unknown[] = await manager.query(
      `INSERT INTO source_derivations (source_id, derived_from_id, created_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING source_id`,
      [sourceId, derivedFromId, actor.id],
    );
    if (inserted.length) {
      await this.audit.append(manager, { actor, action: 'source.derived-from', target: { type: 'source', id: sourceId }, after: { derivedFromId }, correlationId });
    }
  }

  private async findSource(manager: EntityManager, id: string, field?: string): Promise<SourceEntity> {
    const source = await manager.getRepository(SourceEntity).findOneBy({ id });
    if (!source) {
      if (field) throw new DomainError('unprocessable', 'source-not-found', `No source with id ${id}.`, [{ field, message: 'no such source' }]);
      throw notFound('source', id);
    }
    return source;
  }

  private async viewOf(manager: EntityManager, source: SourceEntity): Promise<SourceView> {
    return (await this.sourceViews(manager, [source]))[0]!;
  }

  private async sourceViews(manager: EntityManager, sources: SourceEntity[]): Promise<SourceView[]> {
    const parents = await this.derivationsOf(manager, sources.map((s) => s.id));
    return sources.map((source) => sourceView(source, parents.get(source.id)!.map((edge) => edge.derivedFromId)));
  }

  /** Each source's derived-from edges, oldest first (then by parent, like OLDEST_FIRST), an empty list for a source citing nothing. */
  private async derivationsOf(manager: EntityManager, sourceIds: string[]): Promise<Map<string, SourceDerivationEntity[]>> {
    const rows = sourceIds.length ? await manager.getRepository(SourceDerivationEntity).find({ where: { sourceId: anyOf(sourceIds) }, order: { createdAt: 'ASC', derivedFromId: 'ASC' } }) : [];
    const bySource = new Map<string, SourceDerivationEntity[]>(sourceIds.map((id) => [id, []]));
    for (const row of rows) bySource.get(row.sourceId)!.push(row);
    return bySource;
  }

  private async evidenceRows(manager: EntityManager, claimIds: string[]): Promise<EvidenceEntity[]> {
    return claimIds.length ? manager.getRepository(EvidenceEntity).find({ where: { claimId: anyOf(claimIds) }, order: OLDEST_FIRST }) : [];
  }

  /**
   * Each source's newest capture of any outcome, and its newest successful one (what reports link to).
   * DISTINCT ON (source, ok) reads at most two rows per source, however many re-checks it has had. One
   * view per capture, shared by every evidence item and trail node that shows it.
   */
  private async newestCaptures(manager: EntityManager, sourceIds: string[]): Promise<{ newest: Map<string, CaptureView>; archived: Map<string, CaptureView> }> {
    const rows = sourceIds.length
      ? await manager
          .getRepository(CaptureEntity)
          .createQueryBuilder('c')
          .select(Object.keys(CAPTURE_SUMMARY).map((key) => `c.${key}`))
          .distinctOn(['c.source_id', "c.status = 'ok'"])
          .where('c.source_id = ANY(:ids)', { ids: sourceIds })
          .orderBy('c.source_id')
          .addOrderBy("c.status = 'ok'")
          .addOrderBy('c.requested_at', 'DESC')
          .getMany()
      : [];
    const newest = new Map<string, CaptureView>();
    const archived = new Map<string, CaptureView>();
    for (const view of rows.map(captureView)) {
      if (view.status === 'ok') archived.set(view.sourceId, view);
      const other = newest.get(view.sourceId);
      // ISO timestamps (toISOString) order as strings.
      if (!other || view.requestedAt > other.requestedAt) newest.set(view.sourceId, view);
    }
    return { newest, archived };
  }

  /** Views of many evidence rows: their sources, derivations and captures read once for all of them. */
  private async evidenceViews(manager: EntityManager, rows: EvidenceEntity[]): Promise<EvidenceView[]> {
    const sourceIds = [...new Set(rows.map((e) => e.sourceId))];
    const entities = sourceIds.length ? await manager.getRepository(SourceEntity).findBy({ id: anyOf(sourceIds) }) : [];
    const sources = new Map((await this.sourceViews(manager, entities)).map((view) => [view.id, view]));
    const { newest, archived } = await this.newestCaptures(manager, sourceIds);
    return rows.map((evidence) => {
      const ok = archived.get(evidence.sourceId);
      const last = newest.get(evidence.sourceId);
      return {
        id: evidence.id,
        claimId: evidence.claimId,
        stance: evidence.stance,
        excerpt: evidence.excerpt,
        note: evidence.note,
        createdBy: evidence.createdBy,
        createdAt: evidence.createdAt.toISOString(),
        source: sources.get(evidence.sourceId)!,
        archived: ok ?? null,
        latest: last ?? null,
      };
    });
  }
}
