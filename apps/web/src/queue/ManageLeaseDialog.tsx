import { useState } from 'react';
import { Button, Dialog, Heading, Label, ListBox, ListBoxItem, Modal, Popover, Select, SelectValue, TextArea, TextField } from 'react-aria-components';
import { ApiProblem } from '../api/client';
import type { ClaimDetail } from '../api/pending-contract';
import { useTransition } from '../api/workflow';
import { ConflictNotice } from '../components/ConflictNotice';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';

/**
 * An editor's hand on someone's lease: give the task to another person (me, or anyone holding a task in
 * this step), or release it on the holder's behalf, which the API accepts only with a comment saying why.
 */
export function ManageLeaseDialog({ claim, people, holderName, onClose }: { claim: ClaimDetail; people: string[]; holderName: (id: string) => string; onClose: () => void }) {
  const { t } = useI18n();
  const transition = useTransition();
  const [assignee, setAssignee] = useState<string | null>(people[0] ?? null);
  const [comment, setComment] = useState('');
  const act = (kind: 'reassign' | 'release') => {
    const note = comment.trim() || undefined;
    const body =
      kind === 'reassign' ? { action: 'reassign' as const, assigneeId: assignee!, version: claim.version, comment: note } : { action: 'release' as const, version: claim.version, comment: note };
    transition.mutate({ claimId: claim.id, transition: body }, { onSuccess: onClose });
  };
  return (
    <Modal isOpen onOpenChange={(open) => (open ? undefined : onClose())} isDismissable className="react-aria-Modal">
      <Dialog aria-labelledby="manage-title">
        <Heading slot="title" id="manage-title">
          {t('queue.manage.title')}
        </Heading>
        <UserText as="p" text={claim.statement} />
        <p>{t('queue.manage.holder', { name: holderName(claim.assigneeId!) })}</p>
        <Select selectedKey={assignee} onSelectionChange={(key) => setAssignee(String(key))}>
          <Label>{t('queue.manage.to')}</Label>
          <Button>
            <SelectValue />
          </Button>
          <Popover>
            <ListBox>
              {people.map((id) => (
                <ListBoxItem key={id} id={id}>
                  {holderName(id)}
                </ListBoxItem>
              ))}
            </ListBox>
          </Popover>
        </Select>
        <TextField value={comment} onChange={setComment}>
          <Label>{t('queue.manage.comment')}</Label>
          <TextArea dir="auto" />
        </TextField>
        <ConflictNotice error={transition.error} onReload={onClose} />
        {transition.error instanceof ApiProblem && transition.error.isConflict ? null : <ProblemMessage error={transition.error} shownFields={[]} />}
        <div className="row">
          <Button onPress={() => act('reassign')} isPending={transition.isPending} isDisabled={!assignee}>
            {t('queue.manage.reassign')}
          </Button>
          <Button className="react-aria-Button quiet" onPress={() => act('release')} isPending={transition.isPending}>
            {t('queue.manage.release')}
          </Button>
          <Button className="react-aria-Button quiet" onPress={onClose}>
            {t('app.cancel')}
          </Button>
        </div>
      </Dialog>
    </Modal>
  );
}
