import type { ReportClaim } from './report-model.js';
import type { ReportKind } from './report.entity.js';

/** What a new version changes against the latest published one, claim by claim. */
export interface ReportChanges {
  /** Claims checked now and not before: an update. */
  added: string[];
  /** Checked claims whose rating, rationale or evidence changed: a correction. */
  changed: string[];
  /** Claims checked before and no longer (reopened, returned): a correction. */
  withdrawn: string[];
}

type Comparable = Pick<ReportClaim, 'id' | 'verdict' | 'evidence'>;

/** The evidence of a claim as readers saw it: which source, for or against, which excerpt and note. */
const evidenceKey = (claim: Comparable) =>
  claim.evidence
    .map((e) => JSON.stringify([e.sourceId, e.stance, e.excerpt ?? null, e.note ?? null]))
    .sort()
    .join('\n');

/**
 * Compares the checked claims of two versions. Only what a reader was told counts: the rating, the
 * rationale and the evidence; a retitled source or newly pending claim is neither.
 */
export function reportChanges(previous: Comparable[], next: Comparable[]): ReportChanges {
  const before = new Map(previous.filter((claim) => claim.verdict).map((claim) => [claim.id, claim]));
  const after = new Map(next.filter((claim) => claim.verdict).map((claim) => [claim.id, claim]));
  const changes: ReportChanges = { added: [], changed: [], withdrawn: [] };
  for (const [id, claim] of after) {
    const old = before.get(id);
    if (!old) changes.added.push(id);
    else if (old.verdict!.rating !== claim.verdict!.rating || old.verdict!.rationale !== claim.verdict!.rationale || evidenceKey(old) !== evidenceKey(claim)) {
      changes.changed.push(id);
    }
  }
  for (const id of before.keys()) if (!after.has(id)) changes.withdrawn.push(id);
  return changes;
}

/** A correction when anything published changed; otherwise an update (new ratings only, or nothing new). */
export const kindOfChanges = (changes: ReportChanges): Exclude<ReportKind, 'first'> => (changes.changed.length || changes.withdrawn.length ? 'correction' : 'update');
