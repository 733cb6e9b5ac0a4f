// The vital signs of a consultation: what each is in FHIR (profile, LOINC, UCUM) and the two
// ranges the form checks against. "Impossible" values block saving (they are inside the profiles'
// own bounds, so the store never has to refuse one); "implausible" ones get a warning next to the
// field and can be saved after checking (a sick child can have a heart rate of 190).
import { CEIBA_PROFILE } from '../../../src-core/fhir/profiles/ceiba-urls';
import type { VitalKey, VitalsForm } from './consultation-form';

export interface VitalRange {
  readonly min: number;
  readonly max: number;
}

export interface VitalDefinition {
  readonly key: VitalKey;
  /** UCUM code and the unit as printed. */
  readonly ucum: string;
  readonly unit: string;
  /** Most decimals the field accepts. */
  readonly decimals: number;
  /** Outside this closed range the value cannot be a measurement: saving is blocked. */
  readonly possible: VitalRange;
  /** The usual range for the age (months; undefined when the birth date is unknown). */
  plausible(ageMonths: number | undefined): VitalRange;
  /** Only asked for children under 5 (head circumference, MUAC). */
  readonly underFiveOnly?: boolean;
}

const byAge =
  (infant: VitalRange, underFive: VitalRange, child: VitalRange, adult: VitalRange, unknown: VitalRange) =>
  (months: number | undefined): VitalRange =>
    months === undefined ? unknown : months < 12 ? infant : months < 60 ? underFive : months < 216 ? child : adult;

const same = (range: VitalRange) => (): VitalRange => range;

export const VITALS: Readonly<Record<VitalKey, VitalDefinition>> = {
  weightKg: {
    key: 'weightKg',
    ucum: 'kg',
    unit: 'kg',
    decimals: 3,
    possible: { min: 0.2, max: 300 },
    plausible: byAge({ min: 1, max: 14 }, { min: 5, max: 30 }, { min: 10, max: 150 }, { min: 30, max: 200 }, { min: 1, max: 200 }),
  },
  heightCm: {
    key: 'heightCm',
    ucum: 'cm',
    unit: 'cm',
    decimals: 1,
    possible: { min: 21, max: 249 },
    plausible: byAge({ min: 40, max: 85 }, { min: 60, max: 125 }, { min: 80, max: 200 }, { min: 120, max: 210 }, { min: 40, max: 210 }),
  },
  temperatureC: {
    key: 'temperatureC',
    ucum: 'Cel',
    unit: '°C',
    decimals: 1,
    possible: { min: 26, max: 44 },
    plausible: same({ min: 34, max: 41.5 }),
  },
  systolic: {
    key: 'systolic',
    ucum: 'mm[Hg]',
    unit: 'mmHg',
    decimals: 0,
    possible: { min: 21, max: 299 },
    plausible: byAge({ min: 50, max: 120 }, { min: 60, max: 140 }, { min: 70, max: 180 }, { min: 70, max: 230 }, { min: 50, max: 230 }),
  },
  diastolic: {
    key: 'diastolic',
    ucum: 'mm[Hg]',
    unit: 'mmHg',
    decimals: 0,
    possible: { min: 21, max: 299 },
    plausible: byAge({ min: 25, max: 80 }, { min: 30, max: 90 }, { min: 35, max: 110 }, { min: 40, max: 140 }, { min: 25, max: 140 }),
  },
  heartRate: {
    key: 'heartRate',
    ucum: '/min',
    unit: 'latidos/min',
    decimals: 0,
    possible: { min: 1, max: 299 },
    plausible: byAge({ min: 90, max: 190 }, { min: 70, max: 170 }, { min: 55, max: 140 }, { min: 40, max: 130 }, { min: 40, max: 190 }),
  },
  respiratoryRate: {
    key: 'respiratoryRate',
    ucum: '/min',
    unit: 'respiraciones/min',
    decimals: 0,
    possible: { min: 1, max: 149 },
    plausible: byAge({ min: 20, max: 70 }, { min: 15, max: 50 }, { min: 12, max: 35 }, { min: 8, max: 30 }, { min: 8, max: 70 }),
  },
  spo2: {
    key: 'spo2',
    ucum: '%',
    unit: '%',
    decimals: 0,
    possible: { min: 1, max: 100 },
    plausible: same({ min: 88, max: 100 }),
  },
  headCircumferenceCm: {
    key: 'headCircumferenceCm',
    ucum: 'cm',
    unit: 'cm',
    decimals: 1,
    possible: { min: 16, max: 79 },
    plausible: byAge({ min: 30, max: 50 }, { min: 40, max: 56 }, { min: 45, max: 60 }, { min: 48, max: 62 }, { min: 30, max: 62 }),
    underFiveOnly: true,
  },
  muacCm: {
    key: 'muacCm',
    ucum: 'cm',
    unit: 'cm',
    decimals: 1,
    possible: { min: 6, max: 59 },
    plausible: byAge({ min: 9, max: 20 }, { min: 10, max: 22 }, { min: 12, max: 35 }, { min: 18, max: 45 }, { min: 9, max: 45 }),
    underFiveOnly: true,
  },
};

