// A pregnant woman's prenatal summary: weeks of gestation, prenatal visits and danger signs.
//
// No Ceiba profile covers pregnancy (fhir-profiles has none), so this reads standard codes:
// - pregnant when the latest LOINC 82810-3 (pregnancy status) answers LA15173-0 "Pregnant"; or,
//   without a status, when there is a current estimated delivery date (11778-8, not more than two
//   weeks past), or an active Condition coded CIE-10 Z33/Z34/Z35 (pregnancy, supervision of
//   pregnancy) or in chapter O (O00–O99) recorded within the last 42 weeks; a later status
//   "not pregnant" ends it;
// - weeks of gestation, in this order: the EDD (280 days before it is week 0), the latest
//   gestational age (49051-6, in weeks or days, carried forward to the chart's day), the last
//   menstrual period (8665-2);
// - visits: encounters since the pregnancy began whose reason is motivo-consulta
//   'control-prenatal' (or 'molestia-embarazo');
// - danger signs recorded since the pregnancy began: blood pressure ≥ 140/90 mmHg, temperature
//   ≥ 38 °C, a consultation for 'molestia-embarazo', and active chapter-O Conditions
//   (complications coded by the clinician).
import type { Condition, Observation, Patient } from '@medplum/fhirtypes';
import { addDays, daysBetween, formatCalendarDate, parseCalendarDate, type CalendarDate } from '../../../src-core/clinical/age/calendar-date';
import { ICD10_SYSTEM } from '../../../src-core/fhir/canonical';
import { isActiveCondition } from './active-problems';
import { diagnosisEntry, instantOf, type TimelineEntry } from './encounter-timeline';
import { codingOf, hasCoding, LOINC, LOINC_CODES, PREGNANCY_ANSWERS } from './fhir-codings';
import { observationsOf, vitalTrends } from './vital-trends';

export const TERM_DAYS = 280;
const MAX_PREGNANCY_DAYS = 42 * 7;
const EDD_GRACE_DAYS = 14;

export type DangerSign =
  | { readonly kind: 'hypertension'; readonly date: string; readonly systolic: number; readonly diastolic: number }
  | { readonly kind: 'fever'; readonly date: string; readonly celsius: number }
  | { readonly kind: 'danger-visit'; readonly date: string; readonly encounterId: string }
  | { readonly kind: 'complication'; readonly date?: string; readonly code?: string; readonly display: string };

export interface PrenatalSummary {
  /** Completed weeks and days of gestation on the chart's day, when something dates the pregnancy. */
  readonly gestation?: { readonly weeks: number; readonly days: number };
  readonly gestationBasis?: 'edd' | 'gestational-age' | 'lmp';
  readonly estimatedDeliveryDate?: string;
  /** Prenatal visits, newest first. */
  readonly visits: readonly { readonly encounterId: string; readonly date?: string }[];
  readonly dangerSigns: readonly DangerSign[];
}

const calendarOf = (text: string | undefined): CalendarDate | undefined => (text === undefined ? undefined : parseCalendarDate(text));

function latest(observations: readonly Observation[], code: string): Observation | undefined {
  return observationsOf(observations, code).sort((a, b) => instantOf(b.effectiveDateTime) - instantOf(a.effectiveDateTime))[0];
}

const isPregnancyCondition = (condition: Condition): boolean => {
  const code = codingOf(condition.code, ICD10_SYSTEM)?.code ?? '';
  return /^(Z3[345]|O)/.test(code);
};

/** The first day of the pregnancy (gestational week 0) and how it was dated. */
function dating(observations: readonly Observation[], today: CalendarDate): { start?: CalendarDate; basis?: PrenatalSummary['gestationBasis']; edd?: CalendarDate } {
  const edd = calendarOf(latest(observations, LOINC_CODES.estimatedDeliveryDate)?.valueDateTime);
  if (edd !== undefined) return { start: addDays(edd, -TERM_DAYS), basis: 'edd', edd };
  const ga = latest(observations, LOINC_CODES.gestationalAge);
  const gaDate = calendarOf(ga?.effectiveDateTime);
  const q = ga?.valueQuantity;
  if (gaDate !== undefined && q?.value !== undefined && (q.code === 'wk' || q.code === 'd')) {
    const days = Math.round(q.code === 'wk' ? q.value * 7 : q.value);
    const start = addDays(gaDate, -days);
    return { start, basis: 'gestational-age', edd: addDays(start, TERM_DAYS) };
  }
  const lmp = calendarOf(latest(observations, LOINC_CODES.lastMenstrualPeriod)?.valueDateTime);
  if (lmp !== undefined && daysBetween(lmp, today) >= 0) return { start: lmp, basis: 'lmp', edd: addDays(lmp, TERM_DAYS) };
  return {};
}

