import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { articleView, type ArticleEntity } from '@app/articles';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '@app/config';
import { ClaimEntity } from '@app/claims';
import { SourcesService } from '@app/sources';
import { resolveRating, VerdictsService } from '@app/verdicts';
import { archiveUrl, claimPageUrl, reportUrls, type ReportClaim, type ReportModel, type ReportSource } from './report-model.js';
import type { ReportEntity } from './report.entity.js';

interface ApprovedRow {
  claim_id: string;
  rating: string;
  rationale: string;
  scale_version: number;
  proposer: string;
  approver: string | null;
  decided_at: Date | null;
}

/**
 * Assembles a report from one consistent snapshot (the caller's REPEATABLE READ transaction): only
 * approved verdicts of claims that are done count as checked; every other claim is listed as pending.
 */
@Injectable()
export class ReportAssembler {
  constructor(
    @Inject(SourcesService) private readonly sources: SourcesService,
    @Inject(VerdictsService) private readonly verdicts: VerdictsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assemble(manager: EntityManager, report: ReportEntity, article: ArticleEntity, publishedAt: Date): Promise<ReportModel> {
    const baseUrl = publicBaseUrl(this.config);
    const claims = await manager.getRepository(ClaimEntity).find({ where: { articleId: article.id }, order: { positionStart: 'ASC', createdAt: 'ASC' } });
    const approved: ApprovedRow[] = claims.length
      ? await manager.query(
          `SELECT DISTINCT ON (p.claim_id) p.claim_id, p.rating, p.rationale, p.scale_version,
                  coalesce(proposer.name, p.proposed_by) AS proposer, coalesce(approver.name, p.decided_by) AS approver, p.decided_at
           FROM verdict_proposals p
           LEFT JOIN users proposer ON proposer.id::text = p.proposed_by
           LEFT JOIN users approver ON approver.id::text = p.decided_by
           WHERE p.claim_id = ANY($1::uuid[]) AND p.decision = 'approved'
           ORDER BY p.claim_id, p.decided_at DESC`,
          [claims.map((claim) => claim.id)],
        )
      : [];
    const verdictOf = new Map(approved.map((row) => [row.claim_id, row]));
    const scales = new Map<number, Awaited<ReturnType<VerdictsService['version']>>>();
    const scaleFor = async (version: number) => {
      if (!scales.has(version)) scales.set(version, await this.verdicts.version(version, manager));
      return scales.get(version)!.scale;
    };
    const verdictFor = (claim: ClaimEntity) => (claim.state === 'done' ? verdictOf.get(claim.id) : undefined);
    // Evidence and trails of every checked claim in a few queries, not a few per claim.
    const checkedIds = claims.filter((claim) => verdictFor(claim)).map((claim) => claim.id);
    const evidenceOf = await this.sources.evidenceForClaims(checkedIds, manager);
    const trailOf = await this.sources.trails(checkedIds, manager);
    const sources = new Map<string, ReportSource>();
    const reportClaims: ReportClaim[] = [];
    for (const claim of claims) {
      const verdict = verdictFor(claim);
      const base = {
        id: claim.id,
        start: claim.positionStart,
        end: claim.positionEnd,
        quote: { exact: claim.quoteExact, prefix: claim.quotePrefix, suffix: claim.quoteSuffix },
        statement: claim.statement,
        claimant: claim.claimant,
        kind: claim.kind,
        madeAt: article.publishedAt?.toISOString() ?? null,
        pageUrl: claimPageUrl(baseUrl, article.id, report.version, claim.id),
        jsonLdUrl: `${claimPageUrl(baseUrl, article.id, report.version, claim.id)}.jsonld`,
      };
      if (!verdict) {
        reportClaims.push({ ...base, status: 'pending', verdict: null, evidence: [], trail: null });
        continue;
      }
      const rating = resolveRating(await scaleFor(verdict.scale_version), verdict.rating, article.language);
      const evidence = evidenceOf.get(claim.id)!;
      const trail = trailOf.get(claim.id)!;
      for (const item of evidence) {
        const s = item.source;
        sources.set(s.id, { id: s.id, url: s.url, title: s.title, publisher: s.publisher, language: s.language, kind: s.kind, subtype: s.subtype });
      }
      reportClaims.push({
        ...base,
        status: 'checked',
        verdict: {
          rating: verdict.rating,
          label: rating?.label ?? verdict.rating,
          labelEn: rating?.labelEn ?? verdict.rating,
          value: rating?.value ?? null,
          best: rating?.best ?? null,
          worst: rating?.worst ?? null,
          rationale: verdict.rationale,
          scaleVersion: verdict.scale_version,
          proposedBy: verdict.proposer,
          approvedBy: verdict.approver,
          approvedAt: verdict.decided_at?.toISOString() ?? null,
        },
        evidence: evidence.map((item) => ({
          stance: item.stance,
          excerpt: item.excerpt,
          note: item.note,
          sourceId: item.source.id,
          url: item.source.url,
          title: item.source.title,
          archived: item.archived?.sha256
            ? { captureId: item.archived.id, capturedAt: item.archived.finishedAt ?? item.archived.requestedAt, sha256: item.archived.sha256, url: archiveUrl(baseUrl, item.archived.id) }
            : null,
        })),
        trail: { reachesPrimary: trail.reachesPrimary, primaryDistance: trail.primaryDistance, cycles: trail.cycles.length, deadEnds: trail.deadEnds.length },
      });
    }
    const checked = reportClaims.filter((claim) => claim.verdict);
    const summary = new Map<string, ReportModel['summary'][number]>();
    for (const claim of checked) {
      const entry = summary.get(claim.verdict!.rating) ?? { rating: claim.verdict!.rating, label: claim.verdict!.label, labelEn: claim.verdict!.labelEn, count: 0 };
      entry.count++;
      summary.set(claim.verdict!.rating, entry);
    }
    const corrections: { version: number; correction_note: string; published_at: Date | null }[] = await manager.query(
      `SELECT version, correction_note, published_at FROM reports WHERE article_id = $1 AND version < $2 AND status = 'published' AND correction_note IS NOT NULL ORDER BY version`,
      [article.id, report.version],
    );
    const [{ seq }]: { seq: string | null }[] = await manager.query('SELECT max(seq) AS seq FROM audit_events');
    return {
      newsroom: { name: this.config.NEWSROOM_NAME, url: this.config.NEWSROOM_URL ?? baseUrl },
      baseUrl,
      article: (({ id, title, outlet, url, language, dir, publishedAt, bodySha256 }) => ({ id, title, outlet, url, language, dir, publishedAt, bodySha256 }))(
        articleView(article),
      ),
      version: report.version,
      publishedAt: publishedAt.toISOString(),
      auditSeq: Number(seq ?? 0),
      ratingScaleVersions: [...new Set(checked.map((claim) => claim.verdict!.scaleVersion))].sort((a, b) => a - b),
      corrections: [
        ...corrections.map((row) => ({ version: row.version, note: row.correction_note, publishedAt: row.published_at?.toISOString() ?? null })),
        ...(report.correctionNote ? [{ version: report.version, note: report.correctionNote, publishedAt: publishedAt.toISOString() }] : []),
      ],
      summary: [...summary.values()],
      pendingCount: reportClaims.length - checked.length,
      claims: reportClaims,
      sources: [...sources.values()],
      urls: reportUrls(baseUrl, article.id, report.version),
    };
  }
}
