import { diffArrays } from 'diff';

/**
 * One run of the drawn word diff: `delete` is in the claim's wording but not in the source, `insert` is in
 * the source but not in the wording. `text` is the original characters of the run, spaces included.
 */
export interface DiffSegment {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Punctuation around a word (quotes of every kind, commas, full stops, Arabic comma) does not make it a different word. */
const EDGE_PUNCTUATION = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

/** What two words are compared by: NFC, lower case, without the punctuation around them. */
const comparable = (word: string) => word.trim().normalize('NFC').toLocaleLowerCase().replace(EDGE_PUNCTUATION, '');

/** Words of `text` in order, each with the spaces after it, so joining them gives the text back exactly. */
function words(text: string): string[] {
  return text.match(/\S+\s*/gu) ?? [];
}

/**
 * The word diff between the claim's quoted wording and the passage the source has, drawn on their
 * original characters (the API's own diff is over normalised words, which must never be shown as the
 * text). Equal runs take the source's characters; runs of one kind are merged.
 */
export function wordDiff(quote: string, passage: string): DiffSegment[] {
  const quoteWords = words(quote.trim());
  const passageWords = words(passage.trim());
  const segments: DiffSegment[] = [];
  const push = (op: DiffSegment['op'], text: string) => {
    if (!text) return;
    const last = segments.at(-1);
    if (last?.op === op) last.text += text;
    else segments.push({ op, text });
  };
  for (const change of diffArrays(quoteWords, passageWords, { comparator: (a, b) => comparable(a) === comparable(b) })) {
    push(change.added ? 'insert' : change.removed ? 'delete' : 'equal', change.value.join(''));
  }
  // A removed run directly before an added one needs a space between them when drawn side by side.
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    if (segment.op !== 'equal' && !/\s$/u.test(segment.text)) segment.text += ' ';
  }
  return segments;
}

/** True when the diff has anything but equal runs. */
export function differs(segments: readonly DiffSegment[]): boolean {
  return segments.some((s) => s.op !== 'equal');
}
