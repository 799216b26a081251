export {
  toNfc,
  isWellFormedText,
  isSurrogatePairAt,
  codePointLength,
  codePointSlice,
  codePointIndexToUtf16,
  codePointRangeToUtf16,
  utf16IndexToCodePoint,
  utf16IndicesToCodePoints,
} from './unicode.js';
export {
  resolveAnchor,
  verifyAnchor,
  DEFAULT_CONTEXT_LENGTH,
  type TextQuoteSelector,
  type TextPositionSelector,
  type Anchor,
  type AnchorRequest,
  type AnchorResult,
  type AnchorErrorCode,
} from './anchor.js';
export { normalizeForMatch, normalizeWithMap, type NormalizedText } from './arabic.js';
export { similarityKeys, SIMILARITY_KEY_BANDS, SIMILARITY_KEY_ROWS } from './similarity-keys.js';
export { extractNumbers, looksLikeQuote, guessClaimKind, type GuessedClaimKind } from './extract.js';
export {
  matchQuote,
  quoteSignal,
  extractQuotedWording,
  findNumbers,
  DEFAULT_QUOTE_THRESHOLD,
  type QuoteMatch,
  type QuoteNotComparable,
  type MatchQuoteOptions,
  type WordDiffPart,
  type NumberSignal,
} from './quote-match.js';
export { textDirection, dominantScript, scriptOfLanguage, languageOfText, type Script } from './script.js';
export { normalizeSourceUrl, MAX_SOURCE_URL_LENGTH, type NormalizedSourceUrl } from './url.js';
