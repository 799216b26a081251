import { useState } from 'react';
import { Button, Dialog, Form, Heading, Input, Label, ListBox, ListBoxItem, Modal, Popover, Select, SelectValue, Text, TextArea, TextField } from 'react-aria-components';
import { CLAIM_PRIORITIES, useSubmitClaim, type ClaimKind, type ClaimPriority, type NewClaim } from '../api/article-claims';
import { ApiProblem } from '../api/client';
import type { Claim } from '../api/pending-contract';
import { ClaimKindSelect } from '../components/ClaimKindSelect';
import { FieldProblem } from '../components/FieldProblem';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { useI18n } from '../i18n/i18n';
import { wallTimeToIso } from '../i18n/time';
import { quoteSpan, type CodePointIndex, type CodePointSpan, type SpanQuote } from './anchoring';

const FIELDS = ['statement', 'kind', 'claimant', 'priority', 'dueAt', 'anchor.exact', 'anchor.start', 'anchor.end'] as const;
// Context shown around each occurrence of an ambiguous span, in code points.
const OCCURRENCE_CONTEXT = 24;
// Positions are shown as the API gives them (no digit grouping), so they can be compared with it.

/** Code point starts of the candidates, when the API refused the span as ambiguous. */
function ambiguousOccurrences(error: unknown): number[] {
  if (!(error instanceof ApiProblem) || error.problem.code !== 'anchor-ambiguous') return [];
  const occurrences = error.problem.occurrences;
  return Array.isArray(occurrences) ? occurrences.filter((o): o is number => Number.isInteger(o)) : [];
}

interface Props {
  articleId: string;
  index: CodePointIndex;
  lang: string;
  dir: string;
  /** The selection the form starts from; null opens it with the words to type. */
  selection: SpanQuote | null;
  onClose(): void;
  onSubmitted(claim: Claim): void;
}

/**
 * The claim form for a span of the article. With a selection, the anchor is its code point positions
 * plus the exact words, so it is never ambiguous. Words typed or changed by hand are sent alone; if they
 * occur more than once the API answers `anchor-ambiguous` with the occurrences, shown here in context
 * for the person to pick one (which is then sent by position).
 */
