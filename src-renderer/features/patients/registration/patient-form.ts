// The registration form's values and their checks, in the order the fields appear (the first one
// in error takes the focus). Problems are codes; the screen words them (patientsArea.errors.*).
import { compareCalendarDates, type CalendarDate } from '../../../../src-core/clinical/age/calendar-date';
import { parseCui, type CuiErrorCode } from '../../../../src-core/clinical/cui';
import { departmentByCode } from '../../../../src-core/fhir/terminology/departments';
import { languageByCode } from '../../../../src-core/fhir/terminology/languages';
import { municipalityByCode } from '../../../../src-core/fhir/terminology/municipalities';
import { puebloByCode } from '../../../../src-core/fhir/terminology/pueblos';
import { parseDisplayDate } from '../display-date';
import type { Sex } from '../patient-summary';
import { EARLIEST_BIRTH_YEAR } from '../search/search-text';
import { motherNameRule } from './mother-name-rule';

export interface PatientFormValues {
  readonly given: string;
  readonly firstSurname: string;
  readonly secondSurname: string;
  readonly sex: '' | Sex;
  /** As typed: dd/mm/aaaa. */
  readonly birthDate: string;
  readonly cui: string;
  readonly department: string;
  readonly municipality: string;
  /** Lugar poblado: aldea, caserío, colonia (free text). */
  readonly locality: string;
  /** BCP-47 code from idioma-gt, or ''. */
  readonly language: string;
  /** pueblo-gt code, or ''. */
  readonly pueblo: string;
  readonly motherGiven: string;
  readonly motherSurnames: string;
}

export const EMPTY_PATIENT_FORM: PatientFormValues = {
  given: '',
  firstSurname: '',
  secondSurname: '',
  sex: '',
  birthDate: '',
  cui: '',
  department: '',
  municipality: '',
  locality: '',
  language: '',
  pueblo: '',
  motherGiven: '',
  motherSurnames: '',
};

export type PatientField = keyof PatientFormValues;

/** Screen order. */
export const PATIENT_FIELDS: readonly PatientField[] = [
  'given',
  'firstSurname',
  'secondSurname',
  'sex',
  'birthDate',
  'motherGiven',
  'motherSurnames',
  'cui',
  'department',
  'municipality',
  'locality',
  'language',
  'pueblo',
];

export type FieldProblem =
  | { readonly problem: 'required' }
  | { readonly problem: 'nameCharacters' }
  | { readonly problem: 'tooLong'; readonly max: number }
  | { readonly problem: 'dateFormat' }
  | { readonly problem: 'dateImpossible' }
  | { readonly problem: 'dateFuture' }
  | { readonly problem: 'dateTooOld' }
  | { readonly problem: 'cui'; readonly code: CuiErrorCode; readonly digits: number }
  | { readonly problem: 'unknownCode' }
  /** The store refused the record for this field; its Spanish message. */
  | { readonly problem: 'rejected'; readonly message: string };

export type FieldProblems = Partial<Record<PatientField, FieldProblem>>;

/** What the form says once it checks out: normalized, ready to become a Patient. */
export interface PatientInput {
  readonly given: string;
  readonly firstSurname: string;
  readonly secondSurname?: string;
  readonly sex: Sex;
  /** FHIR date. */
  readonly birthDate: string;
  /** 13 digits. */
  readonly cui?: string;
  readonly department: string;
  readonly municipality: string;
  readonly locality?: string;
  readonly language?: string;
  readonly pueblo?: string;
  readonly mother?: { readonly given: string; readonly surnames: string };
}

export type FormCheck = { readonly ok: true; readonly value: PatientInput } | { readonly ok: false; readonly problems: FieldProblems };