export function isPregnant(patient: Patient, observations: readonly Observation[], conditions: readonly Condition[], today: CalendarDate): boolean {
  if (patient.gender !== 'female') return false;
  const status = latest(observations, LOINC_CODES.pregnancyStatus);
  if (status !== undefined) {
    if (hasCoding(status.valueCodeableConcept, LOINC, PREGNANCY_ANSWERS.pregnant)) return true;
    if (hasCoding(status.valueCodeableConcept, LOINC, PREGNANCY_ANSWERS.notPregnant)) return false;
  }
  const { edd } = dating(observations, today);
  if (edd !== undefined) return daysBetween(today, edd) >= -EDD_GRACE_DAYS && daysBetween(today, edd) <= TERM_DAYS;
  return conditions.some((c) => {
    const recorded = calendarOf(c.recordedDate ?? c.onsetDateTime);
    return isActiveCondition(c) && isPregnancyCondition(c) && recorded !== undefined && daysBetween(recorded, today) <= MAX_PREGNANCY_DAYS;
  });
}

export function prenatalSummary(
  patient: Patient,
  observations: readonly Observation[],
  conditions: readonly Condition[],
  timeline: readonly TimelineEntry[],
  todayText: string,
): PrenatalSummary | undefined {
  const today = parseCalendarDate(todayText);
  if (today === undefined || !isPregnant(patient, observations, conditions, today)) return undefined;
  const { start, basis, edd } = dating(observations, today);
  const since = start ?? addDays(today, -MAX_PREGNANCY_DAYS);
  const inPregnancy = (date: string | undefined): boolean => {
    const day = calendarOf(date);
    return day !== undefined && daysBetween(since, day) >= 0;
  };
  const gestationDays = start === undefined ? undefined : daysBetween(start, today);

  const visits = timeline
    .filter((e) => inPregnancy(e.start) && e.reasonCodes.some((c) => c === 'control-prenatal' || c === 'molestia-embarazo'))
    .map((e) => ({ encounterId: e.encounterId, ...(e.start === undefined ? {} : { date: e.start }) }));

  const signs: DangerSign[] = [];
  for (const series of vitalTrends(observations)) {
    for (const p of series.points) {
      if (!inPregnancy(p.date)) continue;
      if (series.kind === 'blood-pressure' && p.second !== undefined && (p.value >= 140 || p.second >= 90)) {
        signs.push({ kind: 'hypertension', date: p.date, systolic: p.value, diastolic: p.second });
      }
      if (series.kind === 'temperature' && p.value >= 38) signs.push({ kind: 'fever', date: p.date, celsius: p.value });
    }
  }
  for (const e of timeline) {
    if (e.start !== undefined && inPregnancy(e.start) && e.reasonCodes.includes('molestia-embarazo')) {
      signs.push({ kind: 'danger-visit', date: e.start, encounterId: e.encounterId });
    }
  }
  for (const c of conditions) {
    const code = codingOf(c.code, ICD10_SYSTEM)?.code ?? '';
    if (!isActiveCondition(c) || !code.startsWith('O')) continue;
    const entry = diagnosisEntry(c);
    const date = c.recordedDate ?? c.onsetDateTime;
    signs.push({ kind: 'complication', display: entry.display, ...(entry.code === undefined ? {} : { code: entry.code }), ...(date === undefined ? {} : { date }) });
  }
  signs.sort((a, b) => instantOf(b.date) - instantOf(a.date));

  return {
    ...(gestationDays === undefined || gestationDays < 0 ? {} : { gestation: { weeks: Math.floor(gestationDays / 7), days: gestationDays % 7 } }),
    ...(basis === undefined ? {} : { gestationBasis: basis }),
    ...(edd === undefined ? {} : { estimatedDeliveryDate: formatCalendarDate(edd) }),
    visits,
    dangerSigns: signs,
  };
}
