/**
 * Locality-sensitive keys for finding near-duplicate statements (MinHash over the set of words, in bands).
 *
 * Two statements whose word sets have Jaccard similarity J share at least one key with probability
 * 1 − (1 − J^ROWS)^BANDS: 0.999 at J = 0.8 (one word of ten changed), 0.95 at J = 0.7, 0.67 at
 * J = 0.6, and 0.0015 at J = 0.2 (a few common words in common), so a lookup reads few postings however
 * many claims there are. Each band is one GIN entry per claim: more bands find looser matches and cost
 * index space (about 24 entries per claim here). Word order does not matter, and
 * the input is already folded by {@link normalizeForMatch} (alef forms, diacritics, tatweel, case), so
 * the same claim written differently has the same words. The keys are only a candidate stage: the
 * lookup ranks the few claims that share a key by exact trigram similarity.
 *
 * The keys are stored with each claim: changing BANDS, ROWS or the hashing changes every key, and then
 * needs a migration that recomputes them.
 */

/** Bands of minhashes; a key is one band. */
export const SIMILARITY_KEY_BANDS = 24;
/** Minhashes per band: more makes a key rarer among unrelated statements, and near matches need more bands. */
export const SIMILARITY_KEY_ROWS = 6;

const HASHES = SIMILARITY_KEY_BANDS * SIMILARITY_KEY_ROWS;
/** A fixed, arbitrary seed per hash function (the keys must be the same in every process, forever). */
const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => fmix32(Math.imul(i + 1, 0x9e3779b9)));
const WORD = /[\p{L}\p{N}]+/gu;

/** MurmurHash3's 32-bit finaliser: a cheap, well-mixing bijection of 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of a word. */
function fnv1a(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The similarity keys of a statement already normalised for matching: distinct signed 32-bit integers
 * (PostgreSQL `integer`), at most {@link SIMILARITY_KEY_BANDS}; none for a statement without words.
 */
export function similarityKeys(normalized: string): number[] {
  const words = new Set(normalized.match(WORD));
  if (words.size === 0) return [];
  const mins = new Uint32Array(HASHES).fill(0xffffffff);
  for (const word of words) {
    const h = fnv1a(word);
    for (let i = 0; i < HASHES; i++) {
      const v = fmix32(h ^ SEEDS[i]!);
      if (v < mins[i]!) mins[i] = v;
    }
  }
  const keys = new Set<number>();
  for (let band = 0; band < SIMILARITY_KEY_BANDS; band++) {
    let key = fmix32(band + 1);
    for (let row = 0; row < SIMILARITY_KEY_ROWS; row++) key = fmix32(Math.imul(key, 31) ^ mins[band * SIMILARITY_KEY_ROWS + row]!);
    keys.add(key | 0);
  }
  return [...keys];
}
