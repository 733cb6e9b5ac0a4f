// A vaccination schedule as data, so the status logic (immunization-status.ts) works with any
// schedule. The only schedule file available to the project today is derived from Synthea's US
// (CDC/ACIP-style) routine schedule (resources/clinical/immunization/); it is NOT Guatemala's.
// The MSPAS schedule (Lineamientos técnicos de vacunación) must replace it, written in this format
// from the official document and reviewed by the programme; nobody should transcribe it from memory.
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { issue } from '../../fhir/outcome';

/** UCUM-style units: days, weeks, months, years. */
export type ScheduleAgeUnit = 'd' | 'wk' | 'mo' | 'a';

export interface ScheduleAge {
  readonly value: number;
  readonly unit: ScheduleAgeUnit;
}

export interface ScheduleCode {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

export interface ScheduledDose {
  /** Recommended age: the dose is due from the date the child reaches it. */
  readonly age: ScheduleAge;
  /** Days after the due date during which the dose is still "due"; afterwards "overdue". */
  readonly overdueAfterDays?: number;
  /** Minimum days since the previous counted dose of the series; an earlier dose does not count. */
  readonly minIntervalDays?: number;
  /** Minimum age for the dose to count. */
  readonly minAge?: ScheduleAge;
  /** From this age on the dose is no longer given (e.g. rotavirus); it becomes "not applicable". */
  readonly maxAge?: ScheduleAge;
}

export interface ScheduledVaccine {
  /** Stable key within the schedule. */
  readonly key: string;
  readonly display: string;
  /** Codings an Immunization.vaccineCode may carry for this vaccine; any one matches. */
  readonly codes: readonly ScheduleCode[];
  /** Only for this sex (FHIR administrative gender), when the programme restricts it. */
  readonly sex?: 'female' | 'male';
  readonly doses: readonly ScheduledDose[];
}

export interface ImmunizationSchedule {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly title: string;
  /** True only for the official, reviewed MSPAS schedule; the UI must label anything else. */
  readonly authoritative: boolean;
  /** Overdue window used when a dose does not set its own (days). */
  readonly defaultOverdueAfterDays: number;
  readonly vaccines: readonly ScheduledVaccine[];
}

const AGE_UNITS: readonly ScheduleAgeUnit[] = ['d', 'wk', 'mo', 'a'];
const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** Age in days, approximately, for ordering checks only (months as 30.4375 days). */
function approximateDays(age: ScheduleAge): number {
  switch (age.unit) {
    case 'd':
      return age.value;
    case 'wk':
      return age.value * 7;
    case 'mo':
      return age.value * 30.4375;
    case 'a':
      return age.value * 365.25;
  }
}

/** Structural problems of a schedule (an empty list when it can be used). */
export function checkImmunizationSchedule(schedule: ImmunizationSchedule): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const problem = (expression: string, diagnostics: string): void => {
    issues.push(issue('invalid', diagnostics, { expression: [expression], details: `Esquema de vacunación inválido: ${diagnostics}` }));
  };
  const checkAge = (age: ScheduleAge | undefined, at: string): void => {
    if (age === undefined) return;
    if (!isCount(age.value) || !AGE_UNITS.includes(age.unit)) problem(at, 'age must be a non-negative integer with unit d, wk, mo or a');
  };
  if (!isCount(schedule.defaultOverdueAfterDays)) problem('defaultOverdueAfterDays', 'defaultOverdueAfterDays must be a non-negative integer');
  const keys = new Set<string>();
  schedule.vaccines.forEach((vaccine, v) => {
    const at = `vaccines[${v}]`;
    if (keys.has(vaccine.key)) problem(`${at}.key`, `duplicate vaccine key '${vaccine.key}'`);
    keys.add(vaccine.key);
    if (vaccine.codes.length === 0) problem(`${at}.codes`, `vaccine '${vaccine.key}' has no codes`);
    if (vaccine.doses.length === 0) problem(`${at}.doses`, `vaccine '${vaccine.key}' has no doses`);
    let previous = -1;
    vaccine.doses.forEach((dose, d) => {
      const doseAt = `${at}.doses[${d}]`;
      checkAge(dose.age, `${doseAt}.age`);
      checkAge(dose.minAge, `${doseAt}.minAge`);
      checkAge(dose.maxAge, `${doseAt}.maxAge`);
      for (const field of ['overdueAfterDays', 'minIntervalDays'] as const) {
        if (dose[field] !== undefined && !isCount(dose[field])) problem(`${doseAt}.${field}`, `${field} must be a non-negative integer`);
      }
      const days = approximateDays(dose.age);
      if (days < previous) problem(`${doseAt}.age`, `dose ${d + 1} of '${vaccine.key}' is recommended before dose ${d}`);
      previous = days;
    });
  });
  return issues;
}
