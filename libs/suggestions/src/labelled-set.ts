// The labelled evaluation set (fixtures/suggestions/): articles with their checkable claims labelled by
// hand (kind, exact wording, resolved dates). Texts directly in the folder are the in-sample set (the
// rules were tuned on them); texts in `held-out/` were written and labelled before the rules ever ran on
// them, so only they say how the rules do on unseen text. Read by bench/suggestions.ts and checked for
// consistency by labelled-set.spec.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codePointLength } from '@app/text';
import { SUGGESTION_KINDS, type SuggestionKind } from './rules/common.js';

export interface LabelledDate {
  /** The date expression as written, found from the start of its claim's span. */
  expression: string;
  /** First and last day (YYYY-MM-DD) it means. */
  from: string;
  to: string;
}

export interface LabelledClaim {
  kind: SuggestionKind;
  exact: string;
  /** Which occurrence of `exact` in the body (0 = first). */
  occurrence?: number;
  dates?: LabelledDate[];
}

export interface LabelledArticle {
  name: string;
  article: string;
  language: string;
  publishedAt: string;
  timeZone: string;
  origin: string;
  claims: LabelledClaim[];
  body: string;
  heldOut: boolean;
}

export const HELD_OUT_DIR = 'held-out';

/** Code point range of the `occurrence`-th `needle` in `body`, searching from `from` (UTF-16). */
export function locateLabel(body: string, needle: string, occurrence = 0, from = 0): { start: number; end: number; unit: number } {
  let unit = body.indexOf(needle, from);
  for (let i = 0; i < occurrence && unit !== -1; i++) unit = body.indexOf(needle, unit + 1);
  if (unit === -1) throw new Error(`label text not in the article: ${needle}`);
  const start = codePointLength(body.slice(0, unit));
  return { start, end: start + codePointLength(needle), unit };
}

function loadFolder(dir: string, heldOut: boolean): LabelledArticle[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.labels.json'))
    .sort()
    .map((file) => {
      const labels = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<LabelledArticle, 'body' | 'name' | 'heldOut'>;
      const body = readFileSync(join(dir, labels.article), 'utf8').normalize('NFC');
      return { ...labels, name: `${heldOut ? `${HELD_OUT_DIR}/` : ''}${file.replace('.labels.json', '')}`, body, heldOut };
    });
}

/** The whole set: in-sample articles first, then the held-out ones. */
export function loadLabelledSet(dir: string): LabelledArticle[] {
  const heldOutDir = join(dir, HELD_OUT_DIR);
  return [...loadFolder(dir, false), ...(existsSync(heldOutDir) ? loadFolder(heldOutDir, true) : [])];
}

export const isLabelKind = (kind: string): kind is SuggestionKind => (SUGGESTION_KINDS as readonly string[]).includes(kind);
