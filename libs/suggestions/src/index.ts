export { suggestClaims, type SuggestionDraft, type SuggestionSpan, type ResolvedDate, type SuggestOptions } from './suggest.js';
export { resolveDate, localDate, type DateExpression, type DateResolution, type ResolutionContext } from './resolve-dates.js';
export { SUGGESTION_KINDS, type SuggestionKind } from './rules/common.js';
export { lexiconFor, LEXICONS, SUGGESTION_LANGUAGES, type LanguageLexicon } from './languages.js';
export { splitSentences, type Sentence } from './sentences.js';
export { datesIn } from './dates-in.js';
