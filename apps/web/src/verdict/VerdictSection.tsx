import { useRef } from 'react';
import { useClaim, useClaimTimeline, type TimelineEntry } from '../api/claims';
import type { ClaimDetail } from '../api/pending-contract';
import { useSession } from '../api/session';
import { useRatingScale } from '../api/users';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ApprovedVerdictView } from './ApprovedVerdictView';
import { FinishResearchForm } from './FinishResearchForm';
import { ProposeForm } from './ProposeForm';
import { ReviewPanel } from './ReviewPanel';
import { useActorName } from '../components/actor-names';
import { returnedInto, type Rating } from './verdict';

/**
 * The claim's verdict, by step: in assessment the checker proposes a rating and rationale; in review an
 * editor other than the proposer approves it or returns it with a comment; once done, the verdict with
 * who proposed and approved it, and when. The claim and its timeline come from the query cache, which
 * live events refresh, so another person's proposal or approval shows here without a reload.
 */
export function VerdictSection({ claimId }: { claimId: string }) {
  const { t } = useI18n();
  const claim = useClaim(claimId);
  const timeline = useClaimTimeline(claimId);
  const scale = useRatingScale();
  const heading = useRef<HTMLHeadingElement>(null);

  return (
    <section aria-labelledby="verdict-title" className="verdict claim-section">
      <h3 id="verdict-title" ref={heading} tabIndex={-1}>
        {t('verdict.title')}
      </h3>
      {claim.isError || scale.isError || timeline.isError ? (
        <ProblemMessage error={claim.error ?? scale.error ?? timeline.error} />
      ) : !claim.data || !scale.data || !timeline.data ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <VerdictForStep
          claim={claim.data}
          ratings={scale.data.scale.ratings}
          scaleVersion={scale.data.version}
          timeline={timeline.data}
          onReload={() => Promise.all([claim.refetch(), timeline.refetch()])}
          // The form the person used is gone once the claim moves: the focus goes to the section, not the page's start.
          onMoved={() => heading.current?.focus()}
        />
      )}
    </section>
  );
}

function VerdictForStep({ claim, ratings, scaleVersion, timeline, onReload, onMoved }: { claim: ClaimDetail; ratings: readonly Rating[]; scaleVersion: number; timeline: readonly TimelineEntry[]; onReload: () => Promise<unknown>; onMoved: () => void }) {
  const { t } = useI18n();
  const me = useSession().data!.user;
  const returned = returnedInto(timeline, claim.state);
  const returnNote = returned ? <ReturnNote by={returned.actorId} comment={returned.comment!} /> : null;
  switch (claim.state) {
    case 'research':
      return (
        <>
          {returnNote}
          <FinishResearchForm claim={claim} me={me} onReload={onReload} onMoved={onMoved} />
        </>
      );
    case 'assessment':
      return (
        <>
          {returnNote}
          <ProposeForm claim={claim} me={me} ratings={ratings} scaleVersion={scaleVersion} onReload={onReload} onMoved={onMoved} />
        </>
      );
    case 'review':
      return claim.proposal ? <ReviewPanel claim={claim} proposal={claim.proposal} me={me} ratings={ratings} onReload={onReload} onMoved={onMoved} /> : null;
    case 'done':
      return <ApprovedVerdictView timeline={timeline} ratings={ratings} />;
    default:
      return (
        <>
          {returnNote}
          <p>{t('verdict.notYet', { step: t(`claim.state.${claim.state}` as MessageKey) })}</p>
        </>
      );
  }
}

function ReturnNote({ by, comment }: { by: string; comment: string }) {
  const { t } = useI18n();
  const name = useActorName();
  return (
    <div className="note returned">
      <strong>{t('verdict.returned', { name: name(by) })}</strong> <UserText text={comment} className="comment" />
    </div>
  );
}
