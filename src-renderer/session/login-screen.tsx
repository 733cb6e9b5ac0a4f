// Sign-in on a shared PC: pick your user name (the list is not secret), type your password. A
// wrong password is said next to the field, in Spanish, and nothing else is revealed.
import { useId, useState, type SyntheticEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../ui/page';
import { SelectField, TextField } from './form-field';
import { focusField } from './focus-field';
import type { LockReason } from './session-state';
import { useSessionControl } from './use-session-control';
import { userMessage } from './user-message';

export function LoginScreen({ users, reason }: { users: readonly string[]; reason?: LockReason | undefined }): ReactNode {
  const { t } = useTranslation();
  const { signIn } = useSessionControl();
  const id = useId();
  const userField = `${id}-user`;
  const passwordField = `${id}-password`;
  const [userId, setUserId] = useState(users.length === 1 ? (users[0] ?? '') : '');
  const [password, setPassword] = useState('');
  const [userError, setUserError] = useState<string | undefined>(undefined);
  const [passwordError, setPasswordError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const noUser = userId === '' ? t('accounts.errors.required') : undefined;
    const noPassword = password === '' ? t('accounts.errors.required') : undefined;
    setUserError(noUser);
    setPasswordError(noPassword);
    if (noUser !== undefined || noPassword !== undefined) {
      focusField(noUser === undefined ? passwordField : userField);
      return;
    }
    setBusy(true);
    try {
      await signIn(userId, password);
    } catch (err) {
      setPassword('');
      setPasswordError(userMessage(err, t('login.failed')));
      setBusy(false);
      focusField(passwordField);
    }
  };

  return (
    <Page title={t('login.title')}>
      {reason === 'idle' ? (
        <p className="notice" role="status">
          {t('login.autoLocked')}
        </p>
      ) : null}
      <p>{t('login.intro')}</p>
      <form className="form form-narrow" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <SelectField
          id={userField}
          label={t('login.user')}
          value={userId}
          onChange={(value) => {
            setUserId(value);
            setUserError(undefined);
            setPasswordError(undefined);
          }}
          options={users.map((u) => ({ value: u, label: u }))}
          {...(users.length === 1 ? {} : { placeholder: t('login.choose') })}
          error={userError}
        />
        <TextField
          id={passwordField}
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(value) => {
            setPassword(value);
            setPasswordError(undefined);
          }}
          error={passwordError}
          autoFocus={users.length === 1}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('login.checking') : t('login.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
