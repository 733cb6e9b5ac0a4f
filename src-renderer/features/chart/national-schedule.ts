// The national vaccination schedule (resources/terminology/esquema-vacunacion.json, a DRAFT
// transcription until an administrator reviews it) in the shape the status logic of
// src-core/clinical/immunization evaluates. Immunizations are coded with vacuna-gt (the profile's
// required binding); each vaccine also matches its CVX mapping, so records that arrive coded in
// CVX (e.g. from another system through sync) count too.
//
// Choices the draft file leaves open, made here and shown as such:
// - vaccines for pregnancy (population 'embarazo', Td) are timed only by intervals from an
//   unknown start, so the age-based schedule leaves them out (the prenatal summary is where they
//   belong once the schedule gives them a start);
// - a later dose timed only by its interval (VPH 2) is due from the previous dose's age plus that
//   interval;
// - a dose stays "due" for 30 days after its due date, then "overdue" (no overdue window is
//   given by the draft; the programme must confirm it).
import type { ImmunizationSchedule, ScheduledDose, ScheduledVaccine } from '../../../src-core/clinical/immunization/immunization-schedule';
import { codeSystemUrl } from '../../../src-core/fhir/canonical';
import type { VaccineSchedule } from '../../../src-core/fhir/terminology/table-types';

export const CVX_SYSTEM = 'http://hl7.org/fhir/sid/cvx';
export const DUE_WINDOW_DAYS = 30;

export interface NationalSchedule {
  readonly schedule: ImmunizationSchedule;
  /** The Spanish label of each dose ('1.ª dosis', 'Refuerzo'), by vaccine key then dose index. */
  readonly doseLabels: ReadonlyMap<string, readonly string[]>;
  /** False while the transcription is a draft: the UI says so. */
  readonly reviewed: boolean;
}

export function nationalSchedule(source: VaccineSchedule): NationalSchedule {
  const system = codeSystemUrl('vacuna-gt');
  const doseLabels = new Map<string, string[]>();
  const vaccines: ScheduledVaccine[] = [];
  for (const vaccine of source.vaccines) {
    if (vaccine.population === 'embarazo') continue;
    const doses: ScheduledDose[] = [];
    const labels: string[] = [];
    for (const dose of vaccine.doses) {
      const age = dose.age ?? doses[doses.length - 1]?.age;
      if (age === undefined) break;
      doses.push({ age, ...(dose.minIntervalDays === undefined ? {} : { minIntervalDays: dose.minIntervalDays }) });
      labels.push(dose.label);
    }
    if (doses.length === 0) continue;
    doseLabels.set(vaccine.code, labels);
    vaccines.push({
      key: vaccine.code,
      display: vaccine.name,
      codes: [{ system, code: vaccine.code }, ...(vaccine.cvx === undefined ? [] : [{ system: CVX_SYSTEM, code: vaccine.cvx.code }])],
      doses,
    });
  }
  const reviewed = source.status === 'active' && source.reviewed !== null;
  return {
    schedule: { schemaVersion: 1, id: 'esquema-nacional-gt', title: 'Esquema nacional de vacunación', authoritative: reviewed, defaultOverdueAfterDays: DUE_WINDOW_DAYS, vaccines },
    doseLabels,
    reviewed,
  };
}
