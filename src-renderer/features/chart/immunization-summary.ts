// Immunizations in the chart: every recorded vaccine (newest first) and, for children and
// adolescents, each dose of the national schedule as given / due / overdue / upcoming / not
// applicable on the chart's day (src-core/clinical/immunization). From 15 years the childhood
// schedule is not evaluated (its doses would all read "overdue" for an adult with no card on
// file); the recorded vaccines are still listed.
import type { Immunization, Patient } from '@medplum/fhirtypes';
import type { Age } from '../../../src-core/clinical/age/age-of';
import { immunizationStatus, type DoseStatus } from '../../../src-core/clinical/immunization/immunization-status';
import { codeSystemUrl } from '../../../src-core/fhir/canonical';
import { scheduledVaccineByCode } from '../../../src-core/fhir/terminology/vaccine-schedule';
import { codingOf, conceptText } from './fhir-codings';
import { instantOf } from './encounter-timeline';
import type { NationalSchedule } from './national-schedule';

export const SCHEDULE_UNTIL_YEARS = 15;

export interface DoseRow {
  readonly vaccineKey: string;
  readonly vaccine: string;
  readonly doseNumber: number;
  readonly label: string;
  readonly status: DoseStatus;
  /** The date the recommended age is reached. */
  readonly recommendedDate: string;
  readonly dueDate?: string;
  readonly givenOn?: string;
}

export interface RecordedImmunization {
  readonly id: string;
  readonly vaccine: string;
  readonly date?: string;
  readonly status: Immunization['status'];
  readonly lotNumber?: string;
  readonly doseNumber?: number;
}

export interface ImmunizationSummary {
  /** Whether the schedule was evaluated (a child or adolescent with a full birth date). */
  readonly evaluated: boolean;
  readonly scheduleReviewed: boolean;
  readonly doses: readonly DoseRow[];
  readonly recorded: readonly RecordedImmunization[];
}

const VACCINE_SYSTEM = codeSystemUrl('vacuna-gt');

/** The national name of a vacuna-gt code (records carry the code only), else the concept's text. */
function vaccineName(immunization: Immunization): string {
  const code = codingOf(immunization.vaccineCode, VACCINE_SYSTEM)?.code;
  return (code === undefined ? undefined : scheduledVaccineByCode(code)?.name) ?? conceptText(immunization.vaccineCode) ?? '';
}

function recorded(immunizations: readonly Immunization[]): RecordedImmunization[] {
  return immunizations
    .filter((i) => i.status !== 'entered-in-error')
    .map((i) => {
      const dose = i.protocolApplied?.[0]?.doseNumberPositiveInt;
      return {
        id: i.id ?? '',
        vaccine: vaccineName(i),
        status: i.status,
        ...(i.occurrenceDateTime === undefined ? {} : { date: i.occurrenceDateTime }),
        ...(i.lotNumber === undefined ? {} : { lotNumber: i.lotNumber }),
        ...(dose === undefined ? {} : { doseNumber: dose }),
      };
    })
    .sort((a, b) => instantOf(b.date) - instantOf(a.date) || a.id.localeCompare(b.id));
}

export function immunizationSummary(
  national: NationalSchedule,
  patient: Patient,
  age: Age | undefined,
  immunizations: readonly Immunization[],
  today: string,
): ImmunizationSummary {
  const base = { scheduleReviewed: national.reviewed, recorded: recorded(immunizations) };
  if (age === undefined || age.years >= SCHEDULE_UNTIL_YEARS || patient.birthDate === undefined) return { ...base, evaluated: false, doses: [] };
  const status = immunizationStatus(national.schedule, {
    birthDate: patient.birthDate,
    ...(patient.gender === undefined ? {} : { gender: patient.gender }),
    on: today,
    immunizations,
  });
  const doses = status.vaccines.flatMap((v) =>
    v.doses.map((d) => ({
      vaccineKey: v.vaccine.key,
      vaccine: v.vaccine.display,
      doseNumber: d.doseNumber,
      label: national.doseLabels.get(v.vaccine.key)?.[d.doseNumber - 1] ?? String(d.doseNumber),
      status: d.status,
      recommendedDate: d.recommendedDate,
      ...(d.dueDate === undefined ? {} : { dueDate: d.dueDate }),
      ...(d.givenOn === undefined ? {} : { givenOn: d.givenOn }),
    })),
  );
  return { ...base, evaluated: status.vaccines.length > 0, doses };
}
