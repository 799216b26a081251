import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useClaim, type WorkflowClaim } from '../api/claims';
import { useSession } from '../api/session';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { LeaseCountdown } from '../queue/LeaseCountdown';
import { hasAnyRole } from '../shell/access';
import { EVIDENCE_ATTACHERS } from './access';
import { useActorName } from '../components/actor-names';
import { AttachSourceForm } from './AttachSourceForm';
import { EvidenceSection } from './EvidenceSection';
import { SignalsSection } from './SignalsSection';
import { SimilarClaims } from './SimilarClaims';
import { TimelineSection } from './TimelineSection';
import { TrailSection } from './TrailSection';
import './claim-panel.css';

/**
 * Everything about one claim, beside the article it comes from: the claim and its lease, intake's similar
 * earlier claims, the evidence (and, for those who may, attaching a source), the machine signals, the
 * verdict and review (`children`: the verdict feature's slot), the provenance trail and the timeline.
 * Every part is read through its own query under the claim's key, so live events keep it current.
 */
export function ClaimPanel({ claimId, children }: { claimId: string; children?: ReactNode }) {
  const { t } = useI18n();
  const claim = useClaim(claimId);
  const user = useSession().data?.user;
  if (claim.isPending) return <p role="status">{t('app.loading')}</p>;
  if (claim.isError) return <ProblemMessage error={claim.error} />;
  const c = claim.data;
  const sections: { id: string; label: string }[] = [
    { id: 'claim-summary', label: t('claimPanel.summary') },
    { id: 'claim-similar', label: t('claimPanel.similar.title') },
    { id: 'claim-evidence', label: t('claimPanel.evidence.title') },
    { id: 'claim-signals', label: t('claimPanel.signals.title') },
    ...(children ? [{ id: 'claim-verdict', label: t('claimPanel.verdictSlot') }] : []),
    { id: 'claim-trail', label: t('claimPanel.trail.title') },
    { id: 'claim-timeline', label: t('claimPanel.timeline.title') },
  ];
  return (
    <section className="claim-panel" aria-labelledby="claim-panel-title">
      <div className="claim-panel-head">
        <h2 id="claim-panel-title">{t('claim.panel.label')}</h2>
        <Link to="/articles/$articleId" params={{ articleId: c.articleId }} search={{}} className="quiet-link">
          {t('claimPanel.close')}
        </Link>
      </div>
      {/* Jumps to each part: the panel is long, and a keyboard user should not have to tab through it all. */}
      <nav aria-label={t('claim.panel.label')} className="claim-panel-nav">
        <ul>
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <ClaimSummary claim={c} />
      <SimilarClaims claim={c} />
      <EvidenceSection claimId={c.id}>{hasAnyRole(user, EVIDENCE_ATTACHERS) ? <AttachSourceForm claim={c} /> : null}</EvidenceSection>
      <SignalsSection claimId={c.id} />
      {/* The verdict and review feature renders here (apps/web/src/verdict), between the evidence it weighs and the record. */}
      {children ? <div id="claim-verdict">{children}</div> : null}
      <TrailSection claimId={c.id} />
      <TimelineSection claimId={c.id} />
    </section>
  );
}

/** Statement, kind, claimant, priority, due time, state and who holds the lease for how long. */
function ClaimSummary({ claim }: { claim: WorkflowClaim }) {
  const { t } = useI18n();
  const actor = useActorName();
  const meId = useSession().data?.user.id;
  const none = t('claim.panel.none');
  return (
    <section id="claim-summary" aria-labelledby="claim-summary-title" className="claim-section">
      <h3 id="claim-summary-title">{t('claimPanel.summary')}</h3>
      <dl className="claim-facts">
        <div className="wide">
          <dt>{t('claim.panel.statement')}</dt>
          <dd>
            <UserText text={claim.statement} className="statement" />
          </dd>
        </div>
        <div className="wide">
          <dt>{t('claim.panel.anchor')}</dt>
          <dd>
            <UserText text={claim.anchor.quote.exact} as="q" />
          </dd>
        </div>
        <div>
          <dt>{t('claim.panel.kind')}</dt>
          <dd>{claim.kind ? t(`claim.kind.${claim.kind}` as MessageKey) : t('claim.kind.unset')}</dd>
        </div>
        <div>
          <dt>{t('claim.panel.claimant')}</dt>
          <dd>{claim.claimant ? <UserText text={claim.claimant} /> : none}</dd>
        </div>
        <div>
          <dt>{t('claim.panel.priority')}</dt>
          <dd className={`priority-${claim.priority}`}>{t(`claim.priority.${claim.priority}` as MessageKey)}</dd>
        </div>
        <div>
          <dt>{t('claim.panel.dueAt')}</dt>
          <dd>{claim.dueAt ? <DateTime value={claim.dueAt} /> : none}</dd>
        </div>
        <div>
          <dt>{t('claim.panel.state')}</dt>
          <dd>
            <span className={`state state-${claim.state}`} data-testid="claim-state">
              {t(`claim.state.${claim.state}` as MessageKey)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('claim.panel.lease')}</dt>
          <dd data-testid="claim-lease">
            {claim.assigneeId && claim.leaseExpiresAt ? (
              <>
                <span className="lease-holder">{claim.assigneeId === meId ? t('claimPanel.lease.mine') : t('claimPanel.lease.holder', { name: actor(claim.assigneeId) })}</span>
                <LeaseCountdown until={claim.leaseExpiresAt} />
              </>
            ) : (
              t('claim.panel.noLease')
            )}
          </dd>
        </div>
      </dl>
      {claim.failedStep ? (
        <p className="problem" dir="auto">
          {t('claim.panel.failure', { step: claim.failedStep, failure: claim.failure ?? '' })}
        </p>
      ) : null}
    </section>
  );
}
