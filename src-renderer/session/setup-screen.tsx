// First run of a health-post PC: the post (name, MSPAS code, district, department and
// municipality from the INE tables) and its first administrator. With `resume`, the
// administrator's account exists already (an interrupted first run) and only the records are
// asked for again.
import { useId, useMemo, useState, type SyntheticEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEPARTMENTS, municipalitiesOfDepartment } from '../../src-core/fhir/terminology';
import { Page } from '../ui/page';
import { checkSetupForm, firstErrorField, SETUP_FIELDS, type FieldErrors, type SetupField, type SetupFormValues } from './account-form-checks';
import { focusField } from './focus-field';
import { SelectField, TextField } from './form-field';
import { useFieldErrorText } from './use-field-error-text';
import { useSessionControl } from './use-session-control';
import { userMessage } from './user-message';
import { ADMIN_POSITIONS } from './user-role';

const EMPTY: SetupFormValues = {
  postName: '',
  postCode: '',
  district: '',
  department: '',
  municipality: '',
  given: '',
  family: '',
  position: 'auxiliar-enfermeria',
  userId: '',
  password: '',
  passwordRepeat: '',
};

export interface SetupScreenProps {
  /** Finishing an interrupted first run: the account exists under this name. */
  readonly resumeUserId?: string;
  /** Why the last attempt did not write the records (Spanish). */
  readonly problem?: string | undefined;
}

export function SetupScreen({ resumeUserId, problem }: SetupScreenProps): ReactNode {
  const { t } = useTranslation();
  const control = useSessionControl();
  const errorText = useFieldErrorText();
  const prefix = useId();
  const fieldId = (field: SetupField): string => `${prefix}-${field}`;
  const resume = resumeUserId !== undefined;
  const [values, setValues] = useState<SetupFormValues>(resume ? { ...EMPTY, userId: resumeUserId } : EMPTY);
  const [errors, setErrors] = useState<FieldErrors<SetupField>>({});
  const [failure, setFailure] = useState<string | undefined>(problem);
  const [busy, setBusy] = useState(false);

  const municipalities = useMemo(
    () => municipalitiesOfDepartment(values.department).map((m) => ({ value: m.code, label: m.name })),
    [values.department],
  );
  const departments = useMemo(() => DEPARTMENTS.map((d) => ({ value: d.code, label: d.name })), []);
  const positions = ADMIN_POSITIONS.map((p) => ({ value: p, label: t(`session.positions.${p}`) }));

  const set = (field: SetupField) => (value: string) => {
    setValues((prev) => (field === 'department' ? { ...prev, department: value, municipality: '' } : { ...prev, [field]: value }));
    setErrors((prev) => ({ ...prev, [field]: undefined, ...(field === 'department' ? { municipality: undefined } : {}) }));
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const checked = checkSetupForm(values, { minPasswordLength: control.minPasswordLength, resume });
    if (!checked.ok) {
      setErrors(checked.errors);
      setFailure(t('accounts.fixErrors'));
      const first = firstErrorField(checked.errors, SETUP_FIELDS);
      if (first !== undefined) focusField(fieldId(first));
      return;
    }
    setErrors({});
    setFailure(undefined);
    setBusy(true);
    try {
      if (resume) await control.completeSetUp(checked.value.post, checked.value.admin);
      else await control.setUp(checked.value);
    } catch (err) {
      setFailure(`${t('setup.failed')} ${userMessage(err, '')}`.trim());
      setBusy(false);
    }
  };

  const text = (field: SetupField, label: string, extra: { hint?: string; type?: 'password'; autoComplete?: string } = {}): ReactNode => (
    <TextField
      id={fieldId(field)}
      label={label}
      value={values[field]}
      onChange={set(field)}
      error={errorText(errors[field])}
      {...extra}
    />
  );

  return (
    <Page title={resume ? t('setup.resumeTitle') : t('setup.title')}>
      <p>{resume ? t('setup.resumeIntro') : t('setup.intro')}</p>
      {failure === undefined ? null : (
        <div className="notice notice-error" role="alert">
          <p>{failure}</p>
        </div>
      )}
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <fieldset>
          <legend>{t('setup.postHeading')}</legend>
          {text('postName', t('setup.postName'), { hint: t('setup.postNameHint') })}
          {text('postCode', t('setup.postCode'), { hint: t('setup.postCodeHint') })}
          {text('district', t('setup.district'), { hint: t('setup.districtHint') })}
          <div className="field-row">
            <SelectField
              id={fieldId('department')}
              label={t('setup.department')}
              value={values.department}
              onChange={set('department')}
              options={departments}
              placeholder={t('setup.chooseDepartment')}
              error={errorText(errors.department)}
            />
            <SelectField
              id={fieldId('municipality')}
              label={t('setup.municipality')}
              value={values.municipality}
              onChange={set('municipality')}
              options={municipalities}
              placeholder={values.department === '' ? t('setup.departmentFirst') : t('setup.chooseMunicipality')}
              disabled={values.department === ''}
              error={errorText(errors.municipality)}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('setup.adminHeading')}</legend>
          <div className="field-row">
            {text('given', t('setup.given'))}
            {text('family', t('setup.family'))}
          </div>
          <SelectField
            id={fieldId('position')}
            label={t('setup.position')}
            value={values.position}
            onChange={set('position')}
            options={positions}
            error={errorText(errors.position)}
          />
          {resume ? (
            <TextField id={fieldId('userId')} label={t('setup.userIdFixed')} value={values.userId} onChange={set('userId')} readOnly />
          ) : (
            <>
              {text('userId', t('setup.userId'), { hint: t('setup.userIdHint'), autoComplete: 'username' })}
              <div className="field-row">
                {text('password', t('setup.password'), {
                  hint: t('setup.passwordHint', { min: control.minPasswordLength }),
                  type: 'password',
                  autoComplete: 'new-password',
                })}
                {text('passwordRepeat', t('setup.passwordRepeat'), { type: 'password', autoComplete: 'new-password' })}
              </div>
            </>
          )}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? t('setup.saving') : t('setup.submit')}
          </button>
        </div>
      </form>
    </Page>
  );
}
