// Dates as people in Guatemala write them (dd/mm/aaaa) and as FHIR stores them (YYYY-MM-DD).
import { formatCalendarDate, parseCalendarDate, type CalendarDate } from '../../../src-core/clinical/age/calendar-date';

/** '1994-03-12' → '12/03/1994'; a partial FHIR date keeps what it has ('03/1994', '1994'). */
export function displayDate(fhirDate: string): string {
  const [year, month, day] = fhirDate.slice(0, 10).split('-');
  return [day, month, year].filter((part) => part !== undefined).join('/');
}

export type DateInput =
  | { readonly ok: true; readonly date: string; readonly calendar: CalendarDate }
  /** format: not d/m/aaaa; impossible: no such day (31/02/2020). */
  | { readonly ok: false; readonly problem: 'format' | 'impossible' };

// Day and month with one or two digits, a four-digit year; '/', '-' or '.' between them.
const TYPED_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/** Parses a date typed as dd/mm/aaaa into a FHIR date. */
export function parseDisplayDate(text: string): DateInput {
  const match = TYPED_DATE.exec(text.trim());
  if (match === null) return { ok: false, problem: 'format' };
  const iso = `${match[3] ?? ''}-${(match[2] ?? '').padStart(2, '0')}-${(match[1] ?? '').padStart(2, '0')}`;
  const calendar = parseCalendarDate(iso);
  return calendar === undefined ? { ok: false, problem: 'impossible' } : { ok: true, date: formatCalendarDate(calendar), calendar };
}

/** The PC's local calendar day: a birth date is compared with the day where the nurse is. */
export function localToday(now: Date): CalendarDate {
  return { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() };
}
