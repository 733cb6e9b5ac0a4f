// A child's measurements against the WHO Child Growth Standards, ready to draw: one measurement per
// encounter (or per day when an Observation has no encounter) pairing the weight and the
// length/height taken then, its z-scores and WHO classification (src-core/clinical/growth), and
// the points of each chart. Length/height is standardized as anthro does (recumbent length under
// 731 days, standing height from 731 days, ±0.7 cm when measured the other way), and the points
// are drawn at the standardized value so they agree with the bands and the z-scores.
//
// The position comes from the height Observation's codings: LOINC 8306-3 (body length, lying) or
// 8308-9 (standing height) beside the profile's 8302-2; with neither, the age decides (no
// adjustment), which is what anthro does when the position is unknown.
import type { Observation, Patient } from '@medplum/fhirtypes';
import { ageInDays, ageOf } from '../../../src-core/clinical/age/age-of';
import { assessGrowth, type GrowthAssessment, type GrowthFinding } from '../../../src-core/clinical/growth/growth-assessment';
import type { Sex, WhoGrowthTables } from '../../../src-core/clinical/growth/growth-tables';
import type { ZScore } from '../../../src-core/clinical/growth/growth-zscore';
import type { MeasurementPosition } from '../../../src-core/clinical/growth/length-height';
import { isWithinStandardsAge } from '../../../src-core/clinical/growth/standards-age';
import { growthChartSpecs, type ChartPoint, type GrowthChartSpec } from './growth-chart-specs';
import { hasCoding, LOINC, LOINC_CODES, referencedId } from './fhir-codings';
import { instantOf } from './encounter-timeline';
import { kilograms, observationsOf } from './vital-trends';

export interface GrowthMeasurement {
  /** Encounter id, or the calendar day for Observations outside an encounter. */
  readonly key: string;
  /** YYYY-MM-DD. */
  readonly date: string;
  readonly ageInDays: number;
  /** Completed calendar months (what the nurse says: "a los 24 meses"). */
  readonly ageMonths: number;
  readonly weightKg?: number;
  /** As measured. */
  readonly lengthHeightCm?: number;
  readonly position?: MeasurementPosition;
  readonly assessment: GrowthAssessment;
}

export interface GrowthPoint {
  readonly date: string;
  readonly ageInDays: number;
  readonly ageMonths: number;
  /** Age in days, or standardized length/height in cm (weight-for-length/height). */
  readonly x: number;
  /** kg or cm. */
  readonly y: number;
  readonly z: ZScore;
}

export interface GrowthSummary {
  readonly sex: Sex;
  /** The child's age on the chart's day. */
  readonly ageInDays: number;
  /** Oldest first. */
  readonly measurements: readonly GrowthMeasurement[];
  readonly weightForAge: readonly GrowthPoint[];
  readonly lengthHeightForAge: readonly GrowthPoint[];
  /** Points read on the weight-for-length table (measured under 731 days). */
  readonly weightForLength: readonly GrowthPoint[];
  /** Points read on the weight-for-height table (from 731 days). */
  readonly weightForHeight: readonly GrowthPoint[];
  /** The charts to draw (curves and points). */
  readonly charts: readonly GrowthChartSpec[];
  /** The WHO classification of the most recent measurement. */
  readonly findings: readonly GrowthFinding[];
  readonly latest?: GrowthMeasurement;
}

/** The growth charts are for children with a full birth date, a sex the standards know, under 60 months. */
export function growthApplies(patient: Patient, today: string): boolean {
  const days = patient.birthDate === undefined ? undefined : ageInDays(patient.birthDate, today);
  return days !== undefined && isWithinStandardsAge(days) && (patient.gender === 'male' || patient.gender === 'female');
}

function positionOf(observation: Observation): MeasurementPosition | undefined {
  if (hasCoding(observation.code, LOINC, LOINC_CODES.bodyLength)) return 'recumbent';
  if (hasCoding(observation.code, LOINC, LOINC_CODES.bodyHeightStanding)) return 'standing';
  return undefined;
}

interface Taken {
  date: string;
  instant: number;
  weight?: { kg: number; instant: number };
  height?: { cm: number; position: MeasurementPosition | undefined; instant: number };
}

