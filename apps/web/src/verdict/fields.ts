import type { FieldErrorRenderProps } from 'react-aria-components';

/**
 * A field error that says "required" in the interface language: a radio group with nothing chosen never
 * runs its `validate`, so the browser's own message (in the browser's language) would show instead.
 * Other errors (the API's, named by field) show as they are.
 */
export function requiredMessage(message: string): (props: FieldErrorRenderProps) => string {
  return ({ validationDetails, validationErrors }) => (validationDetails.valueMissing ? message : validationErrors.join(' '));
}
