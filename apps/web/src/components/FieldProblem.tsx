import { FieldError, type FieldErrorRenderProps } from 'react-aria-components';
import { useI18n } from '../i18n/i18n';

/**
 * The one way a field shows what is wrong with it, always in the interface language. The browser's own
 * constraint messages (a required field left empty, a malformed e-mail or URL, too short) would come in
 * the browser's language, so those are replaced by ours; a field's `validate` result and the API's errors
 * (named by field, passed through the form's `validationErrors`) show as they are.
 * `required` / `invalid` give a field its own wording ("Choose a rating.").
 */
export function FieldProblem({ required, invalid }: { required?: string; invalid?: string }) {
  const { t } = useI18n();
  return (
    <FieldError>
      {({ validationDetails, validationErrors }: FieldErrorRenderProps) => {
        if (validationDetails.customError) return validationErrors.join(' ');
        if (validationDetails.valueMissing) return required ?? t('field.required');
        if (validationDetails.valid) return validationErrors.join(' ');
        return invalid ?? t('field.invalid');
      }}
    </FieldError>
  );
}
