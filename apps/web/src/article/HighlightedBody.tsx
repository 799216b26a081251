import { forwardRef, Fragment, memo, useMemo, type MouseEvent } from 'react';
import type { Claim } from '../api/pending-contract';
import type { Suggestion } from '../api/suggestions';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { IGNORE_ATTRIBUTE, lineStarts, segmentBody, type CodePointIndex, type Segment } from './anchoring';
import { openClaimLink } from './claim-links';

/** A claim with its number in the article (by position), as drawn and listed. */
export interface NumberedClaim {
  claim: Claim;
  n: number;
  /** False when its selectors do not fit the body (not drawn, only listed). */
  drawn: boolean;
}

interface Props {
  /** The address of the article view with a claim open (`?claim=`). */
  hrefFor(claimId: string): string;
  index: CodePointIndex;
  lang: string;
  dir: string;
  claims: readonly NumberedClaim[];
  selectedId: string | undefined;
  /** Off: the body as plain text (the baseline of `bench/web.ts`). */
  highlights: boolean;
  onOpen(claimId: string): void;
  /** Open suggestions whose selectors fit the body (empty for people who may not act on them). */
  suggestions: readonly Suggestion[];
  /** The suggestion whose popover is open. */
  openSuggestionId: string | null;
  /** A suggestion's badge (or highlight) was pressed: `trigger` is its badge, where the popover opens. */
  onOpenSuggestion(suggestionId: string, trigger: HTMLElement): void;
}

const NO_IDS: readonly string[] = [];

const ignore = { [IGNORE_ATTRIBUTE]: '' };

/**
 * The body as published with every claim drawn over its code points. The text is cut into segments at
 * the highlights' boundaries and where its lines start (see `segmentBody`) and rendered as React
 * elements, so the text itself is never rewritten and hundreds of overlapping highlights stay one render.
 * Each line is a block the browser may skip laying out while it is off screen (`content-visibility`), so
 * a long article costs what its first screen costs; each line keeps its line break, so the rendered text
 * is the body exactly. Each covering claim marks its
 * segments; where a claim ends, its badge (number and state, a link that opens it) follows. Badges are
 * not article text: the anchoring module skips them when it reads a selection. Badges are plain links
 * (see `claim-links.ts`).
 *
 * Open suggestions are drawn in the same pass, over the same segments: a segment both claimed and
 * suggested carries both (claim shading and the suggestion's dashed underline), so neither hides the
 * other. Where a suggestion ends, its badge is a plain button ("suggested · date") that opens it in a
 * popover; a click on suggested text opens the innermost suggestion there (a claim under it still opens
 * from its own badge). Without suggestions nothing of this runs beyond an empty lookup.
 */
