import { useState } from 'react';
import { Button, FieldError, Form, Label, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { ApiProblem } from '../api/client';
import type { ClaimDetail, User } from '../api/pending-contract';
import { useTransition } from '../api/workflow';
import { ConflictNotice } from '../components/ConflictNotice';
import { DateTime } from '../components/DateTime';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { useActorName } from '../components/actor-names';
import { RatingName } from './RatingName';
import { leaseHolder, type Rating } from './verdict';
import { FieldProblem } from '../components/FieldProblem';

type Proposal = NonNullable<ClaimDetail['proposal']>;

/** The steps a review may send a claim back to (the workflow's `return` choices). */
const RETURN_STEPS = ['research', 'assessment'] as const;
const RETURN_FIELDS = ['to', 'comment'] as const;

/**
 * Review: the proposed rating, rationale and proposer; an editor other than the proposer approves, or
 * returns the claim to research or assessment with a comment. The proposer gets no approve or return
 * button, and a note saying why (the API refuses them regardless: four-eyes).
 */
export function ReviewPanel({ claim, proposal, me, ratings, onReload, onMoved }: { claim: ClaimDetail; proposal: Proposal; me: User; ratings: readonly Rating[]; onReload: () => Promise<unknown>; onMoved: () => void }) {
  const { t } = useI18n();
  const name = useActorName();
  const holder = leaseHolder(claim);
  const ownProposal = proposal.proposedBy === me.id;
  const mayReview = me.roles.includes('editor') && !ownProposal && (!holder || holder === me.id);
  return (
    <>
      <h4>{t('verdict.review.title')}</h4>
      <dl className="verdict-facts">
        <div>
          <dt>{t('verdict.propose.rating')}</dt>
          <dd>
            <RatingName ratingKey={proposal.rating} ratings={ratings} />
          </dd>
        </div>
        <div>
          <dt>{t('verdict.review.rationale')}</dt>
          <dd>
            <UserText text={proposal.rationale} className="rationale" />
          </dd>
        </div>
        <div>
          <dt>{t('verdict.review.proposed', { name: name(proposal.proposedBy) })}</dt>
          <dd>
            <DateTime value={proposal.proposedAt} />
          </dd>
        </div>
      </dl>
      {ownProposal ? (
        <p className="note four-eyes">{t('verdict.review.fourEyes')}</p>
      ) : !me.roles.includes('editor') ? (
        <p className="note">{t('verdict.review.editorsOnly')}</p>
      ) : holder && holder !== me.id ? (
        <p className="note">
          {t('verdict.leasedTo', { name: name(holder) })} {t('verdict.review.leasedElsewhere')}
        </p>
      ) : null}
      {mayReview ? <ReviewActions claim={claim} onReload={onReload} onMoved={onMoved} /> : null}
    </>
  );
}

function ReviewActions({ claim, onReload, onMoved }: { claim: ClaimDetail; onReload: () => Promise<unknown>; onMoved: () => void }) {
  const { t } = useI18n();
  const approve = useTransition();
  const sendBack = useTransition();
  const failed = approve.error ?? sendBack.error;
  // The comment is checked as it is typed (not when the field loses the focus, react-aria's native way):
  // an error that vanished on blur would move the Return button from under the pointer mid-click.
  const [comment, setComment] = useState('');
  const [attempted, setAttempted] = useState(false);
  const commentMissing = attempted && !comment.trim();
  const reload = () => void onReload().then(() => [approve, sendBack].forEach((mutation) => mutation.reset()));
  return (
    <div className="review-actions">
      <ConflictNotice error={failed} onReload={reload} />
      {approve.error instanceof ApiProblem && approve.error.isConflict ? null : <ProblemMessage error={approve.error} />}
      <Button onPress={() => approve.mutate({ claimId: claim.id, transition: { action: 'approve', version: claim.version } }, { onSuccess: onMoved })} isPending={approve.isPending} isDisabled={sendBack.isPending}>
        {t('verdict.review.approve')}
      </Button>
      <Form
        aria-labelledby="return-title"
        validationErrors={problemFieldErrors(sendBack.error)}
        onSubmit={(event) => {
          event.preventDefault();
          if (!comment.trim()) return;
          const form = new FormData(event.currentTarget);
          const to = String(form.get('to')) as (typeof RETURN_STEPS)[number];
          sendBack.mutate({ claimId: claim.id, transition: { action: 'return', version: claim.version, to, comment: comment.trim() } }, { onSuccess: onMoved });
        }}
      >
        <h4 id="return-title">{t('verdict.return.title')}</h4>
        <RadioGroup name="to" isRequired>
          <Label>{t('verdict.return.to')}</Label>
          {RETURN_STEPS.map((step) => (
            <Radio key={step} value={step}>
              {t(`claim.state.${step}`)}
            </Radio>
          ))}
          <FieldProblem required={t('verdict.return.toRequired')} />
        </RadioGroup>
        <TextField name="comment" value={comment} onChange={setComment} isInvalid={commentMissing || undefined} aria-required>
          <Label>{t('verdict.return.comment')}</Label>
          <TextArea dir="auto" rows={3} />
          <Text slot="description">{t('verdict.return.commentHelp')}</Text>
          <FieldError>{commentMissing ? t('verdict.return.commentRequired') : undefined}</FieldError>
        </TextField>
        {sendBack.error instanceof ApiProblem && sendBack.error.isConflict ? null : <ProblemMessage error={sendBack.error} shownFields={RETURN_FIELDS} />}
        <Button type="submit" className="react-aria-Button quiet" isPending={sendBack.isPending} isDisabled={approve.isPending} onPress={() => setAttempted(true)}>
          {t('verdict.return.submit')}
        </Button>
      </Form>
    </div>
  );
}
