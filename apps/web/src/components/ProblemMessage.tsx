import { ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';

/**
 * The API's per-field errors keyed by field path, for react-aria's `<Form validationErrors>`: each error
 * then shows under the input whose `name` it names.
 */
export function problemFieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {};
  const byField: Record<string, string> = {};
  for (const { field, message } of error.problem.errors ?? []) byField[field] = byField[field] ? `${byField[field]}; ${message}` : message;
  return byField;
}

/**
 * A refused request: the problem's `detail` (the API's own words), and the field errors that no input of
 * the form shows (`shownFields` are those that have an input).
 */
export function ProblemMessage({ error, shownFields = [] }: { error: unknown; shownFields?: readonly string[] }) {
  const { t } = useI18n();
  if (!error) return null;
  if (!(error instanceof ApiProblem)) {
    return (
      <div role="alert" className="problem">
        {t('problem.network')}
      </div>
    );
  }
  const others = (error.problem.errors ?? []).filter((e) => !shownFields.includes(e.field));
  return (
    <div role="alert" className="problem">
      <strong>{t('problem.title')}</strong>
      {error.problem.detail ? <p dir="auto">{error.problem.detail}</p> : null}
      {others.length ? (
        <ul>
          {others.map((e) => (
            <li key={e.field} dir="auto">
              {t('problem.field', { field: e.field, message: e.message })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
