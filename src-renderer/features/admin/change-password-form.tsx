// The signed-in user changes their own password: the current one proves it is them; the data
// key is re-wrapped and no record is touched.
import { useId, useState, type SyntheticEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionControl } from '../../session';
import {
  checkPasswordForm,
  firstErrorField,
  PASSWORD_FIELDS,
  type FieldErrors,
  type PasswordField,
  type PasswordFormValues,
} from '../../session/account-form-checks';
import { focusField } from '../../session/focus-field';
import { TextField } from '../../session/form-field';
import { useFieldErrorText } from '../../session/use-field-error-text';
import { userMessage } from '../../session/user-message';

const EMPTY: PasswordFormValues = { current: '', next: '', repeat: '' };

export function ChangePasswordForm(): ReactNode {
  const { t } = useTranslation();
  const { changePassword, minPasswordLength } = useSessionControl();
  const errorText = useFieldErrorText();
  const prefix = useId();
  const fieldId = (field: PasswordField): string => `${prefix}-${field}`;
  const [values, setValues] = useState<PasswordFormValues>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors<PasswordField>>({});
  const [changed, setChanged] = useState(false);
  /** Why the vault refused (a wrong current password), shown under the current password. */
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const set = (field: PasswordField) => (value: string) => {
    setValues((prev) => ({ ...prev, [field]: value }));
    setErrors((prev) => ({ ...prev, [field]: undefined }));
    setChanged(false);
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const checked = checkPasswordForm(values, { minPasswordLength });
    if (!checked.ok) {
      setErrors(checked.errors);
      const first = firstErrorField(checked.errors, PASSWORD_FIELDS);
      if (first !== undefined) focusField(fieldId(first));
      return;
    }
    setBusy(true);
    try {
      await changePassword(values.current, values.next);
      setValues(EMPTY);
      setErrors({});
      setChanged(true);
    } catch (err) {
      // A wrong current password is the likely cause; the message says so next to that field.
      setValues((prev) => ({ ...prev, current: '' }));
      setErrors({});
      setFailure(userMessage(err, t('adminUsers.passwordFailed')));
      focusField(fieldId('current'));
    } finally {
      setBusy(false);
    }
  };

  const currentError = errorText(errors.current) ?? failure;

  return (
    <section className="card" aria-labelledby={`${prefix}-heading`}>
      <h2 id={`${prefix}-heading`}>{t('adminUsers.passwordHeading')}</h2>
      {changed ? (
        <p className="notice" role="status">
          {t('adminUsers.passwordChanged')}
        </p>
      ) : null}
      <form className="form form-narrow" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <TextField
          id={fieldId('current')}
          label={t('adminUsers.currentPassword')}
          type="password"
          autoComplete="current-password"
          value={values.current}
          onChange={(value) => {
            set('current')(value);
            setFailure(undefined);
          }}
          error={currentError}
        />
        <TextField
          id={fieldId('next')}
          label={t('adminUsers.newPassword')}
          hint={t('setup.passwordHint', { min: minPasswordLength })}
          type="password"
          autoComplete="new-password"
          value={values.next}
          onChange={set('next')}
          error={errorText(errors.next)}
        />
        <TextField
          id={fieldId('repeat')}
          label={t('adminUsers.newPasswordRepeat')}
          type="password"
          autoComplete="new-password"
          value={values.repeat}
          onChange={set('repeat')}
          error={errorText(errors.repeat)}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('adminUsers.changingPassword') : t('adminUsers.submitPassword')}
          </button>
        </div>
      </form>
    </section>
  );
}
