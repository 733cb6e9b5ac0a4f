// FHIR dates as ranges (https://hl7.org/fhir/R4/search.html#date): "2020" is the whole year, a
// dateTime to the second is that second, a Period is from its start to its end. Ranges are UTC
// milliseconds, end exclusive, open ends as ±Infinity. A date or dateTime written without a
// timezone is read as UTC (both when storing and when searching, so the two always agree).
export interface DateRange {
  readonly start: number;
  readonly end: number;
}

export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb';

const FHIR_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(utc(year, month + 1, 0)).getUTCDate();
}

/** The range a FHIR date, dateTime or instant covers; undefined when the text is not one. */
export function parseDateRange(text: string): DateRange | undefined {
  const m = FHIR_DATE.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { start: utc(year, 1, 1), end: utc(year + 1, 1, 1) };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { start: utc(year, month, 1), end: utc(year, month + 1, 1) };
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  if (m[4] === undefined) return { start: utc(year, month, day), end: utc(year, month, day + 1) };
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offset = timezoneOffsetMs(m[8]);
  if (offset === undefined) return undefined;
  const start = utc(year, month, day, hour, minute, second, ms) - offset;
  const width = m[7] !== undefined ? 1 : m[6] !== undefined ? 1000 : 60_000;
  return { start, end: start + width };
}

function timezoneOffsetMs(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/** A Period's range; undefined when it has neither bound or a bound is not a date. */
export function periodRange(start: string | undefined, end: string | undefined): DateRange | undefined {
  if (start === undefined && end === undefined) return undefined;
  const from = start === undefined ? undefined : parseDateRange(start);
  const to = end === undefined ? undefined : parseDateRange(end);
  if ((start !== undefined && from === undefined) || (end !== undefined && to === undefined)) return undefined;
  return { start: from?.start ?? -Infinity, end: to?.end ?? Infinity };
}

/**
 * FHIR's prefix semantics over ranges: eq = the search range contains the target; ne = it does
 * not; gt/ge/lt/le = the target overlaps the range above/below the search value (ge and le also
 * accept a contained target); sa = starts after; eb = ends before.
 */
export function matchesDate(prefix: DatePrefix, target: DateRange, search: DateRange): boolean {
  switch (prefix) {
    case 'eq':
      return target.start >= search.start && target.end <= search.end;
    case 'ne':
      return !(target.start >= search.start && target.end <= search.end);
    case 'gt':
      return target.end > search.end;
    case 'ge':
      return target.end > search.start;
    case 'lt':
      return target.start < search.start;
    case 'le':
      return target.start < search.end;
    case 'sa':
      return target.start >= search.end;
    case 'eb':
      return target.end <= search.start;
  }
}

/**
 * The instants a matching target must overlap: what the index narrows candidates with.
 * Undefined for `ne`, which no range narrows.
 */
export function candidateWindow(prefix: DatePrefix, search: DateRange): DateRange | undefined {
  switch (prefix) {
    case 'eq':
      return search;
    case 'ne':
      return undefined;
    case 'gt':
    case 'sa':
      return { start: search.end, end: Infinity };
    case 'ge':
      return { start: search.start, end: Infinity };
    case 'lt':
    case 'eb':
      return { start: -Infinity, end: search.start };
    case 'le':
      return { start: -Infinity, end: search.end };
  }
}
