// Recumbent length or standing height, standardized the way WHO anthro does before any z-score:
// the standards are length-based below 731 days (24 months) and height-based from 731 days, and a
// child measured the other way is converted with the standards' mean difference of 0.7 cm
// (standing height + 0.7 = length; length − 0.7 = height). A standing measurement under 9 months
// is not credible (such a child cannot stand for the board); anthro then ignores the position
// (no adjustment) and flags it, and so does this.
import { DAYS_PER_MONTH } from './standards-age';

export type MeasurementPosition = 'recumbent' | 'standing';
export type LengthHeightBasis = 'length' | 'height';

/** First age in days at which the standards are height-based. */
export const HEIGHT_FROM_DAYS = 731;
export const LENGTH_HEIGHT_DIFFERENCE_CM = 0.7;
/** Standing height below this age (in months) is taken as a recording error of the position. */
export const STANDING_CREDIBLE_FROM_MONTHS = 9;
/** Without age or position, anthro takes a measurement under 87 cm as a length. */
export const LENGTH_BELOW_CM_WITHOUT_AGE = 87;

export interface StandardizedLengthHeight {
  /** The value the standards are read with (cm). */
  readonly cm: number;
  readonly basis: LengthHeightBasis;
  /** What was added to the measured value: +0.7, −0.7 or 0. */
  readonly adjustmentCm: number;
  /** True when a standing position was recorded under 9 months and therefore ignored. */
  readonly positionIgnored: boolean;
}

/**
 * Converts a measured length/height to the basis the standards use at `ageInDays` (whole days).
 * Without an age, the recorded position decides the basis, and without either the 87 cm rule.
 */
export function standardizeLengthHeight(
  measuredCm: number,
  position: MeasurementPosition | undefined,
  ageInDays: number | undefined,
): StandardizedLengthHeight {
  if (ageInDays === undefined) {
    const basis: LengthHeightBasis =
      position === undefined ? (measuredCm < LENGTH_BELOW_CM_WITHOUT_AGE ? 'length' : 'height') : position === 'recumbent' ? 'length' : 'height';
    return { cm: measuredCm, basis, adjustmentCm: 0, positionIgnored: false };
  }
  const basis: LengthHeightBasis = ageInDays < HEIGHT_FROM_DAYS ? 'length' : 'height';
  const positionIgnored = position === 'standing' && ageInDays / DAYS_PER_MONTH < STANDING_CREDIBLE_FROM_MONTHS;
  let adjustmentCm = 0;
  if (!positionIgnored && basis === 'length' && position === 'standing') adjustmentCm = LENGTH_HEIGHT_DIFFERENCE_CM;
  if (basis === 'height' && position === 'recumbent') adjustmentCm = -LENGTH_HEIGHT_DIFFERENCE_CM;
  return { cm: measuredCm + adjustmentCm, basis, adjustmentCm, positionIgnored };
}
