import type { ReactNode } from 'react';
import { useClaimEvidence, type Capture, type Evidence } from '../api/claims';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useActorName } from '../components/actor-names';

/** The reasons the capture worker gives, each said in the person's language (others are shown as sent). */
const KNOWN_REASONS = new Set([
  'scheme-not-allowed',
  'address-not-allowed',
  'too-many-redirects',
  'too-large',
  'timeout',
  'content-type-not-allowed',
  'http-error',
  'network-error',
  'invalid-url',
  'unreadable-content',
  'worker-error',
]);

/** The claim's evidence, oldest first: stance, excerpt, note, the source and its capture; `children` is the attach form. */
export function EvidenceSection({ claimId, children }: { claimId: string; children?: ReactNode }) {
  const { t } = useI18n();
  const evidence = useClaimEvidence(claimId);
  return (
    <section id="claim-evidence" aria-labelledby="claim-evidence-title" className="claim-section">
      <h3 id="claim-evidence-title">{t('claimPanel.evidence.title')}</h3>
      {evidence.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : evidence.isError ? (
        <ProblemMessage error={evidence.error} />
      ) : evidence.data.length === 0 ? (
        <p className="muted">{t('claimPanel.evidence.none')}</p>
      ) : (
        <ul className="evidence-list">
          {evidence.data.map((e) => (
            <EvidenceItem key={e.id} evidence={e} />
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}

function EvidenceItem({ evidence }: { evidence: Evidence }) {
  const { t } = useI18n();
  const actor = useActorName();
  const { source } = evidence;
  return (
    <li className="evidence" data-source-id={source.id}>
      <div className="evidence-head">
        <span className={`stance stance-${evidence.stance}`}>{t(`claimPanel.stance.${evidence.stance}` as MessageKey)}</span>
        <span className="meta">
          {t(`claimPanel.sourceKind.${source.kind}` as MessageKey)} · {t(`claimPanel.subtype.${source.subtype}` as MessageKey)}
        </span>
      </div>
      {source.title ? <UserText as="p" text={source.title} className="source-title" lang={source.language ?? undefined} /> : null}
      {source.publisher ? <UserText as="p" text={source.publisher} className="meta" /> : null}
      {/* An address is shown as text, left to right, never as a link into the page: the archived copy is what counts. */}
      <p className="source-url" dir="ltr">
        {source.url}
      </p>
      {evidence.excerpt ? (
        <div className="excerpt">
          <span className="label">{t('claimPanel.evidence.excerpt')}</span>
          <UserText as="blockquote" text={evidence.excerpt} lang={source.language ?? undefined} />
        </div>
      ) : null}
      {evidence.note ? (
        <p>
          <span className="label">{t('claimPanel.evidence.note')}</span> <UserText text={evidence.note} />
        </p>
      ) : null}
      <CaptureStatus latest={evidence.latest} archived={evidence.archived} />
      <p className="meta">
        {t('claimPanel.evidence.attached', { name: actor(evidence.createdBy) })} · <DateTime value={evidence.createdAt} />
      </p>
    </li>
  );
}

/**
 * The latest capture's outcome as it happens (queued, captured, refused or failed, with its reason in the
 * person's language and the API's own detail), and the archived copy the report will link to.
 */
export function CaptureStatus({ latest, archived }: { latest: Capture | null; archived: Capture | null }) {
  const { t } = useI18n();
  const status = latest?.status;
  return (
    <div className="capture">
      {/* Announced as it changes: the worker decides while the person looks at the list. */}
      <p aria-live="polite" className="capture-status">
        <span className="label">{t('claimPanel.capture.label')}</span>{' '}
        <span className={`capture-${status ?? 'none'}`} data-testid="capture-status">
          {status ? t(`claimPanel.capture.${status}` as MessageKey) : t('claimPanel.capture.none')}
        </span>
      </p>
      {latest && (status === 'refused' || status === 'failed') ? (
        <div className="capture-refusal" role="note">
          <p>{latest.reason && KNOWN_REASONS.has(latest.reason) ? t(`claimPanel.reason.${latest.reason}` as MessageKey) : t('claimPanel.reason.other', { reason: latest.reason ?? '' })}</p>
          {latest.detail ? (
            <>
              <p className="meta">{t('claimPanel.capture.apiDetail')}</p>
              {/* The API's own words (English), in a block of their own so an address inside keeps its order. */}
              <p className="meta api-detail" dir="auto">
                {latest.detail}
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      {archived ? (
        <dl className="capture-facts">
          <div>
            <dt>{t('claimPanel.capture.archived')}</dt>
            <dd>
              <DateTime value={archived.finishedAt ?? archived.requestedAt} />
            </dd>
          </div>
          <div>
            <dt>{t('claimPanel.capture.sha256')}</dt>
            <dd>
              <code className="sha" dir="ltr">
                {archived.sha256}
              </code>
            </dd>
          </div>
        </dl>
      ) : null}
      {archived ? (
        <p>
          <a href={`/v1/captures/${archived.id}/content`} download>
            {t('claimPanel.capture.download')}
          </a>
        </p>
      ) : null}
      {archived?.drift || latest?.drift ? <p className="warning">{t('claimPanel.capture.drift')}</p> : null}
      {latest?.rot ? <p className="warning">{t('claimPanel.capture.rot')}</p> : null}
    </div>
  );
}
