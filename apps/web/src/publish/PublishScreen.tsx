import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { Button, Form, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useArticle } from '../api/articles';
import { ApiProblem } from '../api/client';
import { useArticleClaims, usePublishReport, useReportVersions } from '../api/reports';
import type { Claim } from '../api/pending-contract';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { kindLabel } from './labels';
import { ReportVersions } from './ReportVersions';
import { FieldProblem } from '../components/FieldProblem';

/** A claim's state in the reader's words (the catalogue has each workflow state). */
const stateKey = (state: string) => `claim.state.${state}` as MessageKey;

/**
 * `/articles/:id/publish`: what the next version will contain (the checked claims; the pending ones are
 * listed as pending in it), publishing with a correction note, and the published versions.
 */
export function PublishScreen() {
  const { t } = useI18n();
  const { articleId } = useParams({ from: '/signed-in/articles/$articleId/publish' });
  const article = useArticle(articleId);
  const claims = useArticleClaims(articleId);
  const versions = useReportVersions(articleId);
  const publish = usePublishReport(articleId);
  // One key per attempt: a double press or a retried request publishes one version; a new key after each answer.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [note, setNote] = useState('');

  const checked = (claims.data ?? []).filter((c) => c.state === 'done');
  const pending = (claims.data ?? []).filter((c) => c.state !== 'done');
  const published = versions.data?.filter((v) => v.status === 'published') ?? [];

  return (
    <section aria-labelledby="publish-title" className="publish">
      <p>
        <Link to="/articles/$articleId" params={{ articleId }}>
          {t('publish.backToArticle')}
        </Link>
      </p>
      <h1 id="publish-title">
        {t('publish.title')}
        {article.data ? (
          <>
            {' '}
            <UserText text={article.data.title} lang={article.data.language} />
          </>
        ) : null}
      </h1>
      <ProblemMessage error={article.error ?? claims.error} />

      <h2 id="preview-title">{t('publish.preview.title')}</h2>
      {claims.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <div className="columns" aria-labelledby="preview-title">
          <ClaimGroup id="preview-checked" title={t('publish.preview.checked', { count: checked.length })} empty={t('publish.preview.noneChecked')} claims={checked} lang={article.data?.language} />
          <ClaimGroup id="preview-pending" title={t('publish.preview.pending', { count: pending.length })} empty={t('publish.preview.nonePending')} claims={pending} lang={article.data?.language} />
        </div>
      )}

      <h2 id="publish-form-title">{t('publish.form.title', { version: (versions.data?.at(-1)?.version ?? 0) + 1 })}</h2>
      <Form
        aria-labelledby="publish-form-title"
        validationErrors={problemFieldErrors(publish.error)}
        onSubmit={(event) => {
          event.preventDefault();
          publish.mutate(
            { correctionNote: note.trim() || null, idempotencyKey },
            {
              onSuccess: () => {
                setNote('');
                setIdempotencyKey(crypto.randomUUID());
              },
              // A refused request (say, a correction without its note) published nothing: the corrected
              // request is a new attempt, and reusing the key with another body would be refused (422).
              onError: (error) => {
                if (error instanceof ApiProblem) setIdempotencyKey(crypto.randomUUID());
              },
            },
          );
        }}
      >
        <TextField
          name="correctionNote"
          value={note}
          onChange={(value) => {
            setNote(value);
            // The server's refusal named this field; once it is edited, the refusal no longer blocks the form.
            publish.reset();
          }}
        >
          <Label>{t('publish.form.note')}</Label>
          <TextArea dir="auto" rows={4} />
          <Text slot="description">{published.length ? t('publish.form.noteHelp') : t('publish.form.noteFirst')}</Text>
          <FieldProblem />
        </TextField>
        <ProblemMessage error={publish.error} shownFields={['correctionNote']} />
        {publish.data ? (
          <p role="status" className="notice">
            {t('publish.form.requested', { version: publish.data.version, kind: kindLabel(t, publish.data.kind) })}
          </p>
        ) : null}
        <Button type="submit" isPending={publish.isPending}>
          {t('publish.form.submit')}
        </Button>
      </Form>

      <h2 id="versions-title">{t('publish.versions.title')}</h2>
      <ProblemMessage error={versions.error} />
      {versions.data ? <ReportVersions versions={versions.data} /> : <p role="status">{t('app.loading')}</p>}
    </section>
  );
}

function ClaimGroup({ id, title, empty, claims, lang }: { id: string; title: string; empty: string; claims: Claim[]; lang?: string }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={id} className="card">
      <h3 id={id}>{title}</h3>
      {claims.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className="plain">
          {claims.map((claim) => (
            <li key={claim.id}>
              <UserText text={claim.statement} as="p" />
              <span className="meta">
                {t(stateKey(claim.state))} · <UserText text={claim.anchor.quote.exact} lang={lang} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
