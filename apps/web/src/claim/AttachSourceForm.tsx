import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Button, FileTrigger, Form, Input, Label, ListBox, ListBoxItem, Popover, Radio, RadioGroup, Select, SelectValue, Text, TextArea, TextField } from 'react-aria-components';
import { useAttachSource, type NewSource, type Stance, type WorkflowClaim } from '../api/claims';
import { ApiProblem } from '../api/client';
import { queryKeys } from '../api/keys';
import { ConflictNotice } from '../components/ConflictNotice';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { EVIDENCE_STEPS } from './access';
import { FieldProblem } from '../components/FieldProblem';

const KINDS: NewSource['kind'][] = ['primary', 'secondary', 'tertiary'];
const SUBTYPES: NewSource['subtype'][] = ['official-statement', 'treaty-text', 'transcript', 'dataset', 'filing', 'news-report', 'analysis', 'encyclopedia', 'other'];
const STANCES: Stance[] = ['supports', 'refutes', 'context'];
/** Inputs that show the API's field errors under themselves (the source's and the evidence's fields). */
const FIELDS = ['url', 'kind', 'subtype', 'title', 'publisher', 'stance', 'excerpt', 'note', 'sourceId', '(body)'] as const;
/** 409s that are not someone else's change: the answer itself, shown as a problem. */
const NOT_STALE = new Set(['evidence-exists']);

type Method = 'url' | 'upload';

/**
 * Attach a source to the claim: captured by the desk from its address, or a saved copy uploaded from
 * here (with the address it was saved from), with the stance and the excerpt that matters. What the
 * capture makes of it shows live in the evidence list above.
 */
