// Calendar dates (FHIR `date`, or the date part of a `dateTime` as written) as plain day numbers,
// with no time zone: a birth date or a vaccination date is a day on the local calendar, and mixing
// in the PC's clock zone would move it by one around midnight. Day numbers count days since
// 1970-01-01 on the proleptic Gregorian calendar (Date.UTC does the calendar arithmetic).

export interface CalendarDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;
// A full date, optionally followed by the time part of a FHIR dateTime (whose zone is ignored: the
// date as written is the local date where it was recorded).
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/;

/** Parses 'YYYY-MM-DD' (or a dateTime starting with it); undefined for partial or impossible dates. */
export function parseCalendarDate(text: string): CalendarDate | undefined {
  const match = FULL_DATE.exec(text);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function toDayNumber(date: CalendarDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function formatCalendarDate(date: CalendarDate): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * The date `months` calendar months after `date`. A day that does not exist in the target month
 * is clamped to its last day (31 January + 1 month = 28 or 29 February), so a child born on the
 * 31st reaches each month of age on the last day of shorter months.
 */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(toDayNumber(date) + days);
}

export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return toDayNumber(a) - toDayNumber(b);
}
