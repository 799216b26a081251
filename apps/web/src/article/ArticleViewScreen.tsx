import { useNavigate, useParams, useRouter, useSearch } from '@tanstack/react-router';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Toolbar } from 'react-aria-components';
import { useArticle } from '../api/articles';
import type { ArticleWithBody, Claim } from '../api/pending-contract';
import { useArticleClaims } from '../api/reports';
import { useSession } from '../api/session';
import { useSuggestions, type Suggestion, type SuggestionList as SuggestionListData } from '../api/suggestions';
import { ClaimPanel } from '../claim/ClaimPanel';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { hasAnyRole } from '../shell/access';
import { ARTICLE_WRITERS } from './access';
import { CodePointIndex, rangeOfSpan, type SpanQuote } from './anchoring';
import { openClaimLink } from './claim-links';
import { ClaimSpanDialog } from './ClaimSpanDialog';
import { HighlightedBody, type NumberedClaim } from './HighlightedBody';
import { useBodySelection } from './useBodySelection';
import { SuggestionList } from '../suggestions/SuggestionList';
import { SuggestionPopover } from '../suggestions/SuggestionPopover';
import { VerdictSection } from '../verdict/VerdictSection';

/** The article as published, in its own language and direction. */
export function ArticleViewScreen() {
  const { t } = useI18n();
  const { articleId } = useParams({ from: '/signed-in/articles/$articleId' });
  const article = useArticle(articleId);
  // Started with the article's own request, not after it (ArticleView reads the same cached queries).
  const { data: session } = useSession();
  useArticleClaims(articleId);
  useSuggestions(articleId, { enabled: hasAnyRole(session?.user, ARTICLE_WRITERS) });
  if (article.isPending) return <p role="status">{t('app.loading')}</p>;
  if (article.isError) return <ProblemMessage error={article.error} />;
  return <ArticleView article={article.data} />;
}

/** Claims in the order of their spans, numbered; those whose selectors do not fit the body are kept, undrawn. */
function numberClaims(index: CodePointIndex, claims: readonly Claim[]): NumberedClaim[] {
  return [...claims]
    .sort((a, b) => a.anchor.position.start - b.anchor.position.start || b.anchor.position.end - a.anchor.position.end || a.createdAt.localeCompare(b.createdAt))
    .map((claim, i) => {
      const units = index.spanToUtf16(claim.anchor.position);
      return { claim, n: i + 1, drawn: !!units && index.text.slice(units.start, units.end) === claim.anchor.quote.exact };
    });
}

const NO_SUGGESTIONS: readonly Suggestion[] = [];

/** The open suggestions whose selectors fit the body (the others are only listed); accepted and dismissed ones are not drawn. */
function drawableSuggestions(index: CodePointIndex, list: SuggestionListData | undefined): readonly Suggestion[] {
  const open = list?.items.filter((s) => s.state === 'open') ?? [];
  if (open.length === 0) return NO_SUGGESTIONS;
  return open.filter((s) => {
    const units = index.spanToUtf16(s.anchor.position);
    return !!units && index.text.slice(units.start, units.end) === s.anchor.quote.exact;
  });
}

/**
 * The body with every claim highlighted over its code points (live: the claims query follows the
 * server's events), the claim named by `?claim=` open beside it, and for those who may submit claims,
 * "Claim this span" on the selected text.
 */
