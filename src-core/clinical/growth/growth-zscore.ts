// z-scores for weight-for-age, length/height-for-age and weight-for-length/height, computed as the
// WHO anthro R package (WorldHealthOrganization/anthro) does:
// - age-based indicators read the table row at the age in whole days; length/height-for-age uses
//   the plain LMS z-score, the two weight-based indicators the restricted tails beyond ±3 SD;
// - weight-for-length/height reads the length table below 731 days and the height table from 731
//   days (by position, then the 87 cm rule, when the age is unknown), interpolating L, M and S
//   linearly between the two 0.1 cm rows around a length that falls between them;
// - z-scores are reported rounded to 2 decimals (anthro's default precision), and the implausible
//   limits below are applied to that rounded value; `exact` keeps the unrounded value.
// Length/height must already be standardized (see length-height.ts).
import type { LengthHeightBasis } from './length-height';
import { lmsAt, type Lms, type LmsTable, type Sex, type WhoGrowthTables } from './growth-tables';
import { lmsZ, restrictedLmsZ } from './lms';
import { isWithinStandardsAge } from './standards-age';

export type GrowthIndicator = 'weight-for-age' | 'length-height-for-age' | 'weight-for-length-height';

export interface ZScore {
  readonly indicator: GrowthIndicator;
  /** Rounded to 2 decimals, as anthro reports it. */
  readonly z: number;
  readonly exact: number;
  /** Outside the limits anthro flags as biologically implausible (see IMPLAUSIBLE_Z). */
  readonly implausible: boolean;
}

/** anthro's flags: WAZ < −6 or > +5, HAZ beyond ±6, WHZ beyond ±5 (on the rounded z-score). */
export const IMPLAUSIBLE_Z: Readonly<Record<GrowthIndicator, { readonly below: number; readonly above: number }>> = {
  'weight-for-age': { below: -6, above: 5 },
  'length-height-for-age': { below: -6, above: 6 },
  'weight-for-length-height': { below: -5, above: 5 },
};

/** The ranges of the weight-for-length and weight-for-height tables (cm). */
export const LENGTH_TABLE_CM = { from: 45, to: 110 } as const;
export const HEIGHT_TABLE_CM = { from: 65, to: 120 } as const;

export function roundZ(z: number): number {
  // Halves away from zero, symmetric for negative scores; `+ 0` turns −0 into 0.
  return (Math.sign(z) * Math.round(Math.abs(z) * 100)) / 100 + 0;
}

function toZScore(indicator: GrowthIndicator, exact: number): ZScore | undefined {
  if (!Number.isFinite(exact)) return undefined;
  const z = roundZ(exact);
  const limits = IMPLAUSIBLE_Z[indicator];
  return { indicator, z, exact, implausible: z < limits.below || z > limits.above };
}

function ageRow(table: LmsTable, sex: Sex, ageInDays: number): Lms | undefined {
  return isWithinStandardsAge(ageInDays) ? lmsAt(table, sex, ageInDays) : undefined;
}

/** Weight-for-age; undefined outside 0 to < 60 months or for a weight ≤ 0. */
export function weightForAgeZ(table: LmsTable, sex: Sex, ageInDays: number, weightKg: number): ZScore | undefined {
  const lms = ageRow(table, sex, ageInDays);
  if (lms === undefined || !(weightKg > 0)) return undefined;
  return toZScore('weight-for-age', restrictedLmsZ(weightKg, lms));
}

/** Length/height-for-age of a standardized length/height; undefined out of range or ≤ 0. */
export function lengthHeightForAgeZ(table: LmsTable, sex: Sex, ageInDays: number, standardizedCm: number): ZScore | undefined {
  const lms = ageRow(table, sex, ageInDays);
  if (lms === undefined || !(standardizedCm > 0)) return undefined;
  return toZScore('length-height-for-age', lmsZ(standardizedCm, lms));
}

/**
 * L, M and S at a length/height in cm, interpolated between the table's 0.1 cm rows as anthro
 * does (anthro truncates cm × 10; a product within 1e-9 of an integer is taken as that integer so
 * that binary rounding, e.g. 64.8 × 10, never selects the row below with a weight of ~1).
 */
export function lmsAtLength(table: LmsTable, sex: Sex, cm: number): Lms | undefined {
  const tenths = cm * 10;
  const nearest = Math.round(tenths);
  const low = Math.abs(tenths - nearest) < 1e-9 ? nearest : Math.trunc(tenths);
  const fraction = Math.abs(tenths - nearest) < 1e-9 ? 0 : tenths - low;
  const lower = lmsAt(table, sex, low);
  if (lower === undefined || fraction === 0) return lower;
  const upper = lmsAt(table, sex, low + 1);
  if (upper === undefined) return undefined;
  const between = (a: number, b: number): number => a + fraction * (b - a);
  return { l: between(lower.l, upper.l), m: between(lower.m, upper.m), s: between(lower.s, upper.s) };
}

/**
 * Weight-for-length (basis 'length', 45–110 cm) or weight-for-height (basis 'height', 65–120 cm)
 * of a standardized length/height. With an age, it must be under 60 months (anthro); without one
 * the indicator is still defined, since it does not depend on age.
 */
export function weightForLengthHeightZ(
  tables: Pick<WhoGrowthTables, 'weightForLength' | 'weightForHeight'>,
  sex: Sex,
  weightKg: number,
  standardizedCm: number,
  basis: LengthHeightBasis,
  ageInDays?: number,
): ZScore | undefined {
  if (ageInDays !== undefined && !isWithinStandardsAge(ageInDays)) return undefined;
  if (!(weightKg > 0)) return undefined;
  const range = basis === 'length' ? LENGTH_TABLE_CM : HEIGHT_TABLE_CM;
  if (!(standardizedCm >= range.from && standardizedCm <= range.to)) return undefined;
  const lms = lmsAtLength(basis === 'length' ? tables.weightForLength : tables.weightForHeight, sex, standardizedCm);
  if (lms === undefined) return undefined;
  return toZScore('weight-for-length-height', restrictedLmsZ(weightKg, lms));
}