export function ClaimSpanDialog({ articleId, index, lang, dir, selection, onClose, onSubmitted }: Props) {
  const { t, timeZone } = useI18n();
  const submit = useSubmitClaim(articleId);
  // A new key after each refusal: the next attempt is a different request, not a replay.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [exact, setExact] = useState(selection?.exact ?? '');
  const [statement, setStatement] = useState(selection?.exact ?? '');
  const [kind, setKind] = useState<ClaimKind | null>(null);
  const [priority, setPriority] = useState<ClaimPriority>('normal');
  // The positions hold only while the words are the ones at them.
  const [position, setPosition] = useState<(CodePointSpan & { exact: string }) | null>(selection);
  const positioned = position && position.exact === exact.normalize('NFC') ? position : null;
  const occurrences = ambiguousOccurrences(submit.error);
  // What was last submitted, resent by position when the person picks an occurrence.
  const [fields, setFields] = useState<Omit<NewClaim, 'anchor'> | null>(null);

  const send = (fields: Omit<NewClaim, 'anchor'>, at: CodePointSpan | null) => {
    const anchor: NewClaim['anchor'] = at ? { exact, start: at.start, end: at.end } : { exact };
    submit.mutate(
      { claim: { ...fields, anchor }, idempotencyKey },
      { onSuccess: onSubmitted, onError: () => setIdempotencyKey(crypto.randomUUID()) },
    );
  };

  const choose = (start: number) => {
    const span = { start, end: start + Array.from(exact.normalize('NFC')).length };
    setPosition({ ...span, exact: exact.normalize('NFC') });
    if (fields) send(fields, span);
  };

  return (
    <Modal isOpen onOpenChange={(open) => (open ? undefined : onClose())} isDismissable className="react-aria-Modal claim-form-modal">
      <Dialog aria-labelledby="claim-form-title">
        <Heading slot="title" id="claim-form-title">
          {t('claim.form.title')}
        </Heading>
        <Form
          validationErrors={problemFieldErrors(submit.error)}
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            const text = (name: string) => String(form.get(name) ?? '').trim();
            const dueAt = text('dueAt');
            const next = {
              statement: statement.trim(),
              claimant: text('claimant') || null,
              priority,
              dueAt: dueAt ? wallTimeToIso(dueAt, timeZone) : null,
              ...(kind ? { kind } : {}),
            };
            setFields(next);
            send(next, positioned);
          }}
        >
          <TextField name="anchor.exact" isRequired value={exact} onChange={setExact} className="react-aria-TextField quote-field">
            <Label>{t('claim.form.quote')}</Label>
            <TextArea lang={lang} dir={dir} rows={2} />
            <Text slot="description">
              {positioned ? `${t('claim.form.spanPosition', { start: String(positioned.start), end: String(positioned.end) })}. ` : ''}
              {t('claim.form.quoteHelp')}
            </Text>
            <FieldProblem />
          </TextField>
          {occurrences.length ? (
            <div className="occurrences" role="group" aria-labelledby="occurrences-title">
              <p id="occurrences-title">{t('claim.form.ambiguous', { count: occurrences.length })}</p>
              <ol>
                {occurrences.map((start) => {
                  const quote = quoteSpan(index, { start, end: start + Array.from(exact.normalize('NFC')).length }, OCCURRENCE_CONTEXT);
                  return (
                    <li key={start}>
                      <span className="occurrence-context" lang={lang} dir={dir}>
                        …{quote.prefix}
                        <mark>{quote.exact}</mark>
                        {quote.suffix}…
                      </span>{' '}
                      <span className="muted">{t('claim.form.occurrence', { start: String(start) })}</span>{' '}
                      <Button className="react-aria-Button quiet" onPress={() => choose(start)} aria-label={`${t('claim.form.useOccurrence')}: ${t('claim.form.occurrence', { start: String(start) })}`}>
                        {t('claim.form.useOccurrence')}
                      </Button>
                    </li>
                  );
                })}
              </ol>
            </div>
          ) : null}
          <TextField name="statement" isRequired value={statement} onChange={setStatement}>
            <Label>{t('claim.form.statement')}</Label>
            <TextArea dir="auto" rows={3} />
            <Text slot="description">{t('claim.form.statementHelp')}</Text>
            <FieldProblem />
          </TextField>
          <div className="form-grid">
            <ClaimKindSelect label={t('claim.form.kind')} value={kind} onChange={setKind} allowUnset />
            <Select name="priority" selectedKey={priority} onSelectionChange={(key) => setPriority(key as ClaimPriority)}>
              <Label>{t('claim.form.priority')}</Label>
              <Button>
                <SelectValue />
              </Button>
              <FieldProblem />
              <Popover>
                <ListBox>
                  {CLAIM_PRIORITIES.map((p) => (
                    <ListBoxItem key={p} id={p}>
                      {t(`claim.priority.${p}`)}
                    </ListBoxItem>
                  ))}
                </ListBox>
              </Popover>
            </Select>
          </div>
          <TextField name="claimant">
            <Label>{t('claim.form.claimant')}</Label>
            <Input dir="auto" />
            <Text slot="description">{t('claim.form.claimantHelp')}</Text>
            <FieldProblem />
          </TextField>
          <TextField name="dueAt" type="datetime-local">
            <Label>{t('claim.form.dueAt')}</Label>
            <Input type="datetime-local" dir="ltr" />
            <Text slot="description">{t('claim.form.dueAtHelp', { timeZone })}</Text>
            <FieldProblem />
          </TextField>
          <ProblemMessage error={submit.error} shownFields={FIELDS} />
          <div className="row">
            <Button type="submit" isPending={submit.isPending}>
              {t('claim.form.submit')}
            </Button>
            <Button className="react-aria-Button quiet" onPress={onClose}>
              {t('app.cancel')}
            </Button>
          </div>
        </Form>
      </Dialog>
    </Modal>
  );
}