function ArticleView({ article: a }: { article: ArticleWithBody }) {
  const { t, language, dir } = useI18n();
  const { claim: selectedId, highlights } = useSearch({ from: '/signed-in/articles/$articleId' });
  const navigate = useNavigate({ from: '/articles/$articleId' });
  const { data: session } = useSession();
  const mayClaim = hasAnyRole(session?.user, ARTICLE_WRITERS);
  const claims = useArticleClaims(a.id);
  const bodyRef = useRef<HTMLDivElement>(null);
  const index = useMemo(() => new CodePointIndex(a.body), [a.body]);
  const numbered = useMemo(() => numberClaims(index, claims.data ?? []), [index, claims.data]);
  const [selection, clearSelection] = useBodySelection(bodyRef, index);
  const [form, setForm] = useState<{ selection: SpanQuote | null } | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const selected = numbered.find((c) => c.claim.id === selectedId);
  // Suggestions: for those who may submit claims, from the same query as the list under the claims.
  const suggestions = useSuggestions(a.id, { enabled: mayClaim });
  const openSuggestions = useMemo(() => (mayClaim ? drawableSuggestions(index, suggestions.data) : NO_SUGGESTIONS), [mayClaim, index, suggestions.data]);
  const [openSuggestionId, setOpenSuggestionId] = useState<string | null>(null);
  const openSuggestion = openSuggestionId ? suggestions.data?.items.find((s) => s.id === openSuggestionId) : undefined;
  const suggestionTrigger = useRef<HTMLElement | null>(null);
  const [decided, setDecided] = useState<'accepted' | 'dismissed' | null>(null);
  // After a decision in place, the focus goes where the suggestion was: the new claim's badge, or the next suggestion.
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const onOpenSuggestion = useCallback((id: string, trigger: HTMLElement) => {
    suggestionTrigger.current = trigger;
    setOpenSuggestionId(id);
  }, []);

  const router = useRouter();
  const articleHref = useMemo(() => router.history.createHref(router.buildLocation({ to: '/articles/$articleId', params: { articleId: a.id } }).publicHref), [router, a.id]);
  const hrefFor = useCallback((claimId: string) => `${articleHref}?claim=${encodeURIComponent(claimId)}`, [articleHref]);
  const open = useCallback((claimId: string) => void navigate({ search: (search) => ({ ...search, claim: claimId }) }), [navigate]);
  const openForm = useCallback(() => {
    setSubmitted(false);
    setForm({ selection });
  }, [selection]);

  // Alt+C: "Claim this span" from the keyboard, wherever the focus is on this screen.
  useEffect(() => {
    if (!mayClaim) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && event.code === 'KeyC' && !form) {
        event.preventDefault();
        openForm();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [mayClaim, form, openForm]);

  // A claim opened from elsewhere (the queue, a shared link) is scrolled into view once drawn.
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!selected?.drawn || !bodyRef.current || scrolledTo.current === selected.claim.id) return;
    scrolledTo.current = selected.claim.id;
    const range = rangeOfSpan(bodyRef.current, index, selected.claim.anchor.position);
    range?.startContainer.parentElement?.scrollIntoView({ block: 'center' });
  }, [selected, index, numbered]);

  useEffect(() => {
    if (!focusTarget || !bodyRef.current) return;
    const target = bodyRef.current.querySelector<HTMLElement>(focusTarget);
    if (target) {
      target.focus();
      setFocusTarget(null);
    }
  }, [focusTarget, numbered, openSuggestions]);

  // The body is drawn once, with its highlights: drawing it plain first would make it jump as badges
  // arrive, and lay the whole text out twice (so for those who see suggestions, it waits for them too;
  // both requests start with the article's). Without its claims (refused, or `?highlights=off`) it is drawn plain.
  const suggestionsSettled = !mayClaim || !suggestions.isPending;
  const drawn = ((claims.isSuccess || claims.isError) && suggestionsSettled) || highlights === 'off';
  return (
    <div className={selectedId ? 'article-view with-panel' : 'article-view'}>
      <article className="article" lang={a.language} dir={a.dir} aria-busy={!drawn}>
        <h1 dir="auto">{a.title}</h1>
        <p className="byline" lang={language} dir={dir}>
          {a.outlet ? <UserText text={a.outlet} /> : null} {a.publishedAt ? <DateTime value={a.publishedAt} /> : t('article.view.unpublished')}
        </p>
        {mayClaim ? (
          <Toolbar aria-label={t('article.view.toolbar')} className="article-toolbar" lang={language} dir={dir}>
            <Button onPress={openForm} aria-keyshortcuts="Alt+C" aria-describedby="claim-span-help">
              {t('article.view.claimSpan')}
            </Button>
            <p className="selection" aria-live="polite">
              {selection ? (
                <>
                  {t('article.view.selection')}: <UserText text={selection.exact} lang={a.language} className="selection-quote" />
                </>
              ) : (
                t('article.view.noSelection')
              )}
            </p>
            <p id="claim-span-help" className="help">
              {t('article.view.claimSpanHelp')}
            </p>
            {openSuggestions.length ? <p className="help">{t('suggestions.legend')}</p> : null}
          </Toolbar>
        ) : null}
        {submitted ? (
          <p role="status" lang={language} dir={dir}>
            {t('claim.form.submitted')}
          </p>
        ) : null}
        {decided ? (
          <p role="status" lang={language} dir={dir}>
            {t(decided === 'accepted' ? 'suggestions.accepted' : 'suggestions.dismissed')}
          </p>
        ) : null}
        <ProblemMessage error={claims.error} />
        <h2 className="visually-hidden" lang={language} dir={dir}>
          {t('article.view.text')}
        </h2>
        {drawn ? (
          <HighlightedBody
            ref={bodyRef}
            hrefFor={hrefFor}
            index={index}
            lang={a.language}
            dir={a.dir}
            claims={numbered}
            selectedId={selectedId}
            highlights={highlights !== 'off' && claims.isSuccess}
            onOpen={open}
            suggestions={openSuggestions}
            openSuggestionId={openSuggestion ? openSuggestionId : null}
            onOpenSuggestion={onOpenSuggestion}
          />
        ) : (
          <p role="status" lang={language} dir={dir}>
            {t('app.loading')}
          </p>
        )}
        <ClaimList hrefFor={hrefFor} claims={numbered} selectedId={selectedId} loaded={claims.isSuccess} onOpen={open} />
        {/* The desk's suggested claims, for those who may submit claims: each accepted one becomes a claim above. */}
        {mayClaim ? (
          <div lang={language} dir={dir}>
            <SuggestionList articleId={a.id} articleLang={a.language} />
          </div>
        ) : null}
      </article>
      {selectedId ? (
        <aside className="claim-panel-slot" data-claim-id={selectedId} aria-label={t('article.view.panel')} lang={language} dir={dir}>
          <ClaimPanel claimId={selectedId}>
            <VerdictSection claimId={selectedId} />
          </ClaimPanel>
        </aside>
      ) : null}
      {openSuggestion ? (
        <SuggestionPopover
          articleId={a.id}
          articleLang={a.language}
          suggestion={openSuggestion}
          triggerRef={suggestionTrigger}
          onClose={() => setOpenSuggestionId(null)}
          onReload={() => void suggestions.refetch()}
          onAccepted={({ claim }) => {
            setOpenSuggestionId(null);
            setDecided('accepted');
            setFocusTarget(`.hl-badge[data-claim-id="${claim.id}"]`);
          }}
          onDismissed={(dismissed) => {
            setOpenSuggestionId(null);
            setDecided('dismissed');
            const next = openSuggestions.find((s) => s.id !== dismissed.id && s.anchor.position.start >= dismissed.anchor.position.start) ?? openSuggestions.find((s) => s.id !== dismissed.id);
            if (next) setFocusTarget(`button[data-suggestion-id="${next.id}"]`);
          }}
        />
      ) : null}
      {form ? (
        <ClaimSpanDialog
          articleId={a.id}
          index={index}
          lang={a.language}
          dir={a.dir}
          selection={form.selection}
          onClose={() => setForm(null)}
          onSubmitted={(claim) => {
            setForm(null);
            setSubmitted(true);
            clearSelection();
            open(claim.id);
          }}
        />
      ) : null}
    </div>
  );
}

