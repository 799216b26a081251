import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { articleView, type ArticleEntity } from '@app/articles';
import { AuditService } from '@app/audit';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '@app/config';
import { ClaimEntity } from '@app/claims';
import { SourcesService } from '@app/sources';
import { resolveRating, VerdictsService, type RatingScale } from '@app/verdicts';
import { directionOfReportLanguage, isReportLanguage, reportLanguageFor } from './render/messages.js';
import { archiveUrl, claimPageUrl, reportUrls, type ReportClaim, type ReportHistoryEntry, type ReportModel, type ReportSource } from './report-model.js';
import type { ReportEntity, ReportKind } from './report.entity.js';

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
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * The report `report` (a stored version, or one about to be reserved) would show if published at
   * `publishedAt`, from what `manager` sees.
   */
  async assemble(
    manager: EntityManager,
    report: Pick<ReportEntity, 'version' | 'kind' | 'language' | 'correctionNote'>,
    article: ArticleEntity,
    publishedAt: Date,
  ): Promise<ReportModel> {
    const baseUrl = publicBaseUrl(this.config);
    const language = isReportLanguage(report.language) ? report.language : reportLanguageFor(article.language);
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
        pagePath: claimPageUrl('', article.id, report.version, claim.id),
        jsonLdUrl: `${claimPageUrl(baseUrl, article.id, report.version, claim.id)}.jsonld`,
      };
      if (!verdict) {
        reportClaims.push({ ...base, status: 'pending', verdict: null, evidence: [], trail: null });
        continue;
      }
      const rating = resolveRating(await scaleFor(verdict.scale_version), verdict.rating, language);
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
            ? {
                captureId: item.archived.id,
                capturedAt: item.archived.finishedAt ?? item.archived.requestedAt,
                sha256: item.archived.sha256,
                url: archiveUrl(baseUrl, item.archived.id),
                path: archiveUrl('', item.archived.id),
              }
            : null,
        })),
        trail: {
          reachesPrimary: trail.reachesPrimary,
          primaryDistance: trail.primaryDistance,
          cycles: trail.cycles.length,
          deadEnds: trail.deadEnds.length,
          roots: [...new Set(evidence.map((item) => item.source.id))],
          nodes: trail.nodes.map((node) => ({
            sourceId: node.sourceId,
            url: node.url,
            title: node.title,
            kind: node.kind,
            distanceToPrimary: node.distanceToPrimary,
            deadEnd: node.deadEnd,
          })),
          edges: trail.edges,
        },
      });
    }
    const checked = reportClaims.filter((claim) => claim.verdict);
    const summary = new Map<string, ReportModel['summary'][number]>();
    for (const claim of checked) {
      const entry = summary.get(claim.verdict!.rating) ?? { rating: claim.verdict!.rating, label: claim.verdict!.label, labelEn: claim.verdict!.labelEn, count: 0 };
      entry.count++;
      summary.set(claim.verdict!.rating, entry);
    }
    const earlier: { version: number; kind: ReportKind; correction_note: string | null; published_at: Date | null }[] = await manager.query(
      `SELECT version, kind, correction_note, published_at FROM reports WHERE article_id = $1 AND version < $2 AND status = 'published' ORDER BY version`,
      [article.id, report.version],
    );
    const history: ReportHistoryEntry[] = [
      ...earlier.map((row) => ({ version: row.version, kind: row.kind, note: row.correction_note, publishedAt: row.published_at?.toISOString() ?? null })),
      { version: report.version, kind: report.kind, note: report.correctionNote, publishedAt: publishedAt.toISOString() },
    ];
    const scaleVersions = [...new Set(checked.map((claim) => claim.verdict!.scaleVersion))].sort((a, b) => a - b);
    const [{ seq }]: { seq: string | null }[] = await manager.query('SELECT max(seq) AS seq FROM audit_events');
    return {
      newsroom: { name: this.config.NEWSROOM_NAME, url: this.config.NEWSROOM_URL ?? baseUrl, timeZone: this.config.NEWSROOM_TIME_ZONE, paperSize: this.config.NEWSROOM_PAPER_SIZE },
      baseUrl,
      language,
      dir: directionOfReportLanguage(language),
      article: (({ id, title, outlet, url, language, dir, publishedAt, bodySha256 }) => ({ id, title, outlet, url, language, dir, publishedAt, bodySha256 }))(
        articleView(article),
      ),
      version: report.version,
      kind: report.kind,
      publishedAt: publishedAt.toISOString(),
      auditSeq: Number(seq ?? 0),
      auditCheckpoint: await this.audit.signedCheckpoint('latest', manager),
      ratingScaleVersions: scaleVersions,
      scaleGuide: scaleGuide(await scaleFor(scaleVersions.at(-1) ?? (await this.verdicts.current(manager)).version), checked, language),
      corrections: history.flatMap((entry) => (entry.kind === 'correction' && entry.note ? [{ version: entry.version, note: entry.note, publishedAt: entry.publishedAt }] : [])),
      history,
      summary: [...summary.values()],
      pendingCount: reportClaims.length - checked.length,
      claims: reportClaims,
      sources: [...sources.values()],
      urls: reportUrls(baseUrl, article.id, report.version),
      paths: reportUrls('', article.id, report.version),
    };
  }
}

/** The rating groups the report uses, each from best to worst, and the ratings without a value, in `language`. */
function scaleGuide(scale: RatingScale, checked: ReportClaim[], language: string): ReportModel['scaleGuide'] {
  const used = new Set(checked.map((claim) => scale.ratings.find((r) => r.key === claim.verdict!.rating)?.group ?? 'general'));
  used.add('general');
  const label = (key: string) => resolveRating(scale, key, language)!.label;
  return {
    groups: [...used].map((group) => ({
      group,
      labels: scale.ratings
        .filter((r) => r.group === group && r.value !== null)
        .sort((a, b) => b.value! - a.value!)
        .map((r) => label(r.key)),
    })),
    withoutValue: scale.ratings.filter((r) => r.value === null).map((r) => label(r.key)),
  };
}
