// The age range of the WHO Child Growth Standards as anthro applies it. Ages are whole days; anthro
// converts months to days with 30.4375 days per month (365.25 / 12) and computes z-scores only
// while the age is under 60 months, i.e. to day 1826, which is also the last row of the age tables.

export const DAYS_PER_MONTH = 30.4375;
export const STANDARDS_MONTHS = 60;

/** True when the standards apply at this age (0 ≤ days and days / 30.4375 < 60). */
export function isWithinStandardsAge(ageInDays: number): boolean {
  return ageInDays >= 0 && ageInDays / DAYS_PER_MONTH < STANDARDS_MONTHS;
}

/** A fractional age in days rounded as anthro does (halves up). */
export function wholeDays(ageInDays: number): number {
  return Math.floor(ageInDays + 0.5);
}
