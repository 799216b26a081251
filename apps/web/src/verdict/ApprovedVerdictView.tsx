import type { TimelineEntry } from '../api/claims';
import { DateTime } from '../components/DateTime';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { useActorName } from '../components/actor-names';
import { RatingName } from './RatingName';
import { approvedVerdict, type Rating } from './verdict';

/** Done: the approved verdict, who proposed and who approved it, and when (from the claim's timeline). */
export function ApprovedVerdictView({ timeline, ratings }: { timeline: readonly TimelineEntry[]; ratings: readonly Rating[] }) {
  const { t } = useI18n();
  const name = useActorName();
  const verdict = approvedVerdict(timeline);
  if (!verdict) return <p className="note">{t('verdict.done.missing')}</p>;
  return (
    <>
      <h4>{t('verdict.done.title')}</h4>
      <dl className="verdict-facts">
        <div>
          <dt>{t('verdict.propose.rating')}</dt>
          <dd>
            <RatingName ratingKey={verdict.rating} ratings={ratings} />
          </dd>
        </div>
        {verdict.rationale ? (
          <div>
            <dt>{t('verdict.review.rationale')}</dt>
            <dd>
              <UserText text={verdict.rationale} className="rationale" />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('verdict.done.proposed', { name: name(verdict.proposedBy) })}</dt>
          <dd>{verdict.proposedAt ? <DateTime value={verdict.proposedAt} /> : null}</dd>
        </div>
        <div>
          <dt>{t('verdict.done.approved', { name: name(verdict.approvedBy) })}</dt>
          <dd>
            <DateTime value={verdict.approvedAt} />
          </dd>
        </div>
      </dl>
    </>
  );
}
