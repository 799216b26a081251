import { Link } from '@tanstack/react-router';
import { forwardRef, Fragment, memo, useMemo, type MouseEvent } from 'react';
import type { Claim } from '../api/pending-contract';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { IGNORE_ATTRIBUTE, segmentBody, type CodePointIndex } from './anchoring';

/** A claim with its number in the article (by position), as drawn and listed. */
export interface NumberedClaim {
  claim: Claim;
  n: number;
  /** False when its selectors do not fit the body (not drawn, only listed). */
  drawn: boolean;
}

interface Props {
  articleId: string;
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
 * the highlights' boundaries (see `segmentBody`) and rendered as React elements, so the text itself is
 * never rewritten and hundreds of overlapping highlights stay one render. Each covering claim marks its
 * segments; where a claim ends, its badge (number and state, a link that opens it) follows. Badges are
 * not article text: the anchoring module skips them when it reads a selection. The open claim's badge is
 * the active link (the router marks it `aria-current="page"`).
 */
export const HighlightedBody = memo(
  forwardRef<HTMLDivElement, Props>(function HighlightedBody({ articleId, index, lang, dir, claims, selectedId, highlights, onOpen }, ref) {
    const { t, language, dir: uiDir } = useI18n();
    const byId = useMemo(() => new Map(claims.map((c) => [c.claim.id, c])), [claims]);
    const segments = useMemo(
      () => (highlights ? segmentBody(index, claims.filter((c) => c.drawn).map(({ claim }) => ({ id: claim.id, ...claim.anchor.position }))) : null),
      [highlights, index, claims],
    );

    // A click on a highlight (not the end of a drag that selects text) opens its innermost claim.
    const openFromClick = (event: MouseEvent<HTMLDivElement>) => {
      if (!document.getSelection()?.isCollapsed) return;
      const mark = (event.target as Element).closest('mark[data-claims]');
      const ids = mark?.getAttribute('data-claims')?.split(' ');
      if (ids?.length) onOpen(ids[ids.length - 1]!);
    };

    if (!segments) {
      return (
        <div ref={ref} className="article-text" lang={lang} dir={dir} data-highlights="off">
          {index.text}
        </div>
      );
    }
    return (
      <div ref={ref} className="article-text" lang={lang} dir={dir} data-highlights="drawn" onClick={openFromClick}>
        {segments.map((segment) => {
          if (segment.ids.length === 0) return <Fragment key={segment.start}>{segment.text}</Fragment>;
          const ending = segment.ids.map((id) => byId.get(id)!).filter((c) => c.claim.anchor.position.end === segment.end);
          return (
            <Fragment key={segment.start}>
              <mark data-claims={segment.ids.join(' ')} data-depth={Math.min(segment.ids.length, 3)} data-selected={selectedId && segment.ids.includes(selectedId) ? '' : undefined}>
                {segment.text}
              </mark>
              {ending.map(({ claim, n }) => {
                const state = t(`claim.state.${claim.state}` as MessageKey);
                return (
                  <Link
                    key={claim.id}
                    to="/articles/$articleId"
                    params={{ articleId }}
                    search={{ claim: claim.id }}
                    className="hl-badge"
                    data-state={claim.state}
                    data-claim-id={claim.id}
                    lang={language}
                    dir={uiDir}
                    {...ignore}
                  >
                    <span className="visually-hidden">{t('article.view.badgeFor', { n, state })} </span>
                    <span aria-hidden="true">{t('article.view.badge', { n, state })}</span>
                    <span className="visually-hidden" dir="auto" lang={undefined}>
                      {claim.statement}
                    </span>
                  </Link>
                );
              })}
            </Fragment>
          );
        })}
      </div>
    );
  }),
);
