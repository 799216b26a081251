import { Checkbox, CheckboxGroup, Label } from 'react-aria-components';
import type { Role } from '../api/pending-admin-contract';
import { useI18n } from '../i18n/i18n';
import { ALL_ROLES } from './access';
import { FieldProblem } from '../components/FieldProblem';

/** The roles of a user, as checkboxes; `name="roles"` so the API's `roles` error shows under it. */
export function RolePicker({ value, onChange }: { value: Role[]; onChange: (roles: Role[]) => void }) {
  const { t } = useI18n();
  return (
    <CheckboxGroup name="roles" value={value} onChange={(roles) => onChange(roles as Role[])} className="react-aria-CheckboxGroup roles">
      <Label>{t('admin.users.roles')}</Label>
      <div className="row">
        {ALL_ROLES.map((role) => (
          <Checkbox key={role} value={role}>
            <span className="box" aria-hidden="true" />
            {t(`role.${role}`)}
          </Checkbox>
        ))}
      </div>
      <FieldProblem />
    </CheckboxGroup>
  );
}
