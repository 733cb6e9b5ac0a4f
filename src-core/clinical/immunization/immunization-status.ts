// Where a person stands against a vaccination schedule on a given day: each scheduled dose is
// given (with its date), due, overdue, upcoming or not applicable.
//
// Rules (the schedule supplies the numbers; see immunization-schedule.ts):
// - Only Immunizations with status 'completed' count; 'not-done' and 'entered-in-error' are ignored.
// - An Immunization counts for every scheduled vaccine whose codes include one of its
//   vaccineCode codings (system and code), so a combined vaccine can fill several series.
// - Counted doses are assigned in date order, whatever order the records come in and whatever
//   dose number they carry (records copied from a paper card are often entered out of order).
//   A dose given before the dose's minimum age, or sooner than the minimum interval after the
//   previous counted dose, does not count (it is listed as uncounted with the reason) and the
//   next record is tried for the same dose; a second record on the same day is a duplicate.
//   A completed record without a usable date still counts, after the dated ones, but cannot
//   start an interval.
// - A dose not given is due from its due date: the date the recommended age is reached, moved
//   later when the minimum age or the minimum interval after the previous given dose ends later.
//   Before that it is upcoming; on the due date and for `overdueAfterDays` days after it, due;
//   after that, overdue.
// - Not applicable: the vaccine is for the other sex; the person has reached the dose's maximum
//   age without it; or an earlier dose of the series became not applicable.
import type { Immunization, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { issue } from '../../fhir/outcome';
import {
  addCalendarMonths,
  addDays,
  formatCalendarDate,
  fromDayNumber,
  parseCalendarDate,
  toDayNumber,
  type CalendarDate,
} from '../age/calendar-date';
import type { ImmunizationSchedule, ScheduleAge, ScheduledDose, ScheduledVaccine } from './immunization-schedule';

export type DoseStatus = 'given' | 'due' | 'overdue' | 'upcoming' | 'not-applicable';

export interface DoseState {
  /** 1-based position in the series. */
  readonly doseNumber: number;
  readonly status: DoseStatus;
  /** The date the recommended age is reached (YYYY-MM-DD). */
  readonly recommendedDate: string;
  /** Not given: the date from which the dose is due. */
  readonly dueDate?: string;
  /** Not given: the last day on which it is "due" rather than "overdue". */
  readonly lastDueDate?: string;
  /** Given: the date recorded, when the record has one. */
  readonly givenOn?: string;
  readonly immunizationId?: string;
}

export type UncountedReason = 'before-minimum-age' | 'before-minimum-interval' | 'same-day-duplicate' | 'beyond-series';

export interface UncountedImmunization {
  readonly immunizationId?: string;
  readonly date?: string;
  readonly reason: UncountedReason;
}

export interface VaccineStatus {
  readonly vaccine: ScheduledVaccine;
  readonly doses: readonly DoseState[];
  readonly uncounted: readonly UncountedImmunization[];
}

export interface ImmunizationStatusInput {
  /** FHIR Patient.birthDate (a full date). */
  readonly birthDate: string;
  /** FHIR Patient.gender. */
  readonly gender?: string;
  /** The day to evaluate (YYYY-MM-DD). */
  readonly on: string;
  /** The person's Immunization resources, in any order. */
  readonly immunizations: readonly Immunization[];
}

export interface ImmunizationStatus {
  readonly vaccines: readonly VaccineStatus[];
  readonly issues: readonly OperationOutcomeIssue[];
}

interface DoseRecord {
  readonly id?: string;
  /** Day number, or undefined when the record has no usable date. */
  readonly day?: number;
}

export function dateAtAge(birth: CalendarDate, age: ScheduleAge): CalendarDate {
  switch (age.unit) {
    case 'd':
      return addDays(birth, age.value);
    case 'wk':
      return addDays(birth, age.value * 7);
    case 'mo':
      return addCalendarMonths(birth, age.value);
    case 'a':
      return addCalendarMonths(birth, age.value * 12);
  }
}

function matches(immunization: Immunization, vaccine: ScheduledVaccine): boolean {
  return (immunization.vaccineCode.coding ?? []).some((coding) =>
    vaccine.codes.some((code) => code.system === coding.system && code.code === coding.code),
  );
}

function recordOf(immunization: Immunization): DoseRecord {
  const date = immunization.occurrenceDateTime === undefined ? undefined : parseCalendarDate(immunization.occurrenceDateTime);
  return {
    ...(immunization.id === undefined ? {} : { id: immunization.id }),
    ...(date === undefined ? {} : { day: toDayNumber(date) }),
  };
}

const byDateThenId = (a: DoseRecord, b: DoseRecord): number => {
  if (a.day !== b.day) {
    if (a.day === undefined) return 1;
    if (b.day === undefined) return -1;
    return a.day - b.day;
  }
  return (a.id ?? '').localeCompare(b.id ?? '');
};

const dayText = (day: number | undefined): string | undefined => (day === undefined ? undefined : formatCalendarDate(fromDayNumber(day)));

/** Assigns records to doses in date order; returns the counted record per dose and the rest. */
function assignDoses(
  birth: CalendarDate,
  doses: readonly ScheduledDose[],
  records: readonly DoseRecord[],
): { counted: (DoseRecord | undefined)[]; uncounted: UncountedImmunization[] } {
  const counted: (DoseRecord | undefined)[] = doses.map(() => undefined);
  const uncounted: UncountedImmunization[] = [];
  const skip = (record: DoseRecord, reason: UncountedReason): void => {
    const date = dayText(record.day);
    uncounted.push({
      ...(record.id === undefined ? {} : { immunizationId: record.id }),
      ...(date === undefined ? {} : { date }),
      reason,
    });
  };
  let next = 0;
  let lastDay: number | undefined;
  for (const record of records) {
    const dose = doses[next];
    if (dose === undefined) {
      skip(record, 'beyond-series');
      continue;
    }
    if (record.day !== undefined) {
      if (record.day === lastDay) {
        skip(record, 'same-day-duplicate');
        continue;
      }
      if (dose.minAge !== undefined && record.day < toDayNumber(dateAtAge(birth, dose.minAge))) {
        skip(record, 'before-minimum-age');
        continue;
      }
      if (dose.minIntervalDays !== undefined && lastDay !== undefined && record.day - lastDay < dose.minIntervalDays) {
        skip(record, 'before-minimum-interval');
        continue;
      }
      lastDay = record.day;
    }
    counted[next] = record;
    next += 1;
  }
  return { counted, uncounted };
}

function vaccineStatus(
  vaccine: ScheduledVaccine,
  schedule: ImmunizationSchedule,
  birth: CalendarDate,
  onDay: number,
  gender: string | undefined,
  immunizations: readonly Immunization[],
): VaccineStatus {
  const records = immunizations
    .filter((imm) => imm.status === 'completed' && matches(imm, vaccine))
    .map(recordOf)
    .sort(byDateThenId);
  const { counted, uncounted } = assignDoses(birth, vaccine.doses, records);
  const otherSex = vaccine.sex !== undefined && (gender === 'male' || gender === 'female') && gender !== vaccine.sex;

  const states: DoseState[] = [];
  let previousDay: number | undefined;
  let previousNotApplicable = false;
  vaccine.doses.forEach((dose, i) => {
    const recommendedDay = toDayNumber(dateAtAge(birth, dose.age));
    const base = { doseNumber: i + 1, recommendedDate: formatCalendarDate(fromDayNumber(recommendedDay)) };
    const given = counted[i];
    if (given !== undefined) {
      const givenOn = dayText(given.day);
      states.push({
        ...base,
        status: 'given',
        ...(givenOn === undefined ? {} : { givenOn }),
        ...(given.id === undefined ? {} : { immunizationId: given.id }),
      });
      previousDay = given.day;
      previousNotApplicable = false;
      return;
    }
    let dueDay = recommendedDay;
    if (dose.minAge !== undefined) dueDay = Math.max(dueDay, toDayNumber(dateAtAge(birth, dose.minAge)));
    if (dose.minIntervalDays !== undefined && previousDay !== undefined) dueDay = Math.max(dueDay, previousDay + dose.minIntervalDays);
    const lastDueDay = dueDay + (dose.overdueAfterDays ?? schedule.defaultOverdueAfterDays);
    const pastMaximum = dose.maxAge !== undefined && onDay >= toDayNumber(dateAtAge(birth, dose.maxAge));
    let status: DoseStatus;
    if (otherSex || previousNotApplicable || pastMaximum) status = 'not-applicable';
    else if (onDay < dueDay) status = 'upcoming';
    else if (onDay > lastDueDay) status = 'overdue';
    else status = 'due';
    states.push({ ...base, status, dueDate: formatCalendarDate(fromDayNumber(dueDay)), lastDueDate: formatCalendarDate(fromDayNumber(lastDueDay)) });
    previousDay = undefined;
    previousNotApplicable = status === 'not-applicable';
  });
  return { vaccine, doses: states, uncounted };
}

/** Each scheduled dose's status on `input.on`; see the rules at the top of this file. */
export function immunizationStatus(schedule: ImmunizationSchedule, input: ImmunizationStatusInput): ImmunizationStatus {
  const birth = parseCalendarDate(input.birthDate);
  const on = parseCalendarDate(input.on);
  const issues: OperationOutcomeIssue[] = [];
  if (birth === undefined) {
    issues.push(
      issue('required', 'a full birth date is needed to evaluate the schedule', {
        expression: ['Patient.birthDate'],
        details: 'Se necesita la fecha de nacimiento completa (día, mes y año) para calcular el esquema de vacunación.',
      }),
    );
  }
  if (on === undefined) {
    issues.push(issue('invalid', 'evaluation date must be YYYY-MM-DD', { expression: ['on'], details: 'Fecha de evaluación inválida.' }));
  }
  if (birth === undefined || on === undefined) return { vaccines: [], issues };
  const undated = input.immunizations.filter(
    (imm) => imm.status === 'completed' && (imm.occurrenceDateTime === undefined || parseCalendarDate(imm.occurrenceDateTime) === undefined),
  );
  for (const imm of undated) {
    issues.push(
      issue('incomplete', 'completed Immunization without a full occurrence date; counted without a date', {
        severity: 'information',
        expression: [`Immunization${imm.id === undefined ? '' : `/${imm.id}`}.occurrence`],
        details: 'Hay una vacuna registrada sin fecha completa; se cuenta como aplicada, sin fecha.',
      }),
    );
  }
  const onDay = toDayNumber(on);
  return {
    vaccines: schedule.vaccines.map((vaccine) => vaccineStatus(vaccine, schedule, birth, onDay, input.gender, input.immunizations)),
    issues,
  };
}
