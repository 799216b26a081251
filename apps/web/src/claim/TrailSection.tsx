import { useClaimTrail, type TrailNode } from '../api/claims';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { layoutTrail, type TrailBranch } from './trail-layout';

/**
 * The provenance trail drawn as nested lists: each evidence source with the sources it derives from
 * beneath it (a downward arrow reads the same in both directions), primary sources, dead ends and
 * circular reporting marked with a sign and a word (never colour alone). The list is its own text
 * alternative; the summary above says whether a primary source is reached.
 */
export function TrailSection({ claimId }: { claimId: string }) {
  const { t } = useI18n();
  const trail = useClaimTrail(claimId);
  return (
    <section id="claim-trail" aria-labelledby="claim-trail-title" className="claim-section">
      <h3 id="claim-trail-title">{t('claimPanel.trail.title')}</h3>
      {trail.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : trail.isError ? (
        <ProblemMessage error={trail.error} />
      ) : trail.data.nodes.length === 0 ? (
        <p className="muted">{t('claimPanel.trail.none')}</p>
      ) : (
        <>
          <ul className="trail-summary">
            <li className={trail.data.reachesPrimary ? 'good' : 'warning'}>
              {trail.data.reachesPrimary ? t('claimPanel.trail.reaches', { distance: trail.data.primaryDistance ?? 0 }) : t('claimPanel.trail.notReaches')}
            </li>
            {trail.data.cycles.length ? <li className="warning">{t('claimPanel.trail.cycles', { count: trail.data.cycles.length })}</li> : null}
            {trail.data.deadEnds.length ? <li className="warning">{t('claimPanel.trail.deadEnds', { count: trail.data.deadEnds.length })}</li> : null}
            {trail.data.truncated ? <li className="warning">{t('claimPanel.trail.truncated')}</li> : null}
          </ul>
          <ul className="trail-tree" aria-label={t('claimPanel.trail.graph')} data-testid="trail-tree">
            {layoutTrail(trail.data).map((branch, i) => (
              <TrailItem key={`${branch.node.sourceId}-${i}`} branch={branch} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function TrailItem({ branch }: { branch: TrailBranch<TrailNode> }) {
  const { t } = useI18n();
  const { node } = branch;
  const marks: { className: string; sign: string; label: string }[] = [];
  if (branch.primary) marks.push({ className: 'mark-primary', sign: '★', label: t('claimPanel.trail.primary') });
  if (branch.deadEnd) marks.push({ className: 'mark-dead-end', sign: '⊘', label: t('claimPanel.trail.deadEnd') });
  if (branch.cycleBack) marks.push({ className: 'mark-cycle', sign: '↻', label: t('claimPanel.trail.cycleBack') });
  else if (branch.inCycle) marks.push({ className: 'mark-cycle', sign: '↻', label: t('claimPanel.trail.inCycle') });
  if (branch.seenAbove) marks.push({ className: 'mark-seen', sign: '↑', label: t('claimPanel.trail.seen') });
  return (
    <li className="trail-item" data-source-id={node.sourceId} data-cycle-back={branch.cycleBack || undefined}>
      {branch.depth > 0 ? (
        <span className="trail-arrow">
          <span aria-hidden="true">↓ </span>
          {t('claimPanel.trail.derivedFrom')}
        </span>
      ) : null}
      <div className={`trail-node${branch.primary ? ' primary' : ''}${branch.deadEnd ? ' dead-end' : ''}${branch.inCycle ? ' in-cycle' : ''}`}>
        <UserText text={node.title ?? node.url} className="trail-title" />
        {node.title ? (
          <span className="source-url" dir="ltr">
            {node.url}
          </span>
        ) : null}
        <span className="meta">
          {t(`claimPanel.sourceKind.${node.kind}` as MessageKey)} · {t(`claimPanel.subtype.${node.subtype}` as MessageKey)}
          {node.evidenceStance ? <> · {t('claimPanel.trail.evidence', { stance: t(`claimPanel.stance.${node.evidenceStance}` as MessageKey) })}</> : null}
          {node.distanceToPrimary !== null && !branch.primary ? <> · {t('claimPanel.trail.distance', { distance: node.distanceToPrimary })}</> : null}
        </span>
        {marks.length ? (
          <span className="trail-marks">
            {marks.map((m) => (
              <span key={m.className} className={`trail-mark ${m.className}`}>
                <span aria-hidden="true">{m.sign} </span>
                {m.label}
              </span>
            ))}
          </span>
        ) : null}
      </div>
      {branch.children.length ? (
        <ul>
          {branch.children.map((child, i) => (
            <TrailItem key={`${child.node.sourceId}-${i}`} branch={child} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
