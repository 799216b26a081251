import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Button, FileTrigger, Form, Input, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useCreateArticle, type NewArticle } from '../api/articles';
import { FieldProblem } from '../components/FieldProblem';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { useI18n } from '../i18n/i18n';
import { wallTimeToIso } from '../i18n/time';

const FIELDS = ['title', 'outlet', 'url', 'language', 'publishedAt', 'body'] as const;

/** Paste the text or load a .txt file, with the article's details; the API's field errors show under their inputs. */
export function NewArticleScreen() {
  const { t, timeZone } = useI18n();
  const navigate = useNavigate();
  const create = useCreateArticle();
  // One key per form: pressing submit twice (or a retried request) creates one article.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [body, setBody] = useState('');
  const [language, setLanguage] = useState('');
  const [fileNote, setFileNote] = useState<string | null>(null);

  const loadFile = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    if (file.type && file.type !== 'text/plain') {
      setFileNote(t('article.new.fileNotText'));
      return;
    }
    const text = await file.text();
    setBody(text);
    setFileNote(t('article.new.fileLoaded', { name: file.name, count: Array.from(text).length }));
  };

  return (
    <section aria-labelledby="new-article-title" className="narrow wide-form">
      <h1 id="new-article-title">{t('article.new.title')}</h1>
      <Form
        validationErrors={problemFieldErrors(create.error)}
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const text = (name: string) => String(form.get(name) ?? '').trim();
          const publishedAt = text('publishedAt');
          const article: NewArticle = {
            title: text('title'),
            outlet: text('outlet') || null,
            url: text('url') || null,
            language: text('language'),
            publishedAt: publishedAt ? wallTimeToIso(publishedAt, timeZone) : null,
            body,
          };
          create.mutate({ article, idempotencyKey }, { onSuccess: (created) => void navigate({ to: '/articles/$articleId', params: { articleId: created.id } }) });
        }}
      >
        <TextField name="title" isRequired>
          <Label>{t('article.new.articleTitle')}</Label>
          <Input dir="auto" lang={language || undefined} />
          <FieldProblem />
        </TextField>
        <TextField name="outlet">
          <Label>{t('article.new.outlet')}</Label>
          <Input dir="auto" />
          <FieldProblem />
        </TextField>
        <TextField name="url" type="url">
          <Label>{t('article.new.url')}</Label>
          <Input dir="ltr" />
          <FieldProblem invalid={t('field.invalidUrl')} />
        </TextField>
        <TextField name="language" isRequired value={language} onChange={setLanguage}>
          <Label>{t('article.new.language')}</Label>
          <Input dir="ltr" />
          <Text slot="description">{t('article.new.languageHelp')}</Text>
          <FieldProblem />
        </TextField>
        <TextField name="publishedAt" type="datetime-local">
          <Label>{t('article.new.publishedAt')}</Label>
          <Input type="datetime-local" dir="ltr" />
          <Text slot="description">{t('article.new.publishedAtHelp', { timeZone })}</Text>
          <FieldProblem />
        </TextField>
        <TextField name="body" isRequired value={body} onChange={setBody}>
          <Label>{t('article.new.body')}</Label>
          <TextArea dir="auto" lang={language || undefined} rows={14} />
          <Text slot="description">{t('article.new.bodyHelp')}</Text>
          <FieldProblem />
        </TextField>
        <div className="row">
          <FileTrigger acceptedFileTypes={['text/plain', '.txt']} onSelect={(files) => void loadFile(files)}>
            <Button>{t('article.new.file')}</Button>
          </FileTrigger>
          {fileNote ? (
            <span role="status" dir="auto">
              {fileNote}
            </span>
          ) : null}
        </div>
        <ProblemMessage error={create.error} shownFields={FIELDS} />
        <Button type="submit" isPending={create.isPending}>
          {t('article.new.submit')}
        </Button>
      </Form>
    </section>
  );
}
