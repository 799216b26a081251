// Planted near-duplicates for the similar-claims benchmark: a base statement from the bench vocabulary and
// variants a checker would call "the same claim": Arabic written with other alef forms, teh marbuta as heh,
// diacritics or tatweel (all folded by normalisation), English with the words in another order, other case
// and punctuation; and small edits (a word changed, added or dropped, a typo).
import { ARABIC_WORDS, ENGLISH_WORDS } from './data.js';

const HARAKAT = ['\u064e', '\u064f', '\u0650', '\u0651', '\u0652', '\u064b'];
const TATWEEL = '\u0640';

export interface NearDuplicateGroup {
  arabic: boolean;
  /** What the new claim says (the query). */
  query: string;
  /** Earlier claims saying nearly the same. */
  variants: string[];
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

function shuffle<T>(rand: () => number, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Another alef form at the start of words, and teh marbuta written as heh at the end. */
const alefForms = (rand: () => number, word: string) =>
  word.replace(/^ا/, () => pick(rand, ['أ', 'إ', 'آ', 'ا'])).replace(/^ال(?=ا)/, () => pick(rand, ['الأ', 'الإ'])).replace(/ة$/, () => (rand() < 0.5 ? 'ه' : 'ة'));
const diacritics = (rand: () => number, word: string) => [...word].map((ch) => (rand() < 0.4 ? ch + pick(rand, HARAKAT) : ch)).join('');
const tatweel = (rand: () => number, word: string) => (word.length > 3 && rand() < 0.6 ? word.slice(0, 2) + TATWEEL + word.slice(2) : word);

function replaceOne(rand: () => number, words: string[], vocabulary: readonly string[]): string[] {
  const out = [...words];
  const i = Math.floor(rand() * out.length);
  let next = pick(rand, vocabulary);
  while (next === out[i]) next = pick(rand, vocabulary);
  out[i] = next;
  return out;
}

function typo(rand: () => number, words: string[]): string[] {
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{5,}$/.test(w));
  if (candidates.length === 0) return replaceOne(rand, words, ENGLISH_WORDS);
  const [word, index] = pick(rand, candidates);
  const at = 1 + Math.floor(rand() * (word.length - 2));
  const out = [...words];
  out[index] = word.slice(0, at) + (word[at] === 'e' ? 'a' : 'e') + word.slice(at + 1);
  return out;
}

/** One group: a base of 8–11 words with a number and a year, and five variants. */
export function nearDuplicateGroup(rand: () => number, arabic: boolean): NearDuplicateGroup {
  const vocabulary = arabic ? ARABIC_WORDS : ENGLISH_WORDS;
  const words = Array.from({ length: 8 + Math.floor(rand() * 4) }, () => pick(rand, vocabulary));
  words.push(String(Math.floor(rand() * 100)), String(1990 + Math.floor(rand() * 36)));
  const join = (ws: string[]) => ws.join(' ');
  if (arabic) {
    const map = (ws: string[], f: (rand: () => number, w: string) => string) => ws.map((w) => f(rand, w));
    const dropped = [...words];
    dropped.splice(Math.floor(rand() * (dropped.length - 2)), 1);
    return {
      arabic,
      query: join(map(words, alefForms)),
      variants: [
        join(map(words, alefForms)),
        join(map(words, diacritics)),
        join(map(words, tatweel)),
        join(map(map(replaceOne(rand, words, vocabulary), alefForms), diacritics)),
        join(map(dropped, tatweel)),
      ],
    };
  }
  const capitalised = (ws: string[]) => ws.map((w, i) => (i === 0 || rand() < 0.2 ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ') + '.';
  const inserted = [...words];
  inserted.splice(Math.floor(rand() * inserted.length), 0, pick(rand, vocabulary));
  const moved = typo(rand, words);
  moved.push(moved.splice(Math.floor(rand() * (moved.length - 2)), 1)[0]!);
  return {
    arabic,
    query: join(words),
    variants: [join(shuffle(rand, words)), capitalised(shuffle(rand, words)), join(replaceOne(rand, words, vocabulary)), join(inserted), join(moved)],
  };
}