/** Every claim of the article in text order, each opening beside the article (also those whose span cannot be drawn). */
const ClaimList = memo(function ClaimList({ hrefFor, claims, selectedId, loaded, onOpen }: { hrefFor(claimId: string): string; claims: readonly NumberedClaim[]; selectedId: string | undefined; loaded: boolean; onOpen(claimId: string): void }) {
  const { t, language, dir } = useI18n();
  if (!loaded) return null;
  return (
    <section aria-labelledby="claims-title" className="claim-list" lang={language} dir={dir} onClick={(event) => openClaimLink(event, onOpen)}>
      <h2 id="claims-title">{t('article.view.claims', { count: claims.length })}</h2>
      {claims.length === 0 ? <p>{t('article.view.noClaims')}</p> : null}
      <ol>
        {claims.map(({ claim, n, drawn }) => (
          <li key={claim.id} value={n}>
            <a href={hrefFor(claim.id)} data-claim-id={claim.id} aria-current={claim.id === selectedId ? 'true' : undefined}>
              <UserText text={claim.statement} />
            </a>{' '}
            <span className="state-label" data-state={claim.state}>
              {t(`claim.state.${claim.state}` as MessageKey)}
            </span>
            {drawn ? null : <span className="muted"> ({t('article.view.notDrawn')})</span>}
          </li>
        ))}
      </ol>
    </section>
  );
});
