// Vital-sign series for the trends table: each kind the consultation records (the Ceiba vital-sign
// profiles), oldest to newest, with its unit. Weight in grams is shown in kg; blood pressure
// keeps systolic and diastolic together.
import type { Observation } from '@medplum/fhirtypes';
import { hasCoding, LOINC, LOINC_CODES, referencedId } from './fhir-codings';
import { instantOf } from './encounter-timeline';

export type VitalKind =
  | 'weight'
  | 'height'
  | 'temperature'
  | 'blood-pressure'
  | 'heart-rate'
  | 'respiratory-rate'
  | 'oxygen-saturation'
  | 'head-circumference'
  | 'muac';

export interface VitalPoint {
  /** effectiveDateTime as stored. */
  readonly date: string;
  readonly value: number;
  /** Diastolic, for blood pressure. */
  readonly second?: number;
  readonly encounterId?: string;
}

export interface VitalSeries {
  readonly kind: VitalKind;
  /** Display unit (UCUM code as the profile writes it, kg for weight). */
  readonly unit: string;
  readonly points: readonly VitalPoint[];
}

const KINDS: readonly { kind: VitalKind; code: string; unit: string }[] = [
  { kind: 'weight', code: LOINC_CODES.bodyWeight, unit: 'kg' },
  { kind: 'height', code: LOINC_CODES.bodyHeight, unit: 'cm' },
  { kind: 'temperature', code: LOINC_CODES.bodyTemperature, unit: '°C' },
  { kind: 'blood-pressure', code: LOINC_CODES.bloodPressure, unit: 'mmHg' },
  { kind: 'heart-rate', code: LOINC_CODES.heartRate, unit: '/min' },
  { kind: 'respiratory-rate', code: LOINC_CODES.respiratoryRate, unit: '/min' },
  { kind: 'oxygen-saturation', code: LOINC_CODES.oxygenSaturation, unit: '%' },
  { kind: 'head-circumference', code: LOINC_CODES.headCircumference, unit: 'cm' },
  { kind: 'muac', code: LOINC_CODES.muac, unit: 'cm' },
];

const COUNTED: ReadonlySet<Observation['status']> = new Set(['final', 'amended', 'corrected', 'preliminary']);

/** A weight in kg (the profile allows kg or g). */
export function kilograms(observation: Observation): number | undefined {
  const q = observation.valueQuantity;
  if (q?.value === undefined) return undefined;
  if (q.code === 'g') return q.value / 1000;
  return q.code === 'kg' ? q.value : undefined;
}

function componentValue(observation: Observation, code: string): number | undefined {
  return observation.component?.find((c) => hasCoding(c.code, LOINC, code))?.valueQuantity?.value;
}

function pointOf(kind: VitalKind, observation: Observation): VitalPoint | undefined {
  const date = observation.effectiveDateTime;
  if (date === undefined) return undefined;
  const encounterId = referencedId(observation.encounter, 'Encounter');
  const base = { date, ...(encounterId === undefined ? {} : { encounterId }) };
  if (kind === 'blood-pressure') {
    const systolic = componentValue(observation, LOINC_CODES.systolic);
    const diastolic = componentValue(observation, LOINC_CODES.diastolic);
    return systolic === undefined || diastolic === undefined ? undefined : { ...base, value: systolic, second: diastolic };
  }
  const value = kind === 'weight' ? kilograms(observation) : observation.valueQuantity?.value;
  return value === undefined ? undefined : { ...base, value };
}

/** Usable Observations of one kind (counted status, LOINC code), for other builders too. */
export function observationsOf(observations: readonly Observation[], code: string): Observation[] {
  return observations.filter((o) => COUNTED.has(o.status) && hasCoding(o.code, LOINC, code));
}

export function vitalTrends(observations: readonly Observation[]): VitalSeries[] {
  return KINDS.flatMap(({ kind, code, unit }) => {
    const points = observationsOf(observations, code)
      .map((o) => pointOf(kind, o))
      .filter((p): p is VitalPoint => p !== undefined)
      .sort((a, b) => instantOf(a.date) - instantOf(b.date));
    return points.length === 0 ? [] : [{ kind, unit, points }];
  });
}