function groupMeasurements(observations: readonly Observation[]): Map<string, Taken> {
  const groups = new Map<string, Taken>();
  const take = (o: Observation): Taken | undefined => {
    const date = o.effectiveDateTime?.slice(0, 10);
    if (date === undefined) return undefined;
    const key = referencedId(o.encounter, 'Encounter') ?? date;
    const instant = instantOf(o.effectiveDateTime);
    const group = groups.get(key) ?? { date, instant };
    if (instant > group.instant) Object.assign(group, { date, instant });
    groups.set(key, group);
    return group;
  };
  for (const o of observationsOf(observations, LOINC_CODES.bodyWeight)) {
    const kg = kilograms(o);
    const group = kg === undefined ? undefined : take(o);
    const instant = instantOf(o.effectiveDateTime);
    if (group !== undefined && kg !== undefined && (group.weight === undefined || instant >= group.weight.instant)) group.weight = { kg, instant };
  }
  for (const o of observationsOf(observations, LOINC_CODES.bodyHeight)) {
    const cm = o.valueQuantity?.code === 'cm' ? o.valueQuantity.value : undefined;
    const group = cm === undefined ? undefined : take(o);
    const instant = instantOf(o.effectiveDateTime);
    if (group !== undefined && cm !== undefined && (group.height === undefined || instant >= group.height.instant)) {
      group.height = { cm, position: positionOf(o), instant };
    }
  }
  return groups;
}

export function growthSummary(tables: WhoGrowthTables, patient: Patient, observations: readonly Observation[], today: string): GrowthSummary | undefined {
  if (!growthApplies(patient, today) || patient.birthDate === undefined) return undefined;
  const sex: Sex = patient.gender === 'female' ? 'female' : 'male';
  const birthDate = patient.birthDate;
  const measurements: GrowthMeasurement[] = [];
  for (const [key, taken] of groupMeasurements(observations)) {
    const ageThen = ageOf(birthDate, taken.date);
    const age = ageThen?.totalDays;
    if (ageThen === undefined || age === undefined || !isWithinStandardsAge(age)) continue;
    const assessment = assessGrowth(tables, {
      sex,
      ageInDays: age,
      ...(taken.weight === undefined ? {} : { weightKg: taken.weight.kg }),
      ...(taken.height === undefined ? {} : { lengthHeightCm: taken.height.cm }),
      ...(taken.height?.position === undefined ? {} : { position: taken.height.position }),
    });
    measurements.push({
      key,
      date: taken.date,
      ageInDays: age,
      ageMonths: ageThen.totalMonths,
      ...(taken.weight === undefined ? {} : { weightKg: taken.weight.kg }),
      ...(taken.height === undefined ? {} : { lengthHeightCm: taken.height.cm }),
      ...(taken.height?.position === undefined ? {} : { position: taken.height.position }),
      assessment,
    });
  }
  measurements.sort((a, b) => a.ageInDays - b.ageInDays || a.key.localeCompare(b.key));

  const points = (pick: (m: GrowthMeasurement) => { x: number; y: number; z: ZScore | undefined } | undefined): GrowthPoint[] =>
    measurements.flatMap((m) => {
      const p = pick(m);
      return p?.z === undefined ? [] : [{ date: m.date, ageInDays: m.ageInDays, ageMonths: m.ageMonths, x: p.x, y: p.y, z: p.z }];
    });
  const forLength = (basis: 'length' | 'height') => (m: GrowthMeasurement) => {
    const lh = m.assessment.lengthHeight;
    return lh?.basis !== basis || m.weightKg === undefined ? undefined : { x: lh.cm, y: m.weightKg, z: m.assessment.weightForLengthHeight };
  };
  const latest = measurements[measurements.length - 1];
  const ageToday = ageInDays(birthDate, today) ?? 0;
  const weightForAge = points((m) => (m.weightKg === undefined ? undefined : { x: m.ageInDays, y: m.weightKg, z: m.assessment.weightForAge }));
  const lengthHeightForAge = points((m) => {
    const lh = m.assessment.lengthHeight;
    return lh === undefined ? undefined : { x: m.ageInDays, y: lh.cm, z: m.assessment.lengthHeightForAge };
  });
  const weightForLength = points(forLength('length'));
  const weightForHeight = points(forLength('height'));
  const drawn = (list: readonly GrowthPoint[]): ChartPoint[] =>
    list.map((p) => ({ date: p.date, ageInDays: p.ageInDays, ageMonths: p.ageMonths, x: p.x, y: p.y, z: p.z.z, implausible: p.z.implausible }));
  const charts = growthChartSpecs(tables, {
    sex,
    ageInDays: ageToday,
    points: {
      'weight-for-age': drawn(weightForAge),
      'length-height-for-age': drawn(lengthHeightForAge),
      'weight-for-length': drawn(weightForLength),
      'weight-for-height': drawn(weightForHeight),
    },
  });
  return {
    sex,
    ageInDays: ageToday,
    measurements,
    weightForAge,
    lengthHeightForAge,
    weightForLength,
    weightForHeight,
    charts,
    findings: latest?.assessment.findings ?? [],
    ...(latest === undefined ? {} : { latest }),
  };
}
