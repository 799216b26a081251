import { Button, ListBox, ListBoxItem, Popover, Select, SelectValue, Label } from 'react-aria-components';
import { CLAIM_KINDS, type ClaimKind } from '../api/article-claims';
import { useI18n } from '../i18n/i18n';
import { FieldProblem } from './FieldProblem';

/**
 * The one picker of a claim's kind (`name="kind"`, so the API's `kind` error shows under it). With
 * `allowUnset`, a first choice "not set" gives `null` (the desk guesses the kind at intake).
 */
export function ClaimKindSelect({ label, value, onChange, allowUnset = false }: { label: string; value: ClaimKind | null; onChange: (kind: ClaimKind | null) => void; allowUnset?: boolean }) {
  const { t } = useI18n();
  return (
    <Select name="kind" selectedKey={value ?? 'unset'} onSelectionChange={(key) => onChange(key === 'unset' ? null : (key as ClaimKind))}>
      <Label>{label}</Label>
      <Button>
        <SelectValue />
      </Button>
      <FieldProblem />
      <Popover>
        <ListBox>
          {allowUnset ? <ListBoxItem id="unset">{t('claim.kind.unset')}</ListBoxItem> : null}
          {CLAIM_KINDS.map((kind) => (
            <ListBoxItem key={kind} id={kind}>
              {t(`claim.kind.${kind}`)}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
