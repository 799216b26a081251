import { Button, Form, Label, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { ApiProblem } from '../api/client';
import type { ClaimDetail, User } from '../api/pending-contract';
import { useTransition } from '../api/workflow';
import { ConflictNotice } from '../components/ConflictNotice';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { useActorName } from '../components/actor-names';
import { leaseHolder, ratingLabel, ratingsFor, type Rating } from './verdict';
import { FieldProblem } from '../components/FieldProblem';

const FIELDS = ['rating', 'rationale'] as const;

/**
 * Assessment: a rating from the desk's scale and the rationale, proposed by a checker (the lease
 * holder, or anyone with the checker role while nobody holds it: the API's rule). Everyone else sees
 * why they cannot propose.
 */
export function ProposeForm({ claim, me, ratings, scaleVersion, onReload, onMoved }: { claim: ClaimDetail; me: User; ratings: readonly Rating[]; scaleVersion: number; onReload: () => Promise<unknown>; onMoved: () => void }) {
  const { t, language } = useI18n();
  const name = useActorName();
  const propose = useTransition();
  const holder = leaseHolder(claim);
  if (!me.roles.includes('checker')) return <p className="note">{t('verdict.propose.checkersOnly')}</p>;
  if (holder && holder !== me.id) {
    return (
      <p className="note">
        {t('verdict.leasedTo', { name: name(holder) })} {t('verdict.propose.leasedElsewhere')}
      </p>
    );
  }
  const choices = ratingsFor(ratings, claim);
  return (
    <Form
      aria-labelledby="propose-title"
      validationErrors={problemFieldErrors(propose.error)}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const transition = { action: 'propose' as const, version: claim.version, rating: String(form.get('rating')), rationale: String(form.get('rationale')).trim() };
        propose.mutate({ claimId: claim.id, transition }, { onSuccess: onMoved });
      }}
    >
      <h4 id="propose-title">{t('verdict.propose.title')}</h4>
      <RadioGroup name="rating" isRequired>
        <Label>{t('verdict.propose.rating')}</Label>
        <Text slot="description">
          {claim.unverifiableReason ? (
            <>
              {t('verdict.propose.unverifiableOnly')} <UserText text={claim.unverifiableReason} />
            </>
          ) : (
            // Version 0 is the scale built into the desk, before an admin published one.
            scaleVersion === 0 ? t('verdict.propose.ratingHelpDefault') : t('verdict.propose.ratingHelp', { version: scaleVersion })
          )}
        </Text>
        {choices.map((rating) => {
          const label = ratingLabel(rating, language);
          return (
            <Radio key={rating.key} value={rating.key}>
              <span lang={label.lang} dir="auto">
                {label.text}
              </span>
              {rating.group === 'quote' ? <span className="muted">{t('verdict.propose.quoteGroup')}</span> : null}
            </Radio>
          );
        })}
        <FieldProblem required={t('verdict.propose.ratingRequired')} />
      </RadioGroup>
      <TextField name="rationale" isRequired validate={(value) => (value.trim() ? null : t('verdict.propose.rationaleRequired'))}>
        <Label>{t('verdict.propose.rationale')}</Label>
        <TextArea dir="auto" rows={5} />
        <Text slot="description">{t('verdict.propose.rationaleHelp')}</Text>
        <FieldProblem />
      </TextField>
      <ConflictNotice error={propose.error} onReload={() => void onReload().then(() => propose.reset())} />
      {propose.error instanceof ApiProblem && propose.error.isConflict ? null : <ProblemMessage error={propose.error} shownFields={FIELDS} />}
      <Button type="submit" isPending={propose.isPending}>
        {t('verdict.propose.submit')}
      </Button>
    </Form>
  );
}
