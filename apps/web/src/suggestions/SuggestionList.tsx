import { useState } from 'react';
import { Button, Form, Input, Label, TextArea, TextField } from 'react-aria-components';
import type { ClaimKind } from '../api/article-claims';
import { ApiProblem } from '../api/client';
import { useAcceptSuggestion, useDismissSuggestion, useRequestSuggestions, useSuggestions, type AcceptedSuggestion, type Suggestion } from '../api/suggestions';
import { ClaimKindSelect } from '../components/ClaimKindSelect';
import { ConflictNotice } from '../components/ConflictNotice';
import { DateTime } from '../components/DateTime';
import { FieldProblem } from '../components/FieldProblem';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import './suggestions.css';

/**
 * The article's claim suggestions with accept / dismiss (with a reason). The article view mounts it
 * under the claim list and draws each open suggestion's anchor in the body (`HighlightedBody`), both
 * from the same query, so a decision taken in one shows in the other at once.
 */
export function SuggestionList({ articleId, articleLang }: { articleId: string; articleLang: string }) {
  const { t } = useI18n();
  const suggestions = useSuggestions(articleId);
  const request = useRequestSuggestions(articleId);
  const run = suggestions.data?.run ?? null;
  const items = suggestions.data?.items ?? [];
  const count = (state: Suggestion['state']) => items.filter((s) => s.state === state).length;
  // Only the open ones wait for a decision: accepted ones are claims in the list above, dismissed ones are kept (and counted) but not shown.
  const open = items.filter((s) => s.state === 'open');
  const [decided, setDecided] = useState<'accepted' | 'dismissed' | null>(null);

  return (
    <section className="suggestions" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t('suggestions.title')}</h2>
      <p className="hint">{t('suggestions.intro')}</p>
      {suggestions.isPending ? <p role="status">{t('app.loading')}</p> : null}
      <ProblemMessage error={suggestions.error ?? request.error} />
      {suggestions.isSuccess && run === null ? (
        <Button onPress={() => request.mutate()} isPending={request.isPending}>
          {t('suggestions.request')}
        </Button>
      ) : null}
      {run?.state === 'pending' ? <p role="status">{t('suggestions.pending')}</p> : null}
      {run?.state === 'failed' ? (
        <p role="alert" className="problem">
          {t('suggestions.failed', { failure: run.failure ?? '' })}
        </p>
      ) : null}
      {run?.state === 'done' ? (
        <>
          <p role="status">{items.length ? t('suggestions.count', { open: count('open'), accepted: count('accepted'), dismissed: count('dismissed') }) : t('suggestions.none')}</p>
          {decided ? <p role="status">{t(decided === 'accepted' ? 'suggestions.accepted' : 'suggestions.dismissed')}</p> : null}
          <ol className="suggestion-items">
            {open.map((suggestion) => (
              <SuggestionItem
                key={suggestion.id}
                articleId={articleId}
                articleLang={articleLang}
                suggestion={suggestion}
                onReload={() => void suggestions.refetch()}
                onDecided={setDecided}
              />
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

function SuggestionItem({
  articleId,
  articleLang,
  suggestion,
  onReload,
  onDecided,
}: {
  articleId: string;
  articleLang: string;
  suggestion: Suggestion;
  onReload: () => void;
  onDecided: (decision: 'accepted' | 'dismissed') => void;
}) {
  const { t } = useI18n();
  const titleId = `suggestion-${suggestion.id}`;
  return (
    <li className={`suggestion suggestion-${suggestion.state}`} aria-labelledby={titleId} data-suggestion-id={suggestion.id}>
      <p id={titleId} className="suggestion-heading">
        <span className={`badge kind-${suggestion.kind}`}>{t(`suggestions.kind.${suggestion.kind}`)}</span>{' '}
        <span className={`badge state-${suggestion.state}`}>{t(`suggestions.state.${suggestion.state}`)}</span>
      </p>
      <SuggestionFacts suggestion={suggestion} articleLang={articleLang} />
      <SuggestionDecision articleId={articleId} suggestion={suggestion} articleLang={articleLang} onReload={onReload} onAccepted={() => onDecided('accepted')} onDismissed={() => onDecided('dismissed')} />
    </li>
  );
}

/** What a suggestion proposes: the words to check and the statement in the article's language, the claimant, the dates meant. */
export function SuggestionFacts({ suggestion, articleLang }: { suggestion: Suggestion; articleLang: string }) {
  const { t } = useI18n();
  return (
    <dl className="suggestion-facts">
      <dt>{t('suggestions.kindLabel')}</dt>
      <dd>{t(`suggestions.kind.${suggestion.kind}`)}</dd>
      <dt>{t('suggestions.span')}</dt>
      <dd>
        <UserText text={suggestion.anchor.quote.exact} lang={articleLang} className="suggestion-span" />
      </dd>
      <dt>{t('suggestions.statement')}</dt>
      <dd>
        <UserText text={suggestion.statement} lang={articleLang} />
      </dd>
      <dt>{t('suggestions.claimant')}</dt>
      <dd>{suggestion.claimant ? <UserText text={suggestion.claimant} lang={articleLang} /> : t('suggestions.noClaimant')}</dd>
      {suggestion.dates.length ? (
        <>
          <dt>{t('suggestions.dates')}</dt>
          <dd>
            <ul className="suggestion-dates">
              {suggestion.dates.map((date) => (
                <li key={`${date.start}-${date.end}`}>
                  <UserText text={date.expression} lang={articleLang} />
                  {' — '}
                  {date.from && date.to ? (
                    date.from === date.to ? (
                      <DateTime value={date.from} calendarDate />
                    ) : (
                      <>
                        <DateTime value={date.from} calendarDate /> – <DateTime value={date.to} calendarDate />
                      </>
                    )
                  ) : (
                    t('suggestions.dateUnresolved')
                  )}
                  {date.ambiguous ? <span className="badge ambiguous"> {t('suggestions.ambiguous', { reason: date.reason ?? '' })}</span> : null}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/**
 * Accept as proposed, edit first (statement, kind, claimant; the span stays the suggestion's), or dismiss
 * with a reason; the server submits the claim. Blank required fields are refused here, and the API's field
 * errors show under their fields too. For an open suggestion; the list and the body's popover both use
 * it, over the one cached query.
 */
export function SuggestionDecision({
  articleId,
  suggestion,
  articleLang,
  onReload,
  onAccepted,
  onDismissed,
}: {
  articleId: string;
  suggestion: Suggestion;
  articleLang: string;
  onReload: () => void;
  onAccepted?: (accepted: AcceptedSuggestion) => void;
  onDismissed?: (suggestion: Suggestion) => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'choose' | 'editing' | 'dismissing'>('choose');
  const accept = useAcceptSuggestion(articleId, onAccepted);
  const dismiss = useDismissSuggestion(articleId, (dismissed) => {
    setMode('choose');
    onDismissed?.(dismissed);
  });
  const [statement, setStatement] = useState(suggestion.statement);
  const [claimant, setClaimant] = useState(suggestion.claimant ?? '');
  const [kind, setKind] = useState<ClaimKind>(suggestion.kind as ClaimKind);
  const error = accept.error ?? dismiss.error;
  if (suggestion.state !== 'open') return null;
  return (
    <>
      {error instanceof ApiProblem && error.isConflict ? (
        <ConflictNotice error={error} onReload={onReload} />
      ) : (
        <ProblemMessage error={error} shownFields={mode === 'editing' ? ['statement', 'kind', 'claimant'] : ['reason']} />
      )}
      {mode === 'choose' ? (
        <div className="suggestion-actions">
          <Button onPress={() => accept.mutate({ id: suggestion.id })} isPending={accept.isPending}>
            {t('suggestions.accept')}
          </Button>
          <Button className="react-aria-Button quiet" onPress={() => setMode('editing')}>
            {t('suggestions.edit')}
          </Button>
          <Button className="react-aria-Button quiet" onPress={() => setMode('dismissing')}>
            {t('suggestions.dismiss')}
          </Button>
        </div>
      ) : null}
      {mode === 'editing' ? (
        <Form
          validationErrors={problemFieldErrors(accept.error)}
          onSubmit={(event) => {
            event.preventDefault();
            accept.mutate({ id: suggestion.id, edits: { statement: statement.trim(), kind, claimant: claimant.trim() || null } });
          }}
        >
          <TextField name="statement" isRequired autoFocus value={statement} onChange={setStatement} validate={(value) => (value.trim() ? null : t('suggestions.statementRequired'))}>
            <Label>{t('suggestions.statement')}</Label>
            <TextArea dir="auto" lang={articleLang} rows={3} />
            <FieldProblem />
          </TextField>
          <ClaimKindSelect label={t('suggestions.kindLabel')} value={kind} onChange={(picked) => picked && setKind(picked)} />
          <TextField name="claimant" value={claimant} onChange={setClaimant}>
            <Label>{t('suggestions.claimant')}</Label>
            <Input dir="auto" lang={articleLang} />
            <FieldProblem />
          </TextField>
          <SubmitOrCancel submit={t('suggestions.acceptEdited')} isPending={accept.isPending} onCancel={() => setMode('choose')} />
        </Form>
      ) : null}
      {mode === 'dismissing' ? (
        <Form
          validationErrors={problemFieldErrors(dismiss.error)}
          onSubmit={(event) => {
            event.preventDefault();
            const reason = String(new FormData(event.currentTarget).get('reason') ?? '');
            dismiss.mutate({ id: suggestion.id, reason });
          }}
        >
          <TextField name="reason" isRequired autoFocus validate={(value) => (value.trim() ? null : t('suggestions.reasonRequired'))}>
            <Label>{t('suggestions.dismissReason')}</Label>
            <Input dir="auto" />
            <FieldProblem />
          </TextField>
          <SubmitOrCancel submit={t('suggestions.dismissSubmit')} isPending={dismiss.isPending} onCancel={() => setMode('choose')} />
        </Form>
      ) : null}
    </>
  );
}

/** A decision form's buttons: submit it, or go back to the three choices. */
function SubmitOrCancel({ submit, isPending, onCancel }: { submit: string; isPending: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div className="suggestion-actions">
      <Button type="submit" isPending={isPending}>
        {submit}
      </Button>
      <Button className="react-aria-Button quiet" onPress={onCancel}>
        {t('suggestions.cancel')}
      </Button>
    </div>
  );
}
