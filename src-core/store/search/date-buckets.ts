// Date index entries that survive hashing. A keyed hash keeps equality but loses order, so a
// date cannot be range-scanned once hashed. Instead each date value is indexed under the calendar
// buckets (UTC) its range touches, and a date search looks up the buckets its window touches:
// that narrows the candidates, and the store then opens them and applies the exact FHIR range
// semantics (match-resource.ts). The trade-off: a wide search window (say `ge1990`) looks up many
// buckets and opens many candidates; an equality or a narrow range (a day, a month) is cheap.
//
// Granularity follows the value's span, and every value also carries the coarser buckets:
//   span ≤ 62 days    → D:yyyy-mm-dd for each day, M:yyyy-mm for each month, Y:yyyy for each year
//   span ≤ 36 months  → MF:yyyy-mm ("month is the finest") + M:yyyy-mm per month, Y:yyyy per year
//   span ≤ 10 years   → YF:yyyy + Y:yyyy per year
//   wider or open     → W (looked up by every date search)
// A search window is looked up at the finest level that keeps the list short, together with the
// "finest" markers of the coarser levels, so a value indexed coarsely is never missed:
//   window ≤ 62 days   → its D buckets + MF of its months + YF of its years + W
//   window ≤ 36 months → its M buckets + YF of its years + W
//   otherwise          → its Y buckets + W
// Years before 1900 and after 2100 share one bucket each ("<1900", ">2100"), which bounds an
// open-ended window to about 200 year buckets.
import type { DateRange } from './date-range';

const DAY = 86_400_000;
const MAX_DAYS = 62;
const MAX_MONTHS = 36;
const MAX_YEARS = 10;
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

interface Calendar {
  readonly year: number;
  readonly month: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const monthLabel = ({ year, month }: Calendar): string => `${pad(year, 4)}-${pad(month, 2)}`;

function calendar(ms: number): Calendar {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

function dayLabel(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function* days(start: number, lastInstant: number): Generator<number> {
  for (let t = Math.floor(start / DAY) * DAY; t <= lastInstant; t += DAY) yield t;
}

function* months(from: Calendar, to: Calendar): Generator<Calendar> {
  for (let y = from.year, m = from.month; y < to.year || (y === to.year && m <= to.month); m === 12 ? (y++, (m = 1)) : m++) {
    yield { year: y, month: m };
  }
}

const monthCount = (from: Calendar, to: Calendar): number => (to.year - from.year) * 12 + (to.month - from.month) + 1;

function yearLabels(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  if (fromYear < FIRST_YEAR) out.push('<1900');
  for (let y = Math.max(fromYear, FIRST_YEAR); y <= Math.min(toYear, LAST_YEAR); y++) out.push(pad(y, 4));
  if (toYear > LAST_YEAR) out.push('>2100');
  return out;
}

/** Finite bounds of a range as [first instant, last instant], or undefined when open or empty. */
function bounds(range: DateRange): [number, number] | undefined {
  if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end <= range.start) return undefined;
  return [range.start, range.end - 1];
}

/** The bucket labels a stored date value is indexed under. */
export function valueBuckets(range: DateRange): string[] {
  const b = bounds(range);
  if (b === undefined) return ['W'];
  const [first, last] = b;
  const from = calendar(first);
  const to = calendar(last);
  if (to.year - from.year + 1 > MAX_YEARS) return ['W'];
  const years = yearLabels(from.year, to.year).map((y) => `Y:${y}`);
  if (monthCount(from, to) > MAX_MONTHS) return [...years, ...yearLabels(from.year, to.year).map((y) => `YF:${y}`)];
  const monthLabels = [...months(from, to)].map(monthLabel);
  if ((Math.floor(last / DAY) - Math.floor(first / DAY)) + 1 > MAX_DAYS) {
    return [...years, ...monthLabels.map((m) => `M:${m}`), ...monthLabels.map((m) => `MF:${m}`)];
  }
  return [...years, ...monthLabels.map((m) => `M:${m}`), ...[...days(first, last)].map((d) => `D:${dayLabel(d)}`)];
}

/** The bucket labels to look up for targets overlapping `window`. */
export function windowBuckets(window: DateRange): string[] {
  const start = Math.max(window.start, -8.64e15);
  const end = Math.min(window.end, 8.64e15);
  if (end <= start) return ['W'];
  const first = start;
  const last = end - 1;
  const from = calendar(first);
  const to = calendar(last);
  const finite = Number.isFinite(window.start) && Number.isFinite(window.end);
  if (finite && Math.floor(last / DAY) - Math.floor(first / DAY) + 1 <= MAX_DAYS) {
    const monthList = [...months(from, to)].map(monthLabel);
    return [
      ...[...days(first, last)].map((d) => `D:${dayLabel(d)}`),
      ...monthList.map((m) => `MF:${m}`),
      ...yearLabels(from.year, to.year).map((y) => `YF:${y}`),
      'W',
    ];
  }
  if (finite && monthCount(from, to) <= MAX_MONTHS) {
    return [...[...months(from, to)].map((m) => `M:${monthLabel(m)}`), ...yearLabels(from.year, to.year).map((y) => `YF:${y}`), 'W'];
  }
  const fromYear = Number.isFinite(window.start) ? from.year : FIRST_YEAR - 1;
  const toYear = Number.isFinite(window.end) ? to.year : LAST_YEAR + 1;
  return [...yearLabels(fromYear, toYear).map((y) => `Y:${y}`), 'W'];
}
