import { useSourceTrail } from '../api/audit';
import type { Source } from '../api/pending-admin-contract';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useActorName } from '../components/actor-names';
import { replaySourceTrail, type TrailStep } from './replay';

const sourceName = (source: Source) => source.title ?? source.url;

/** A claim's source trail replayed from the audit log in time order, and what changed at each source since it was attached. */
export function SourceTrailReplay({ claimId }: { claimId: string }) {
  const { t } = useI18n();
  const trail = useSourceTrail(claimId);
  if (trail.isPending) return <p role="status">{t('app.loading')}</p>;
  if (trail.error || !trail.data) return <ProblemMessage error={trail.error} />;
  const { steps, sources } = replaySourceTrail(trail.data);
  return (
    <section aria-labelledby="trail-title" className="card">
      <h2 id="trail-title">{t('audit.trail.title')}</h2>
      {sources.length === 0 ? (
        <p>{t('audit.trail.none')}</p>
      ) : (
        <>
          <h3>{t('audit.trail.since')}</h3>
          <ul className="plain">
            {sources.map(({ source, attached, driftSince, rotSince }) => (
              <li key={source.id}>
                <UserText text={sourceName(source)} />{' '}
                <span className="meta">
                  {t('audit.trail.attachedAt')} <DateTime value={attached.occurredAt} />
                </span>
                <p className={driftSince.length || rotSince.length ? 'warn' : undefined}>
                  {driftSince.length ? t('audit.trail.drift', { count: driftSince.length }) : t('audit.trail.noDrift')} ·{' '}
                  {rotSince.length ? t('audit.trail.rot', { count: rotSince.length }) : t('audit.trail.noRot')}
                </p>
              </li>
            ))}
          </ul>
          <h3>{t('audit.trail.replay')}</h3>
          <ol className="timeline">
            {steps.map((step) => (
              <TrailStepItem key={step.event.seq} step={step} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

const KNOWN_ACTIONS = new Set(['evidence.attached', 'source.created', 'source.derived-from', 'source.drift', 'source.rot', 'capture.requested', 'capture.uploaded']);

function TrailStepItem({ step }: { step: TrailStep }) {
  const { t } = useI18n();
  const actorName = useActorName();
  const { event, source, capture } = step;
  const action = KNOWN_ACTIONS.has(event.action) ? event.action : event.action.startsWith('capture.') ? 'capture.finished' : 'other';
  const stance = event.action === 'evidence.attached' ? (event.after as { stance: string }).stance : '';
  return (
    <li>
      <DateTime value={event.occurredAt} /> · <bdi>{actorName(event.actorId)}</bdi>
      <p>
        {t(`audit.trail.action.${action}` as MessageKey, { stance, status: capture?.status ?? '', action: event.action })}{' '}
        <UserText text={sourceName(source)} className="source" />
      </p>
      {capture?.sha256 || capture?.reason ? (
        <p className="meta">
          {capture.finishedAt ? (
            <>
              {t('audit.trail.capturedAt')} <DateTime value={capture.finishedAt} />{' '}
            </>
          ) : null}
          {capture.sha256 ? (
            <>
              sha256 <bdi className="code">{capture.sha256}</bdi>
            </>
          ) : null}
          {capture.reason ? <UserText text={t('audit.trail.reason', { reason: capture.reason })} /> : null}
        </p>
      ) : null}
    </li>
  );
}
