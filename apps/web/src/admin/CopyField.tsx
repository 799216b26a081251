import { useState, type ReactNode } from 'react';
import { Button, Input, Label, Text, TextField } from 'react-aria-components';
import { useI18n } from '../i18n/i18n';

/** A one-time value (a link, a token's secret) shown read-only with a copy button and what to do with it. */
export function CopyField({ label, value, help }: { label: string; value: string; help: ReactNode }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field">
      <TextField isReadOnly value={value}>
        <Label>{label}</Label>
        <Input dir="ltr" className="react-aria-Input code" onFocus={(event) => event.currentTarget.select()} />
        <Text slot="description">{help}</Text>
      </TextField>
      <Button
        className="react-aria-Button quiet"
        onPress={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false));
        }}
      >
        {t('admin.copy')}
      </Button>
      <span role="status">{copied ? t('admin.copied') : ''}</span>
    </div>
  );
}
