import { forwardRef, Fragment, memo, useMemo, type MouseEvent } from 'react';
import type { Claim } from '../api/pending-contract';
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
}

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
 */
export const HighlightedBody = memo(
  forwardRef<HTMLDivElement, Props>(function HighlightedBody({ hrefFor, index, lang, dir, claims, selectedId, highlights, onOpen }, ref) {
    const { t, language, dir: uiDir } = useI18n();
    const byId = useMemo(() => new Map(claims.map((c) => [c.claim.id, c])), [claims]);
    const paragraphs = useMemo(() => {
      const drawn = highlights ? claims.filter((c) => c.drawn).map(({ claim }) => ({ id: claim.id, ...claim.anchor.position })) : [];
      const starts = lineStarts(index);
      return groupByParagraph(segmentBody(index, drawn, starts), new Set(starts));
    }, [highlights, index, claims]);

    // A badge opens its claim; a click on a highlight (not the end of a drag that selects text) opens its innermost claim.
    const openFromClick = (event: MouseEvent<HTMLDivElement>) => {
      if (openClaimLink(event, onOpen) || !document.getSelection()?.isCollapsed) return;
      const mark = (event.target as Element).closest('mark[data-claims]');
      const ids = mark?.getAttribute('data-claims')?.split(' ');
      if (ids?.length) onOpen(ids[ids.length - 1]!);
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
              const ending = segment.ids.map((id) => byId.get(id)!).filter((c) => c.claim.anchor.position.end === segment.end);
              return (
                <Fragment key={segment.start}>
                  <mark data-claims={segment.ids.join(' ')} data-depth={Math.min(segment.ids.length, 3)} data-selected={selectedId && segment.ids.includes(selectedId) ? '' : undefined}>
                    {segment.text}
                  </mark>
                  {ending.map(badge)}
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