export const HighlightedBody = memo(
  forwardRef<HTMLDivElement, Props>(function HighlightedBody({ hrefFor, index, lang, dir, claims, selectedId, highlights, onOpen, suggestions, openSuggestionId, onOpenSuggestion }, ref) {
    const { t, language, dir: uiDir } = useI18n();
    const byId = useMemo(() => new Map(claims.map((c) => [c.claim.id, c])), [claims]);
    const suggestionById = useMemo(() => new Map((highlights ? suggestions : []).map((s) => [s.id, s])), [highlights, suggestions]);
    const paragraphs = useMemo(() => {
      const drawn = highlights ? claims.filter((c) => c.drawn).map(({ claim }) => ({ id: claim.id, ...claim.anchor.position })) : [];
      for (const suggestion of suggestionById.values()) drawn.push({ id: suggestion.id, ...suggestion.anchor.position });
      const starts = lineStarts(index);
      return groupByParagraph(segmentBody(index, drawn, starts), new Set(starts));
    }, [highlights, index, claims, suggestionById]);

    // A suggestion's badge or suggested text opens the suggestion; a claim badge opens its claim; a click on a
    // claim highlight (not the end of a drag that selects text) opens its innermost claim.
    const openFromClick = (event: MouseEvent<HTMLDivElement>) => {
      const target = event.target as Element;
      const suggestionBadge = target.closest<HTMLElement>('button[data-suggestion-id]');
      if (suggestionBadge) return onOpenSuggestion(suggestionBadge.dataset.suggestionId!, suggestionBadge);
      if (openClaimLink(event, onOpen) || !document.getSelection()?.isCollapsed) return;
      const suggested = target.closest('mark[data-suggestions]')?.getAttribute('data-suggestions')?.split(' ');
      if (suggested?.length) {
        const id = suggested[suggested.length - 1]!;
        const badge = event.currentTarget.querySelector<HTMLElement>(`button[data-suggestion-id="${id}"]`);
        if (badge) return onOpenSuggestion(id, badge);
      }
      const mark = target.closest('mark[data-claims]');
      const ids = mark?.getAttribute('data-claims')?.split(' ');
      if (ids?.length) onOpen(ids[ids.length - 1]!);
    };

    const suggestionBadge = (suggestion: Suggestion) => {
      const kind = t(`suggestions.kind.${suggestion.kind}`);
      const open = suggestion.id === openSuggestionId;
      return (
        <button
          key={suggestion.id}
          type="button"
          className="sg-badge"
          data-suggestion-id={suggestion.id}
          data-kind={suggestion.kind}
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-label={`${t('suggestions.badgeFor', { kind })} ${suggestion.anchor.quote.exact}`}
          lang={language}
          dir={uiDir}
          {...ignore}
        >
          {t('suggestions.badge', { kind })}
        </button>
      );
    };

    const badge = ({ claim, n }: NumberedClaim) => {
      const state = t(`claim.state.${claim.state}` as MessageKey);
      return (
        <a
          key={claim.id}
          href={hrefFor(claim.id)}
          className="hl-badge"
          data-state={claim.state}
          data-claim-id={claim.id}
          aria-current={claim.id === selectedId ? 'true' : undefined}
          aria-label={`${t('article.view.badgeFor', { n, state })} ${claim.statement}`}
          lang={language}
          dir={uiDir}
          {...ignore}
        >
          {t('article.view.badge', { n, state })}
        </a>
      );
    };

    return (
      <div ref={ref} className="article-text" lang={lang} dir={dir} data-highlights={highlights ? 'drawn' : 'off'} onClick={highlights ? openFromClick : undefined}>
        {paragraphs.map((paragraph) => (
          <div className="paragraph" key={paragraph[0]!.start}>
            {paragraph.map((segment) => {
              if (segment.ids.length === 0) return <Fragment key={segment.start}>{segment.text}</Fragment>;
              const claimIds = suggestionById.size ? segment.ids.filter((id) => byId.has(id)) : segment.ids;
              const suggestionIds = suggestionById.size ? segment.ids.filter((id) => suggestionById.has(id)) : NO_IDS;
              const ending = claimIds.map((id) => byId.get(id)!).filter((c) => c.claim.anchor.position.end === segment.end);
              const endingSuggestions = suggestionIds.map((id) => suggestionById.get(id)!).filter((s) => s.anchor.position.end === segment.end);
              return (
                <Fragment key={segment.start}>
                  <mark
                    data-claims={claimIds.length ? claimIds.join(' ') : undefined}
                    data-depth={claimIds.length ? Math.min(claimIds.length, 3) : undefined}
                    data-selected={selectedId && claimIds.includes(selectedId) ? '' : undefined}
                    data-suggestions={suggestionIds.length ? suggestionIds.join(' ') : undefined}
                    data-suggestion-open={openSuggestionId && suggestionIds.includes(openSuggestionId) ? '' : undefined}
                  >
                    {segment.text}
                  </mark>
                  {ending.map(badge)}
                  {endingSuggestions.map(suggestionBadge)}
                </Fragment>
              );
            })}
          </div>
        ))}
      </div>
    );
  }),
);

/** Consecutive segments grouped into the body's lines (a new group where a line starts). */
function groupByParagraph(segments: Segment[], starts: Set<number>): Segment[][] {
  const paragraphs: Segment[][] = [];
  for (const segment of segments) {
    if (paragraphs.length === 0 || starts.has(segment.start)) paragraphs.push([segment]);
    else paragraphs[paragraphs.length - 1]!.push(segment);
  }
  return paragraphs;
}
