// Register a patient (issue 6): the ceiba-patient form, checked field by field (messages next to
// each field, focus on the first in error), then duplicate detection against the store, then one
// attributed transaction (Patient + Provenance of the signed-in user) and on to the chart.
import { useCallback, useEffect, useId, useMemo, useState, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ageOf } from '../../../src-core/clinical/age/age-of';
import { compareCalendarDates } from '../../../src-core/clinical/age/calendar-date';
import { DEPARTMENTS } from '../../../src-core/fhir/terminology/departments';
import { LANGUAGES } from '../../../src-core/fhir/terminology/languages';
import { municipalitiesOfDepartment } from '../../../src-core/fhir/terminology/municipalities';
import { PUEBLOS } from '../../../src-core/fhir/terminology/pueblos';
import { systemClock } from '../../../src-core/platform/clock';
import { cryptoIds } from '../../../src-core/platform/ids';
import { ROUTES, routeTo } from '../../app/routes';
import { attributionOf, useSession } from '../../session';
import { Page } from '../../ui/page';
import { localToday } from './display-date';
import { SelectField, TextField } from './form-fields';
import { useAgeText } from './patient-facts';
import { patientsLog, timed } from './patients-log';
import { findRegisteredDuplicates, type DuplicateFindings } from './registration/duplicate-check';
import { DuplicateWarning } from './registration/duplicate-warning';
import { motherNameRule } from './registration/mother-name-rule';
import {
  checkPatientForm,
  EMPTY_PATIENT_FORM,
  firstProblemField,
  typedBirthDate,
  type FieldProblem,
  type FieldProblems,
  type PatientField,
  type PatientFormValues,
  type PatientInput,
} from './registration/patient-form';
import { matchableFromInput, patientFromInput } from './registration/patient-from-form';
import { savePatient, saveProblem } from './registration/save-patient';
import { usePostPlace, type Place } from './registration/use-post-place';
import './patients.css';

type Phase =
  | { readonly step: 'editing' }
  | { readonly step: 'checking' }
  /** Candidates shown for the input as it was when checked. */
  | { readonly step: 'warned'; readonly input: PatientInput; readonly findings: DuplicateFindings }
  | { readonly step: 'saving'; readonly findings?: DuplicateFindings };

const SEX_CODES = ['female', 'male', 'other', 'unknown'] as const;

/** The problems without those of `fields` (the nurse is correcting them). */
function withoutProblems(problems: FieldProblems, fields: readonly PatientField[]): FieldProblems {
  if (!fields.some((f) => problems[f] !== undefined)) return problems;
  return Object.fromEntries(Object.entries(problems).filter(([f]) => !(fields as readonly string[]).includes(f)));
}

