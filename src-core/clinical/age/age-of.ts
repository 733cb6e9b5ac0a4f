// Age as Guatemalan child charts and the SIGSA forms write it: completed years, then completed
// months, then days ("2 años, 3 meses y 5 días"), plus the age in whole days that the WHO growth
// standards are indexed by.
import {
  addCalendarMonths,
  compareCalendarDates,
  daysBetween,
  parseCalendarDate,
  type CalendarDate,
} from './calendar-date';

export interface Age {
  readonly years: number;
  /** Completed months after the completed years (0–11). */
  readonly months: number;
  /** Days after the last completed month. */
  readonly days: number;
  /** Completed months since birth (years × 12 + months). */
  readonly totalMonths: number;
  /** Days since birth. */
  readonly totalDays: number;
}

const asDate = (value: CalendarDate | string): CalendarDate | undefined =>
  typeof value === 'string' ? parseCalendarDate(value) : value;

/**
 * The age on `on` of someone born on `birthDate`, or undefined when either date is partial or
 * invalid, or `on` is before the birth.
 *
 * A month is completed on the same day of a later month; when that day does not exist, on the
 * month's last day (born 31 January: one month on 28/29 February). So someone born on 29 February
 * turns one on 28 February of a common year, the convention of counting whole calendar months.
 */
export function ageOf(birthDate: CalendarDate | string, on: CalendarDate | string): Age | undefined {
  const birth = asDate(birthDate);
  const day = asDate(on);
  if (birth === undefined || day === undefined || compareCalendarDates(day, birth) < 0) return undefined;
  // Estimate from the calendar fields, then step back until the anniversary is not after `on`.
  let totalMonths = (day.year - birth.year) * 12 + (day.month - birth.month);
  while (totalMonths > 0 && compareCalendarDates(addCalendarMonths(birth, totalMonths), day) > 0) totalMonths -= 1;
  const anchor = addCalendarMonths(birth, totalMonths);
  return {
    years: Math.floor(totalMonths / 12),
    months: totalMonths % 12,
    days: daysBetween(anchor, day),
    totalMonths,
    totalDays: daysBetween(birth, day),
  };
}

/** Days from birth to `on` (the WHO growth standards' age), or undefined as for {@link ageOf}. */
export function ageInDays(birthDate: CalendarDate | string, on: CalendarDate | string): number | undefined {
  return ageOf(birthDate, on)?.totalDays;
}