/** FHIR shape of each Observation: profile, LOINC code and display. Blood pressure is one panel. */
export const VITAL_OBSERVATIONS = {
  weightKg: { profile: CEIBA_PROFILE.bodyWeight, loinc: '29463-7', display: 'Body weight' },
  heightCm: { profile: CEIBA_PROFILE.bodyHeight, loinc: '8302-2', display: 'Body height' },
  temperatureC: { profile: CEIBA_PROFILE.bodyTemperature, loinc: '8310-5', display: 'Body temperature' },
  heartRate: { profile: CEIBA_PROFILE.heartRate, loinc: '8867-4', display: 'Heart rate' },
  respiratoryRate: { profile: CEIBA_PROFILE.respiratoryRate, loinc: '9279-1', display: 'Respiratory rate' },
  spo2: { profile: CEIBA_PROFILE.oxygenSaturation, loinc: '2708-6', display: 'Oxygen saturation' },
  headCircumferenceCm: { profile: CEIBA_PROFILE.headCircumference, loinc: '9843-4', display: 'Head circumference' },
  muacCm: { profile: CEIBA_PROFILE.armCircumference, loinc: '56072-2', display: 'Circumference Mid upper arm' },
  bloodPressure: { profile: CEIBA_PROFILE.bloodPressure, loinc: '85354-9', display: 'Blood pressure panel' },
} as const;

export const BP_COMPONENTS = {
  systolic: { loinc: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { loinc: '8462-4', display: 'Diastolic blood pressure' },
} as const;

/** LOINC "Body height --lying" added beside 8302-2 when the child was measured lying down. */
export const BODY_LENGTH_LYING = { loinc: '8306-3', display: 'Body height --lying' } as const;

/** Names of the messages under consultationsArea.problems. */
export type VitalProblemName = 'notANumber' | 'tooManyDecimals' | 'impossible' | 'implausible' | 'bpIncomplete' | 'bpOrder';

export interface VitalProblem {
  readonly field: VitalKey;
  /** 'error' blocks saving; 'warning' asks the nurse to check. */
  readonly severity: 'error' | 'warning';
  readonly problem: VitalProblemName;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** A decimal as typed in Guatemala ("12,5" or "12.5"); undefined for an empty field, NaN for anything else. */
export function parseDecimal(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+(?:[.,]\d+)?$/.test(trimmed)) return Number.NaN;
  return Number(trimmed.replace(',', '.'));
}

const decimalsOf = (text: string): number => /[.,](\d+)$/.exec(text.trim())?.[1]?.length ?? 0;

/** Every problem of the typed vital signs, for a patient of `ageMonths` completed months. */
export function checkVitals(vitals: VitalsForm, ageMonths: number | undefined): VitalProblem[] {
  const problems: VitalProblem[] = [];
  for (const def of Object.values(VITALS)) {
    const text = vitals[def.key];
    const value = parseDecimal(text);
    if (value === undefined) continue;
    if (Number.isNaN(value)) {
      problems.push({ field: def.key, severity: 'error', problem: 'notANumber' });
      continue;
    }
    if (decimalsOf(text) > def.decimals) {
      problems.push({ field: def.key, severity: 'error', problem: 'tooManyDecimals', params: { decimals: def.decimals } });
      continue;
    }
    if (value < def.possible.min || value > def.possible.max) {
      problems.push({ field: def.key, severity: 'error', problem: 'impossible', params: { ...def.possible, unit: def.unit } });
      continue;
    }
    const usual = def.plausible(ageMonths);
    if (value < usual.min || value > usual.max) {
      problems.push({ field: def.key, severity: 'warning', problem: 'implausible', params: { ...usual, unit: def.unit } });
    }
  }
  const systolic = parseDecimal(vitals.systolic);
  const diastolic = parseDecimal(vitals.diastolic);
  if ((systolic === undefined) !== (diastolic === undefined)) {
    problems.push({ field: systolic === undefined ? 'systolic' : 'diastolic', severity: 'error', problem: 'bpIncomplete' });
  } else if (systolic !== undefined && diastolic !== undefined && diastolic >= systolic) {
    problems.push({ field: 'diastolic', severity: 'error', problem: 'bpOrder' });
  }
  return problems;
}
