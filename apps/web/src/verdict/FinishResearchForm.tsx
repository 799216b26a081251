import { Button, Form, Label, Text, TextArea, TextField } from 'react-aria-components';
import { ApiProblem } from '../api/client';
import { useClaimEvidence } from '../api/claims';
import type { ClaimDetail, User } from '../api/pending-contract';
import { useTransition } from '../api/workflow';
import { ConflictNotice } from '../components/ConflictNotice';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { useI18n } from '../i18n/i18n';
import { useActorName } from '../components/actor-names';
import { leaseHolder } from './verdict';
import { FieldProblem } from '../components/FieldProblem';

const FIELDS = ['unverifiableReason'] as const;

/**
 * Research: the checker who holds the task (or any checker while nobody does, the API's rule) sends it
 * on to assessment. Without a captured source the API wants the reason no source can be had, and the
 * verdict is then limited to "unverifiable": the form asks for that reason only in that case.
 */
export function FinishResearchForm({ claim, me, onReload, onMoved }: { claim: ClaimDetail; me: User; onReload: () => Promise<unknown>; onMoved: () => void }) {
  const { t } = useI18n();
  const name = useActorName();
  const finish = useTransition();
  const evidence = useClaimEvidence(claim.id);
  const holder = leaseHolder(claim);
  if (!me.roles.includes('checker')) return <p className="note">{t('verdict.research.checkersOnly')}</p>;
  if (holder && holder !== me.id) {
    return (
      <p className="note">
        {t('verdict.leasedTo', { name: name(holder) })} {t('verdict.research.leasedElsewhere')}
      </p>
    );
  }
  if (evidence.isError) return <ProblemMessage error={evidence.error} />;
  if (!evidence.data) return <p role="status">{t('app.loading')}</p>;
  const captured = evidence.data.filter((item) => item.archived).length;
  return (
    <Form
      aria-labelledby="finish-research-title"
      validationErrors={problemFieldErrors(finish.error)}
      onSubmit={(event) => {
        event.preventDefault();
        const reason = String(new FormData(event.currentTarget).get('unverifiableReason') ?? '').trim();
        const transition = { action: 'finish-research' as const, version: claim.version, ...(reason ? { unverifiableReason: reason } : {}) };
        finish.mutate({ claimId: claim.id, transition }, { onSuccess: onMoved });
      }}
    >
      <h4 id="finish-research-title">{t('verdict.research.title')}</h4>
      <p>{captured ? t('verdict.research.captured', { count: captured }) : t('verdict.research.noneCaptured')}</p>
      {captured ? null : (
        <TextField name="unverifiableReason" isRequired validate={(value) => (value.trim() ? null : t('verdict.research.reasonRequired'))}>
          <Label>{t('verdict.research.reason')}</Label>
          <TextArea dir="auto" rows={3} />
          <Text slot="description">{t('verdict.research.reasonHelp')}</Text>
          <FieldProblem />
        </TextField>
      )}
      <ConflictNotice error={finish.error} onReload={() => void onReload().then(() => finish.reset())} />
      {finish.error instanceof ApiProblem && finish.error.isConflict ? null : <ProblemMessage error={finish.error} shownFields={FIELDS} />}
      <Button type="submit" isPending={finish.isPending}>
        {t('verdict.research.submit')}
      </Button>
    </Form>
  );
}