export function NewPatientPage(): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const { store } = session;
  const prefix = useId();
  const fieldId = (field: PatientField): string => `${prefix}-${field}`;
  const [values, setValues] = useState<PatientFormValues>(EMPTY_PATIENT_FORM);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<string | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>({ step: 'editing' });
  const [focusTarget, setFocusTarget] = useState<{ field: PatientField } | undefined>(undefined);
  const today = localToday(new Date());
  const ageText = useAgeText();

  // Start in the post's own municipality, unless the nurse has already chosen one.
  const [postPlace, setPostPlace] = useState<Place | undefined>(undefined);
  const startAtPost = useCallback((place: Place) => {
    setPostPlace(place);
    setValues((prev) => (prev.department === '' && prev.municipality === '' ? { ...prev, ...place } : prev));
  }, []);
  usePostPlace(store, session.post.locationId, startAtPost);

  // Focus moves after the render that shows the field's message (a hidden field cannot take it).
  useEffect(() => {
    if (focusTarget === undefined) return;
    document.getElementById(`${prefix}-${focusTarget.field}`)?.focus();
  }, [focusTarget, prefix]);

  const departments = useMemo(() => DEPARTMENTS.map((d) => ({ value: d.code, label: d.name })), []);
  const municipalities = useMemo(
    () => municipalitiesOfDepartment(values.department).map((m) => ({ value: m.code, label: m.name })),
    [values.department],
  );
  const languages = useMemo(() => LANGUAGES.map((l) => ({ value: l.code, label: l.name })), []);
  const pueblos = useMemo(() => PUEBLOS.map((p) => ({ value: p.code, label: p.name })), []);
  const sexes = SEX_CODES.map((s) => ({ value: s, label: t(`patientsArea.sex.${s}`) }));

  const birth = typedBirthDate(values);
  const motherRule = motherNameRule(birth, today);
  const age = birth !== undefined && compareCalendarDates(birth, today) <= 0 ? ageOf(birth, today) : undefined;
  const busy = phase.step === 'checking' || phase.step === 'saving';

  const set = (field: PatientField) => (value: string) => {
    setValues((prev) => (field === 'department' ? { ...prev, department: value, municipality: '' } : { ...prev, [field]: value }));
    setProblems((prev) => withoutProblems(prev, field === 'department' ? [field, 'municipality'] : [field]));
    // The warning was about the values as they were; changed values are checked again.
    if (phase.step === 'warned') setPhase({ step: 'editing' });
  };

  const problemText = (problem: FieldProblem | undefined): string | undefined => {
    if (problem === undefined) return undefined;
    switch (problem.problem) {
      case 'cui':
        return t(`patientsArea.errors.cui.${problem.code}`, { digits: problem.digits });
      case 'tooLong':
        return t('patientsArea.errors.tooLong', { max: problem.max });
      case 'rejected':
        return problem.message;
      case 'required':
      case 'nameCharacters':
      case 'dateFormat':
      case 'dateImpossible':
      case 'dateFuture':
      case 'dateTooOld':
      case 'unknownCode':
        return t(`patientsArea.errors.${problem.problem}`);
    }
  };

  const save = async (input: PatientInput, findings?: DuplicateFindings): Promise<void> => {
    setPhase(findings === undefined ? { step: 'saving' } : { step: 'saving', findings });
    const patient = patientFromInput(input, cryptoIds.uuid());
    let ms: number;
    try {
      ({ ms } = await timed(() => savePatient(store, patient, attributionOf(session.user, session.post), { ids: cryptoIds, clock: systemClock })));
    } catch (err) {
      const problem = saveProblem(err);
      patientsLog.warn('patient not registered: the store refused the transaction', { issues: problem.diagnostics });
      setFailure(`${t('patientsArea.new.saveFailed')} ${problem.message ?? t('patientsArea.new.tryAgain')}`);
      if (problem.field !== undefined && problem.message !== undefined) {
        setProblems({ [problem.field]: { problem: 'rejected', message: problem.message } });
        setFocusTarget({ field: problem.field });
      }
      setPhase({ step: 'editing' });
      return;
    }
    patientsLog.info('patient registered', { ms, afterWarning: findings !== undefined });
    // Saved: the form is done with. Navigation is a transition that a quick Back can interrupt,
    // leaving this page mounted; it must then be a fresh form, not one stuck "saving".
    setValues({ ...EMPTY_PATIENT_FORM, ...postPlace });
    setPhase({ step: 'editing' });
    void navigate(routeTo(ROUTES.chart, { patientId: patient.id }));
  };

  const submit = async (event: SyntheticEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    const checked = checkPatientForm(values, today);
    if (!checked.ok) {
      setProblems(checked.problems);
      setFailure(t('patientsArea.new.fixErrors'));
      const first = firstProblemField(checked.problems);
      if (first !== undefined) setFocusTarget({ field: first });
      return;
    }
    setProblems({});
    setFailure(undefined);
    setPhase({ step: 'checking' });
    let findings: DuplicateFindings;
    let ms: number;
    try {
      ({ value: findings, ms } = await timed(() => findRegisteredDuplicates(store, matchableFromInput(checked.value))));
    } catch (err) {
      patientsLog.warn('duplicate check failed', { issues: saveProblem(err).diagnostics });
      setFailure(t('patientsArea.new.checkFailed'));
      setPhase({ step: 'editing' });
      return;
    }
    patientsLog.info('duplicate check', {
      ms,
      sameCui: findings.sameCui.length,
      similar: findings.similar.length,
    });
    if (findings.sameCui.length > 0 || findings.similar.length > 0) {
      setPhase({ step: 'warned', input: checked.value, findings });
      return;
    }
    await save(checked.value);
  };

  const text = (field: PatientField, label: string, extra: { hint?: string | undefined; inputMode?: 'numeric'; placeholder?: string } = {}): ReactNode => (
    <TextField id={fieldId(field)} label={label} value={values[field]} onChange={set(field)} error={problemText(problems[field])} {...extra} />
  );

  const shownFindings = phase.step === 'warned' || phase.step === 'saving' ? phase.findings : undefined;

  return (
    <Page title={t('patientsArea.new.title')}>
      <p>{t('patientsArea.new.intro')}</p>
      {failure === undefined ? null : (
        <div className="notice notice-error" role="alert">
          <p>{failure}</p>
        </div>
      )}
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
        <fieldset>
          <legend>{t('patientsArea.new.personHeading')}</legend>
          {text('given', t('patientsArea.new.given'), { hint: t('patientsArea.new.givenHint') })}
          <div className="field-row">
            {text('firstSurname', t('patientsArea.new.firstSurname'))}
            {text('secondSurname', t('patientsArea.new.secondSurname'), { hint: t('patientsArea.new.secondSurnameHint') })}
          </div>
          <div className="field-row">
            <SelectField
              id={fieldId('sex')}
              label={t('patientsArea.new.sex')}
              value={values.sex}
              onChange={set('sex')}
              options={sexes}
              placeholder={t('patientsArea.new.chooseSex')}
              error={problemText(problems.sex)}
            />
            {text('birthDate', t('patientsArea.new.birthDate'), {
              hint: age === undefined ? t('patientsArea.new.birthDateHint') : `${t('patientsArea.new.birthDateHint')} ${t('patientsArea.new.ageNow', { age: ageText(age) })}`,
              placeholder: 'dd/mm/aaaa',
              inputMode: 'numeric',
            })}
          </div>
          {text('cui', t('patientsArea.new.cui'), { hint: t('patientsArea.new.cuiHint'), inputMode: 'numeric' })}
        </fieldset>
        {motherRule === 'hidden' ? null : (
          <fieldset>
            <legend>{t('patientsArea.new.motherHeading')}</legend>
            <p className="hint">{motherRule === 'required' ? t('patientsArea.new.motherRequiredHint') : t('patientsArea.new.motherOfferedHint')}</p>
            <div className="field-row">
              {text('motherGiven', t('patientsArea.new.motherGiven'))}
              {text('motherSurnames', t('patientsArea.new.motherSurnames'))}
            </div>
          </fieldset>
        )}
        <fieldset>
          <legend>{t('patientsArea.new.residenceHeading')}</legend>
          <div className="field-row">
            <SelectField
              id={fieldId('department')}
              label={t('patientsArea.new.department')}
              value={values.department}
              onChange={set('department')}
              options={departments}
              placeholder={t('patientsArea.new.chooseDepartment')}
              error={problemText(problems.department)}
            />
            <SelectField
              id={fieldId('municipality')}
              label={t('patientsArea.new.municipality')}
              value={values.municipality}
              onChange={set('municipality')}
              options={municipalities}
              placeholder={values.department === '' ? t('patientsArea.new.departmentFirst') : t('patientsArea.new.chooseMunicipality')}
              disabled={values.department === ''}
              error={problemText(problems.municipality)}
            />
          </div>
          {text('locality', t('patientsArea.new.locality'), { hint: t('patientsArea.new.localityHint') })}
        </fieldset>
        <fieldset>
          <legend>{t('patientsArea.new.cultureHeading')}</legend>
          <div className="field-row">
            <SelectField
              id={fieldId('language')}
              label={t('patientsArea.new.language')}
              value={values.language}
              onChange={set('language')}
              options={languages}
              placeholder={t('patientsArea.new.notStated')}
              error={problemText(problems.language)}
            />
            <SelectField
              id={fieldId('pueblo')}
              label={t('patientsArea.new.pueblo')}
              value={values.pueblo}
              onChange={set('pueblo')}
              options={pueblos}
              placeholder={t('patientsArea.new.notStated')}
              error={problemText(problems.pueblo)}
            />
          </div>
        </fieldset>
        {shownFindings === undefined ? null : (
          <DuplicateWarning
            findings={shownFindings}
            busy={busy}
            onRegisterAnyway={() => {
              if (phase.step === 'warned') void save(phase.input, phase.findings);
            }}
          />
        )}
        <div className="actions actions-row">
          <button type="submit" className="button" disabled={busy}>
            {phase.step === 'checking' ? t('patientsArea.new.checking') : phase.step === 'saving' ? t('patientsArea.new.saving') : t('patientsArea.new.submit')}
          </button>
          <Link to={ROUTES.patients}>{t('patientsArea.new.back')}</Link>
        </div>
      </form>
    </Page>
  );
}
