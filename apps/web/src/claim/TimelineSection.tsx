import { useClaimTimeline } from '../api/claims';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useActorName } from '../components/actor-names';

const STEPS = new Set(['intake', 'research', 'assessment', 'review', 'done', 'failed']);
const KNOWN_ACTIONS = new Set(['submit', 'complete-intake', 'fail', 'retry', 'take', 'release', 'expire-lease', 'finish-research', 'propose', 'approve', 'return', 'reassign', 'reopen']);

/** Every transition of the claim, oldest first: what happened, from which step to which, who, when and their comment. */
export function TimelineSection({ claimId }: { claimId: string }) {
  const { t } = useI18n();
  const actor = useActorName();
  const timeline = useClaimTimeline(claimId);
  const step = (s: string) => (STEPS.has(s) ? t(`claim.state.${s}` as MessageKey) : s || t('claim.panel.none'));
  return (
    <section id="claim-timeline" aria-labelledby="claim-timeline-title" className="claim-section">
      <h3 id="claim-timeline-title">{t('claimPanel.timeline.title')}</h3>
      {timeline.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : timeline.isError ? (
        <ProblemMessage error={timeline.error} />
      ) : timeline.data.length === 0 ? (
        <p className="muted">{t('claimPanel.timeline.none')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {timeline.data.map((entry) => (
            <li key={entry.seq} data-action={entry.action}>
              <strong>{KNOWN_ACTIONS.has(entry.action) ? t(`claimPanel.action.${entry.action}` as MessageKey) : entry.action}</strong>{' '}
              <span>{t('claimPanel.timeline.move', { from: step(entry.from), to: step(entry.to) })}</span>{' '}
              <span className="meta">
                {t('claimPanel.timeline.by', { name: actor(entry.actorId) })} · <DateTime value={entry.at} />
              </span>
              {entry.comment ? <UserText as="p" text={entry.comment} className="comment" /> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
