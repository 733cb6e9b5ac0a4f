// An administrator adds a local user: names, role (and the job of an administrator or the
// specialty of a specialist), sign-in name and password. The key record and the user's
// Practitioner + PractitionerRole (with their Provenance) are written by the session layer.
import { useId, useState, type SyntheticEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ADMIN_POSITIONS, USER_ROLES, useSessionControl } from '../../session';
import {
  checkNewUserForm,
  firstErrorField,
  NEW_USER_FIELDS,
  type FieldErrors,
  type NewUserField,
  type NewUserFormValues,
} from '../../session/account-form-checks';
import { focusField } from '../../session/focus-field';
import { SelectField, TextField } from '../../session/form-field';
import { useFieldErrorText } from '../../session/use-field-error-text';
import { userMessage } from '../../session/user-message';

const EMPTY: NewUserFormValues = {
  given: '',
  family: '',
  role: '',
  position: 'auxiliar-enfermeria',
  specialty: '',
  userId: '',
  password: '',
  passwordRepeat: '',
};

export function AddUserForm({ existingUsers, onAdded }: { existingUsers: readonly string[]; onAdded: () => void }): ReactNode {
  const { t } = useTranslation();
  const { addUser, minPasswordLength } = useSessionControl();
  const errorText = useFieldErrorText();
  const prefix = useId();
  const fieldId = (field: NewUserField): string => `${prefix}-${field}`;
  const [values, setValues] = useState<NewUserFormValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<NewUserField>>({});
  const [outcome, setOutcome] = useState<{ kind: 'added' | 'failed'; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const set = (field: NewUserField) => (value: string) => {
    setValues((prev) => ({ ...prev, [field]: value }));
    setErrors((prev) => ({ ...prev, [field]: undefined }));
    setOutcome(undefined);
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const checked = checkNewUserForm(values, { minPasswordLength, existingUsers });
    if (!checked.ok) {
      setErrors(checked.errors);
      setOutcome({ kind: 'failed', text: t('accounts.fixErrors') });
      const first = firstErrorField(checked.errors, NEW_USER_FIELDS);
      if (first !== undefined) focusField(fieldId(first));
      return;
    }
    setBusy(true);
    setOutcome(undefined);
    try {
      await addUser(checked.value.user, checked.value.password);
      const { user } = checked.value;
      setValues(EMPTY);
      setErrors({});
      setOutcome({ kind: 'added', text: t('adminUsers.added', { name: `${user.given} ${user.family}`, userId: user.userId }) });
      onAdded();
    } catch (err) {
      setOutcome({ kind: 'failed', text: `${t('adminUsers.addFailed')} ${userMessage(err, '')}`.trim() });
    } finally {
      setBusy(false);
    }
  };

  const text = (field: NewUserField, label: string, extra: { hint?: string; type?: 'password'; autoComplete?: string } = {}): ReactNode => (
    <TextField id={fieldId(field)} label={label} value={values[field]} onChange={set(field)} error={errorText(errors[field])} {...extra} />
  );

  return (
    <section className="card" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{t('adminUsers.addHeading')}</h2>
      <p>{t('adminUsers.addIntro')}</p>
      {outcome === undefined ? null : (
        <div className={outcome.kind === 'added' ? 'notice' : 'notice notice-error'} role={outcome.kind === 'added' ? 'status' : 'alert'}>
          <p>{outcome.text}</p>
        </div>
      )}
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <div className="field-row">
          {text('given', t('setup.given'))}
          {text('family', t('setup.family'))}
        </div>
        <div className="field-row">
          <SelectField
            id={fieldId('role')}
            label={t('adminUsers.role')}
            value={values.role}
            onChange={set('role')}
            options={USER_ROLES.map((r) => ({ value: r, label: t(`session.roles.${r}`) }))}
            placeholder={t('adminUsers.chooseRole')}
            error={errorText(errors.role)}
          />
          {values.role === 'admin' ? (
            <SelectField
              id={fieldId('position')}
              label={t('setup.position')}
              value={values.position}
              onChange={set('position')}
              options={ADMIN_POSITIONS.map((p) => ({ value: p, label: t(`session.positions.${p}`) }))}
              error={errorText(errors.position)}
            />
          ) : null}
          {values.role === 'specialist' ? text('specialty', t('adminUsers.specialty'), { hint: t('adminUsers.specialtyHint') }) : null}
        </div>
        {text('userId', t('setup.userId'), { hint: t('setup.userIdHint'), autoComplete: 'off' })}
        <div className="field-row">
          {text('password', t('setup.password'), { hint: t('setup.passwordHint', { min: minPasswordLength }), type: 'password', autoComplete: 'new-password' })}
          {text('passwordRepeat', t('setup.passwordRepeat'), { type: 'password', autoComplete: 'new-password' })}
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('adminUsers.adding') : t('adminUsers.submitAdd')}
          </button>
        </div>
      </form>
    </section>
  );
}