export const MAX_NAME_LENGTH = 60;
export const MAX_LOCALITY_LENGTH = 100;
// Letters (any script, with their accents), spaces, apostrophes (K'iche' names), hyphens and dots.
const NAME_CHARACTERS = /^[\p{L}\p{M}\s'’.-]+$/u;

/** Trims and collapses runs of spaces. */
export const tidy = (text: string): string => text.replace(/\s+/g, ' ').trim();

function nameProblem(text: string, required: boolean): FieldProblem | undefined {
  if (text === '') return required ? { problem: 'required' } : undefined;
  if (text.length > MAX_NAME_LENGTH) return { problem: 'tooLong', max: MAX_NAME_LENGTH };
  return NAME_CHARACTERS.test(text) ? undefined : { problem: 'nameCharacters' };
}

/** The birth date typed, when it is a real day. */
export function typedBirthDate(values: Pick<PatientFormValues, 'birthDate'>): CalendarDate | undefined {
  const parsed = parseDisplayDate(values.birthDate);
  return parsed.ok ? parsed.calendar : undefined;
}

function birthProblem(text: string, today: CalendarDate): FieldProblem | undefined {
  if (text.trim() === '') return { problem: 'required' };
  const parsed = parseDisplayDate(text);
  if (!parsed.ok) return { problem: parsed.problem === 'format' ? 'dateFormat' : 'dateImpossible' };
  if (compareCalendarDates(parsed.calendar, today) > 0) return { problem: 'dateFuture' };
  if (parsed.calendar.year < EARLIEST_BIRTH_YEAR) return { problem: 'dateTooOld' };
  return undefined;
}

export function checkPatientForm(values: PatientFormValues, today: CalendarDate): FormCheck {
  const problems: FieldProblems = {};
  const set = (field: PatientField, problem: FieldProblem | undefined): void => {
    if (problem !== undefined) problems[field] = problem;
  };
  const v = {
    given: tidy(values.given),
    firstSurname: tidy(values.firstSurname),
    secondSurname: tidy(values.secondSurname),
    locality: tidy(values.locality),
    motherGiven: tidy(values.motherGiven),
    motherSurnames: tidy(values.motherSurnames),
  };
  set('given', nameProblem(v.given, true));
  set('firstSurname', nameProblem(v.firstSurname, true));
  set('secondSurname', nameProblem(v.secondSurname, false));
  if (values.sex === '') set('sex', { problem: 'required' });
  set('birthDate', birthProblem(values.birthDate, today));

  const rule = motherNameRule(typedBirthDate(values), today);
  const motherGiven = rule === 'hidden' ? '' : v.motherGiven;
  const motherSurnames = rule === 'hidden' ? '' : v.motherSurnames;
  // Required for infants; otherwise a name once started is finished (the profile needs the surname).
  const motherAsked = rule === 'required' || motherGiven !== '' || motherSurnames !== '';
  set('motherGiven', nameProblem(motherGiven, rule === 'required'));
  set('motherSurnames', nameProblem(motherSurnames, motherAsked));

  let cui: string | undefined;
  if (values.cui.trim() !== '') {
    const parsed = parseCui(values.cui);
    if (parsed.ok) cui = parsed.cui.normalized;
    else set('cui', { problem: 'cui', code: parsed.error.code, digits: values.cui.replace(/[\s-]/g, '').length });
  }
  // Where the person lives: required here though the profile allows none, because duplicate
  // matching and the municipal reports need it, and everyone registered at a post can say it.
  if (values.department === '') set('department', { problem: 'required' });
  else if (departmentByCode(values.department) === undefined) set('department', { problem: 'unknownCode' });
  const municipality = municipalityByCode(values.municipality);
  if (values.municipality === '') set('municipality', { problem: 'required' });
  else if (municipality === undefined || municipality.department !== values.department) set('municipality', { problem: 'unknownCode' });
  if (v.locality.length > MAX_LOCALITY_LENGTH) set('locality', { problem: 'tooLong', max: MAX_LOCALITY_LENGTH });
  if (values.language !== '' && languageByCode(values.language) === undefined) set('language', { problem: 'unknownCode' });
  if (values.pueblo !== '' && puebloByCode(values.pueblo) === undefined) set('pueblo', { problem: 'unknownCode' });

  const birth = parseDisplayDate(values.birthDate);
  if (Object.keys(problems).length > 0 || values.sex === '' || !birth.ok) return { ok: false, problems };
  return {
    ok: true,
    value: {
      given: v.given,
      firstSurname: v.firstSurname,
      ...(v.secondSurname === '' ? {} : { secondSurname: v.secondSurname }),
      sex: values.sex,
      birthDate: birth.date,
      ...(cui === undefined ? {} : { cui }),
      department: values.department,
      municipality: values.municipality,
      ...(v.locality === '' ? {} : { locality: v.locality }),
      ...(values.language === '' ? {} : { language: values.language }),
      ...(values.pueblo === '' ? {} : { pueblo: values.pueblo }),
      ...(motherSurnames === '' ? {} : { mother: { given: motherGiven, surnames: motherSurnames } }),
    },
  };
}

/** The first field in error, in screen order. */
export function firstProblemField(problems: FieldProblems): PatientField | undefined {
  return PATIENT_FIELDS.find((f) => problems[f] !== undefined);
}