export function AttachSourceForm({ claim }: { claim: WorkflowClaim }) {
  const { t } = useI18n();
  const attach = useAttachSource();
  const queryClient = useQueryClient();
  const [method, setMethod] = useState<Method>('url');
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const [subtype, setSubtype] = useState<NewSource['subtype']>('official-statement');
  const formRef = useRef<HTMLFormElement>(null);

  if (!EVIDENCE_STEPS.includes(claim.state)) {
    return (
      <section aria-labelledby="attach-title" className="attach">
        <h4 id="attach-title">{t('claimPanel.attach.title')}</h4>
        <p className="muted">{t('claimPanel.attach.notNow', { state: t(`claim.state.${claim.state}` as MessageKey) })}</p>
      </section>
    );
  }

  const stale = attach.error instanceof ApiProblem && attach.error.isConflict && !NOT_STALE.has(attach.error.problem.code ?? '');
  return (
    <section aria-labelledby="attach-title" className="attach">
      <h4 id="attach-title">{t('claimPanel.attach.title')}</h4>
      <Form
        ref={formRef}
        validationErrors={problemFieldErrors(attach.error)}
        onSubmit={(event) => {
          event.preventDefault();
          if (method === 'upload' && !file) {
            setFileMissing(true);
            return;
          }
          const form = new FormData(event.currentTarget);
          const text = (name: string) => String(form.get(name) ?? '').trim() || null;
          attach.mutate(
            {
              claimId: claim.id,
              source: { url: text('url') ?? '', kind: form.get('kind') as NewSource['kind'], subtype, title: text('title'), publisher: text('publisher') },
              file: method === 'upload' ? file : null,
              stance: form.get('stance') as Stance,
              excerpt: text('excerpt'),
              note: text('note'),
            },
            {
              // A native reset (react-aria's fields follow it): the form stays mounted, so the focus and the
              // pending button's announcement keep pointing at elements that exist.
              onSuccess: () => {
                setFile(null);
                formRef.current?.reset();
              },
            },
          );
        }}
      >
        <RadioGroup value={method} onChange={(value) => setMethod(value as Method)} orientation="horizontal">
          <Label>{t('claimPanel.attach.how')}</Label>
          <Radio value="url">{t('claimPanel.attach.byUrl')}</Radio>
          <Radio value="upload">{t('claimPanel.attach.byUpload')}</Radio>
        </RadioGroup>
        <TextField name="url" type="url" isRequired>
          <Label>{t('claimPanel.attach.url')}</Label>
          <Input dir="ltr" />
          <Text slot="description">{t('claimPanel.attach.urlHelp')}</Text>
          <FieldProblem invalid={t('field.invalidUrl')} />
        </TextField>
        {method === 'upload' ? (
          <div className="file-pick">
            <span className="react-aria-Label" id="attach-file-label">
              {t('claimPanel.attach.file')}
            </span>
            <div className="row">
              <FileTrigger
                acceptedFileTypes={['text/html', 'application/pdf', 'text/plain', '.html', '.htm', '.pdf', '.txt']}
                onSelect={(files) => {
                  setFile(files?.[0] ?? null);
                  setFileMissing(false);
                }}
              >
                <Button className="quiet" aria-describedby="attach-file-label attach-file-help">
                  {t('claimPanel.attach.file')}
                </Button>
              </FileTrigger>
              {file ? (
                <span dir="auto" data-testid="attach-file-name">
                  {file.name}
                </span>
              ) : null}
            </div>
            <span slot="description" id="attach-file-help">
              {t('claimPanel.attach.fileHelp')}
            </span>
            {fileMissing ? (
              <p role="alert" className="react-aria-FieldError">
                {t('claimPanel.attach.fileMissing')}
              </p>
            ) : null}
            {problemFieldErrors(attach.error)['(body)'] ? <p className="react-aria-FieldError">{problemFieldErrors(attach.error)['(body)']}</p> : null}
          </div>
        ) : null}
        <div className="attach-columns">
          <RadioGroup name="kind" defaultValue="primary" isRequired>
            <Label>{t('claimPanel.attach.kind')}</Label>
            {KINDS.map((kind) => (
              <Radio key={kind} value={kind}>
                {t(`claimPanel.sourceKind.${kind}` as MessageKey)}
              </Radio>
            ))}
            <FieldProblem />
          </RadioGroup>
          <Select selectedKey={subtype} onSelectionChange={(key) => setSubtype(key as NewSource['subtype'])}>
            <Label>{t('claimPanel.attach.subtype')}</Label>
            <Button>
              <SelectValue />
            </Button>
            <Popover>
              <ListBox>
                {SUBTYPES.map((s) => (
                  <ListBoxItem key={s} id={s}>
                    {t(`claimPanel.subtype.${s}` as MessageKey)}
                  </ListBoxItem>
                ))}
              </ListBox>
            </Popover>
          </Select>
        </div>
        <TextField name="title">
          <Label>{t('claimPanel.attach.sourceTitle')}</Label>
          <Input dir="auto" />
          <FieldProblem />
        </TextField>
        <TextField name="publisher">
          <Label>{t('claimPanel.attach.publisher')}</Label>
          <Input dir="auto" />
          <FieldProblem />
        </TextField>
        <RadioGroup name="stance" defaultValue="supports" isRequired orientation="horizontal">
          <Label>{t('claimPanel.attach.stance')}</Label>
          {STANCES.map((stance) => (
            <Radio key={stance} value={stance}>
              {t(`claimPanel.stance.${stance}` as MessageKey)}
            </Radio>
          ))}
          <FieldProblem />
        </RadioGroup>
        <TextField name="excerpt">
          <Label>{t('claimPanel.attach.excerpt')}</Label>
          <TextArea dir="auto" rows={3} />
          <Text slot="description">{t('claimPanel.attach.excerptHelp')}</Text>
          <FieldProblem />
        </TextField>
        <TextField name="note">
          <Label>{t('claimPanel.attach.note')}</Label>
          <TextArea dir="auto" rows={2} />
          <FieldProblem />
        </TextField>
        {stale ? <ConflictNotice error={attach.error} onReload={() => void queryClient.invalidateQueries({ queryKey: queryKeys.claim(claim.id) }).then(() => attach.reset())} /> : <ProblemMessage error={attach.error} shownFields={FIELDS} />}
        <div aria-live="polite" className="status">
          {attach.isSuccess ? <p>{t('claimPanel.attach.done')}</p> : null}
        </div>
        <Button type="submit" isPending={attach.isPending}>
          {t('claimPanel.attach.submit')}
        </Button>
      </Form>
    </section>
  );
}
