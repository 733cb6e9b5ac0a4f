// The WHO LMS method (WHO Multicentre Growth Reference Study Group, "WHO Child Growth Standards:
// Methods and development", 2006, chapter 7), as the WHO anthro R package applies it.
import type { Lms } from './growth-tables';

/** The LMS z-score of measurement `y`: ((y/M)^L − 1) / (L·S), or ln(y/M)/S when L is 0. */
export function lmsZ(y: number, { l, m, s }: Lms): number {
  return l === 0 ? Math.log(y / m) / s : ((y / m) ** l - 1) / (l * s);
}

/** The measurement at z-score `z`: M·(1 + L·S·z)^(1/L), or M·e^(S·z) when L is 0. */
export function lmsValue(z: number, { l, m, s }: Lms): number {
  return l === 0 ? m * Math.exp(s * z) : m * (1 + l * s * z) ** (1 / l);
}

/**
 * The z-score with WHO's restricted tails, used for the weight-based indicators: beyond ±3 the LMS
 * curve's skewness would stretch or squeeze the outer distances, so a value beyond +3 SD is
 * placed linearly using the distance between the +2 and +3 SD curves (SD23), and likewise below
 * −3 SD:  z = 3 + (y − SD3pos) / (SD3pos − SD2pos),  z = −3 + (y − SD3neg) / (SD2neg − SD3neg).
 */
export function restrictedLmsZ(y: number, lms: Lms): number {
  const z = lmsZ(y, lms);
  if (z > 3) {
    const sd3 = lmsValue(3, lms);
    return 3 + (y - sd3) / (sd3 - lmsValue(2, lms));
  }
  if (z < -3) {
    const sd3 = lmsValue(-3, lms);
    return -3 + (y - sd3) / (lmsValue(-2, lms) - sd3);
  }
  return z;
}

/** The measurement at z-score `z` on the restricted scale (the inverse of {@link restrictedLmsZ}). */
export function restrictedLmsValue(z: number, lms: Lms): number {
  if (z > 3) {
    const sd3 = lmsValue(3, lms);
    return sd3 + (z - 3) * (sd3 - lmsValue(2, lms));
  }
  if (z < -3) {
    const sd3 = lmsValue(-3, lms);
    return sd3 + (z + 3) * (lmsValue(-2, lms) - sd3);
  }
  return lmsValue(z, lms);
}
