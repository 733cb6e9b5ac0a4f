// The monthly report a health post sends its district office (issue 8 item 3), computed from the
// FHIR resources of the local store (or, centrally, of several posts):
//   - consultations (Encounters that started in the month) by age group and sex;
//   - the most frequent CIE-10 diagnoses (Conditions recorded in the month);
//   - immunizations given, by vaccine and dose;
//   - children under 5 measured in the month with malnutrition findings (WHO z-scores of their
//     last weight and length/height of the month: wasting, stunting, underweight);
//   - referrals and teleconsult requests made.
// Age groups follow the MSPAS SIGSA consultation groups (under 1, 1–4, 5–9, … 60 and over). A
// record belongs to the month of its local date as written (FHIR keeps the recording offset).
import type { Condition, Encounter, Immunization, Observation, Patient, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { ageInDays, ageOf } from '../clinical/age/age-of';
import { assessGrowth } from '../clinical/growth/growth-assessment';
import type { Sex, WhoGrowthTables } from '../clinical/growth/growth-tables';
import { CEIBA_PROFILE } from '../fhir/profiles/ceiba-urls';

export const AGE_GROUPS = ['<1', '1-4', '5-9', '10-14', '15-19', '20-24', '25-39', '40-49', '50-59', '60+'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];
export type ReportSex = 'female' | 'male' | 'other';

const LOINC = 'http://loinc.org';
const WEIGHT = '29463-7';
const HEIGHT = '8302-2';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10';

export interface MonthlyReport {
  /** YYYY-MM */
  readonly month: string;
  readonly consultations: {
    readonly total: number;
    /** age group → sex → count (every group and sex present, zeros included). */
    readonly byAgeAndSex: Readonly<Record<AgeGroup, Readonly<Record<ReportSex, number>>>>;
    /** Encounters whose patient or birth date is unknown. */
    readonly ageUnknown: number;
  };
  /** Most frequent first; ties by code. */
  readonly topDiagnoses: readonly { readonly code: string; readonly display: string; readonly count: number }[];
  /** Vaccine code and dose number → count; ordered by vaccine, then dose. */
  readonly immunizations: readonly { readonly vaccine: string; readonly dose: number | null; readonly count: number }[];
  readonly growth: {
    /** Children under 5 with a weight or length/height measured in the month. */
    readonly measured: number;
    readonly wasting: number;
    readonly stunting: number;
    readonly underweight: number;
  };
  readonly referrals: number;
  readonly teleconsults: number;
}

export interface MonthlyReportOptions {
  /** YYYY-MM */
  readonly month: string;
  readonly resources: readonly Resource[];
  readonly growthTables: WhoGrowthTables;
  /** How many diagnoses to list. Default 10. */
  readonly topDiagnoses?: number;
}

const inMonth = (date: string | undefined, month: string): boolean => date?.startsWith(month) === true;
const localDate = (dateTime: string | undefined): string | undefined => dateTime?.slice(0, 10);
const refId = (reference: string | undefined, type: string): string | undefined =>
  reference?.startsWith(`${type}/`) === true ? reference.slice(type.length + 1) : undefined;

export function ageGroupOf(years: number): AgeGroup {
  if (years < 1) return '<1';
  if (years < 5) return '1-4';
  if (years < 10) return '5-9';
  if (years < 15) return '10-14';
  if (years < 20) return '15-19';
  if (years < 25) return '20-24';
  if (years < 40) return '25-39';
  if (years < 50) return '40-49';
  if (years < 60) return '50-59';
  return '60+';
}

const sexOf = (patient: Patient | undefined): ReportSex => (patient?.gender === 'female' || patient?.gender === 'male' ? patient.gender : 'other');

function emptyTable(): Record<AgeGroup, Record<ReportSex, number>> {
  const table = {} as Record<AgeGroup, Record<ReportSex, number>>;
  for (const group of AGE_GROUPS) table[group] = { female: 0, male: 0, other: 0 };
  return table;
}

const hasProfile = (resource: Resource, profile: string): boolean => resource.meta?.profile?.includes(profile) === true;
const hasCode = (obs: Observation, code: string): boolean => obs.code.coding?.some((c) => c.system === LOINC && c.code === code) === true;

export function monthlyReport(options: MonthlyReportOptions): MonthlyReport {
  const { month, resources } = options;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new RangeError('month must be YYYY-MM');
  const patients = new Map<string, Patient>();
  for (const r of resources) if (r.resourceType === 'Patient' && r.id !== undefined) patients.set(r.id, r);

  // Consultations.
  const byAgeAndSex = emptyTable();
  let total = 0;
  let ageUnknown = 0;
  for (const r of resources) {
    if (r.resourceType !== 'Encounter') continue;
    const encounter: Encounter = r;
    if (encounter.status === 'cancelled' || encounter.status === 'entered-in-error') continue;
    const day = localDate(encounter.period?.start);
    if (!inMonth(day, month) || day === undefined) continue;
    total += 1;
    const patient = patients.get(refId(encounter.subject?.reference, 'Patient') ?? '');
    const age = patient?.birthDate === undefined ? undefined : ageOf(patient.birthDate, day);
    if (age === undefined) {
      ageUnknown += 1;
      continue;
    }
    byAgeAndSex[ageGroupOf(age.years)][sexOf(patient)] += 1;
  }

  // Diagnoses.
  const diagnoses = new Map<string, { display: string; count: number }>();
  for (const r of resources) {
    if (r.resourceType !== 'Condition') continue;
    const condition: Condition = r;
    if (condition.verificationStatus?.coding?.some((c) => c.code === 'entered-in-error' || c.code === 'refuted') === true) continue;
    if (!inMonth(localDate(condition.recordedDate), month)) continue;
    const coding = condition.code?.coding?.find((c) => c.system === ICD10 && c.code !== undefined);
    if (coding?.code === undefined) continue;
    const entry = diagnoses.get(coding.code) ?? { display: coding.display ?? condition.code?.text ?? '', count: 0 };
    entry.count += 1;
    diagnoses.set(coding.code, entry);
  }
  const topDiagnoses = [...diagnoses.entries()]
    .map(([code, d]) => ({ code, display: d.display, count: d.count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, options.topDiagnoses ?? 10);

  // Immunizations.
  const doses = new Map<string, { vaccine: string; dose: number | null; count: number }>();
  for (const r of resources) {
    if (r.resourceType !== 'Immunization') continue;
    const immunization: Immunization = r;
    if (immunization.status !== 'completed' || !inMonth(localDate(immunization.occurrenceDateTime), month)) continue;
    const vaccine = immunization.vaccineCode.coding?.[0]?.code ?? immunization.vaccineCode.text ?? '?';
    const dose = immunization.protocolApplied?.[0]?.doseNumberPositiveInt ?? null;
    const key = `${vaccine}|${String(dose)}`;
    const entry = doses.get(key) ?? { vaccine, dose, count: 0 };
    entry.count += 1;
    doses.set(key, entry);
  }
  const immunizations = [...doses.values()].sort((a, b) => a.vaccine.localeCompare(b.vaccine) || (a.dose ?? 0) - (b.dose ?? 0));

  // Growth: each child's last weight and last length/height of the month.
  const measures = new Map<string, { weight?: { day: string; kg: number }; height?: { day: string; cm: number } }>();
  for (const r of resources) {
    if (r.resourceType !== 'Observation') continue;
    const obs: Observation = r;
    if (obs.status === 'entered-in-error' || obs.status === 'cancelled') continue;
    const day = localDate(obs.effectiveDateTime);
    const patientId = refId(obs.subject?.reference, 'Patient');
    const value = obs.valueQuantity?.value;
    if (!inMonth(day, month) || day === undefined || patientId === undefined || value === undefined) continue;
    const m = measures.get(patientId) ?? {};
    if (hasCode(obs, WEIGHT) && (m.weight === undefined || m.weight.day <= day)) m.weight = { day, kg: obs.valueQuantity?.unit === 'g' ? value / 1000 : value };
    else if (hasCode(obs, HEIGHT) && (m.height === undefined || m.height.day <= day)) m.height = { day, cm: value };
    else continue;
    measures.set(patientId, m);
  }
  const growth = { measured: 0, wasting: 0, stunting: 0, underweight: 0 };
  for (const [patientId, m] of measures) {
    const patient = patients.get(patientId);
    const sex = patient?.gender;
    if (patient?.birthDate === undefined || (sex !== 'female' && sex !== 'male')) continue;
    const day = [m.weight?.day, m.height?.day].filter((d): d is string => d !== undefined).sort().at(-1);
    const days = day === undefined ? undefined : ageInDays(patient.birthDate, day);
    if (days === undefined || days >= 1826) continue;
    growth.measured += 1;
    const assessment = assessGrowth(options.growthTables, {
      sex: sex satisfies Sex,
      ageInDays: days,
      ...(m.weight === undefined ? {} : { weightKg: m.weight.kg }),
      ...(m.height === undefined ? {} : { lengthHeightCm: m.height.cm }),
    });
    const codes = new Set(assessment.findings.map((f) => f.code));
    if (codes.has('wasting') || codes.has('severe-wasting')) growth.wasting += 1;
    if (codes.has('stunting') || codes.has('severe-stunting')) growth.stunting += 1;
    if (codes.has('underweight') || codes.has('severe-underweight')) growth.underweight += 1;
  }

  let referrals = 0;
  let teleconsults = 0;
  for (const r of resources) {
    if (r.resourceType !== 'ServiceRequest') continue;
    const request: ServiceRequest = r;
    if (request.status === 'entered-in-error' || !inMonth(localDate(request.authoredOn), month)) continue;
    if (hasProfile(request, CEIBA_PROFILE.referral)) referrals += 1;
    else if (hasProfile(request, CEIBA_PROFILE.teleconsultRequest)) teleconsults += 1;
  }

  return { month, consultations: { total, byAgeAndSex, ageUnknown }, topDiagnoses, immunizations, growth, referrals, teleconsults };
}
