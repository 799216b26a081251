import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Button, Form, Label, Text, TextArea, TextField } from 'react-aria-components';
import { usePublishRatingScale, useRatingScale } from '../api/users';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { FieldProblem } from '../components/FieldProblem';

/**
 * `/admin/rating-scale`: the scale verdicts are given under now, and a new version written as JSON (the
 * API validates it and names every bad field; verdicts already given keep their version).
 */
export function RatingScaleScreen() {
  const { t, language } = useI18n();
  const scale = useRatingScale();
  const publish = usePublishRatingScale();
  const [draft, setDraft] = useState('');
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => {
    if (scale.data && !draft) setDraft(JSON.stringify(scale.data.scale, null, 2));
  }, [scale.data, draft]);
  return (
    <section aria-labelledby="scale-title">
      <p>
        <Link to="/admin">{t('admin.backToUsers')}</Link>
      </p>
      <h1 id="scale-title">{t('admin.ratingScale.title')}</h1>
      <ProblemMessage error={scale.error} />
      {scale.data ? (
        <>
          <p>{scale.data.version === 0 ? t('admin.ratingScale.default') : t('admin.ratingScale.version', { version: scale.data.version })}</p>
          <table className="list" aria-labelledby="scale-title">
            <thead>
              <tr>
                <th scope="col">{t('admin.ratingScale.key')}</th>
                <th scope="col">{t('admin.ratingScale.group')}</th>
                <th scope="col">{t('admin.ratingScale.value')}</th>
                <th scope="col">{t('admin.ratingScale.label')}</th>
                <th scope="col">{t('admin.ratingScale.labels')}</th>
              </tr>
            </thead>
            <tbody>
              {scale.data.scale.ratings.map((rating) => (
                <tr key={rating.key}>
                  <td>
                    <bdi className="code">{rating.key}</bdi>
                  </td>
                  <td>{t(`admin.ratingScale.group.${rating.group}`)}</td>
                  <td>{rating.value ?? '—'}</td>
                  <td>
                    <UserText text={rating.labels[language] ?? rating.labels.en ?? rating.key} lang={rating.labels[language] ? language : 'en'} />
                  </td>
                  <td>
                    {Object.entries(rating.labels).map(([lang, label]) => (
                      <span key={lang} className="tag">
                        <bdi>{lang}</bdi>: <UserText text={label} lang={lang} />
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
      <h2 id="new-scale-title">{t('admin.ratingScale.new')}</h2>
      <Form
        aria-labelledby="new-scale-title"
        validationErrors={parseError ? { scale: parseError } : {}}
        onSubmit={(event) => {
          event.preventDefault();
          let parsed: unknown;
          try {
            parsed = JSON.parse(draft);
          } catch (error) {
            setParseError(t('admin.ratingScale.notJson', { detail: (error as Error).message }));
            return;
          }
          setParseError(null);
          publish.mutate(parsed as never);
        }}
      >
        <TextField name="scale" value={draft} onChange={setDraft} isRequired>
          <Label>{t('admin.ratingScale.json')}</Label>
          <TextArea dir="ltr" rows={16} className="react-aria-TextArea code" spellCheck={false} />
          <Text slot="description">{t('admin.ratingScale.jsonHelp')}</Text>
          <FieldProblem />
        </TextField>
        {/* The scale's fields are paths inside the JSON (`ratings.2.key`): all listed here. */}
        <ProblemMessage error={publish.error} />
        {publish.data ? (
          <p role="status" className="notice">
            {t('admin.ratingScale.published', { version: publish.data.version })}
          </p>
        ) : null}
        <Button type="submit" isPending={publish.isPending}>
          {t('admin.ratingScale.publish')}
        </Button>
      </Form>
    </section>
  );
}
