// Dates and numbers as people in Guatemala read them, through Intl (es-GT): dates dd/mm/aaaa,
// decimals as es-GT writes them. A FHIR date or dateTime is shown as the calendar day written in
// it (the day where it was recorded), never shifted through the PC's time zone.
import { parseCalendarDate } from '../../../src-core/clinical/age/calendar-date';

const DATE = new Intl.DateTimeFormat('es-GT', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
const DECIMAL_1 = new Intl.NumberFormat('es-GT', { maximumFractionDigits: 1 });
const DECIMAL_2 = new Intl.NumberFormat('es-GT', { maximumFractionDigits: 2 });
const Z = new Intl.NumberFormat('es-GT', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** dd/mm/aaaa for a full FHIR date or dateTime; a partial date as written ("1998", "1998-06"). */
export function formatDate(value: string | undefined): string {
  if (value === undefined) return '';
  const day = parseCalendarDate(value);
  if (day === undefined) return value.split('-').reverse().join('/');
  return DATE.format(new Date(Date.UTC(day.year, day.month - 1, day.day)));
}

/** Up to one decimal (weights, lengths, temperatures). */
export const formatMeasure = (n: number): string => DECIMAL_1.format(n);

/** Up to two decimals (doses). */
export const formatNumber = (n: number): string => DECIMAL_2.format(n);

/** A z-score with its sign and two decimals, as anthro reports it. */
export const formatZ = (z: number): string => Z.format(z);

/** The local calendar day of `now` as YYYY-MM-DD: the chart's "today". */
export function localDay(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
