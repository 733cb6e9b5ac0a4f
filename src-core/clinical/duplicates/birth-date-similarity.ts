// How alike two birth dates are, for duplicate matching.
//
// Window: a registered person is a candidate only when the birth dates are at most one year apart
// (366 days), or, with a partial date, the birth years differ by at most one. Why one year:
// - the errors seen in registers are a mistyped digit (2019/2018, 12/13), day and month swapped
//   (03-12 / 12-03), and for adults an approximate date (1 January or 1 July of the year they
//   believe they were born in), all within a year of the true date;
// - a wider window multiplies the people with common surnames born in the window (siblings and
//   cousins in the same aldea share both surnames), which is what makes duplicate warnings noise;
// - the store can fetch the candidates with one birth-date range search.
// Inside the window the score says how plausible the difference is as an error.
import { compareCalendarDates, daysBetween, type CalendarDate } from '../age/calendar-date';

export type BirthDateRelation =
  | 'same-date'
  | 'day-month-swapped'
  | 'same-month'
  | 'year-off-by-one'
  | 'approximate-date'
  | 'within-a-year'
  | 'same-year'
  | 'unknown';

export interface BirthDateComparison {
  readonly relation: BirthDateRelation;
  readonly score: number;
}

export const BIRTH_WINDOW_DAYS = 366;

const SCORES: Readonly<Record<BirthDateRelation, number>> = {
  'same-date': 1,
  'day-month-swapped': 0.85,
  'same-month': 0.75,
  'year-off-by-one': 0.8,
  // One date is 1 January or 1 July of the other's year: the usual stand-ins for an unknown day.
  'approximate-date': 0.6,
  'within-a-year': 0.5,
  // Only a year on one side (partial date): consistent, but weak evidence.
  'same-year': 0.6,
  unknown: 0.5,
};

/** 1 January or 1 July: what registers write when only the year of birth is known. */
const isPlaceholder = (d: CalendarDate): boolean => d.day === 1 && (d.month === 1 || d.month === 7);

const result = (relation: BirthDateRelation): BirthDateComparison => ({ relation, score: SCORES[relation] });

/**
 * The relation of two birth dates, or undefined when they are too far apart for the two records
 * to be the same person (outside the window above).
 */
export function compareBirthDates(
  a: { readonly birth?: CalendarDate; readonly birthDay?: number; readonly birthYear?: number },
  b: { readonly birth?: CalendarDate; readonly birthDay?: number; readonly birthYear?: number },
): BirthDateComparison | undefined {
  // Day numbers, when the caller has them, settle most pairs without calendar arithmetic.
  if (a.birthDay !== undefined && b.birthDay !== undefined && Math.abs(a.birthDay - b.birthDay) > BIRTH_WINDOW_DAYS) return undefined;
  if (a.birth !== undefined && b.birth !== undefined) {
    const x = a.birth;
    const y = b.birth;
    if (compareCalendarDates(x, y) === 0) return result('same-date');
    if (Math.abs(daysBetween(x, y)) > BIRTH_WINDOW_DAYS) return undefined;
    if (x.year === y.year && x.month === y.day && x.day === y.month) return result('day-month-swapped');
    if (x.year === y.year && x.month === y.month) return result('same-month');
    if (Math.abs(x.year - y.year) === 1 && x.month === y.month && x.day === y.day) return result('year-off-by-one');
    if (x.year === y.year && (isPlaceholder(x) || isPlaceholder(y))) return result('approximate-date');
    return result('within-a-year');
  }
  if (a.birthYear === undefined || b.birthYear === undefined) return result('unknown');
  const gap = Math.abs(a.birthYear - b.birthYear);
  if (gap > 1) return undefined;
  return gap === 0 ? result('same-year') : result('within-a-year');
}
