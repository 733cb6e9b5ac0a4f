// The hashed date index must never lose a match: whenever a stored date value satisfies a date
// search, the buckets it was indexed under and the buckets the search looks up share at least one.
// (Extra candidates are fine: the store checks them exactly after decryption.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueBuckets, windowBuckets } from '../../src-core/store/search/date-buckets';
import { candidateWindow, matchesDate, parseDateRange, periodRange, type DatePrefix, type DateRange } from '../../src-core/store/search/date-range';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** FHIR date/dateTime text at every precision, with and without a time zone, 1850–2150. */
const fhirDate = fc
  .record({
    year: fc.integer({ min: 1850, max: 2150 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    precision: fc.constantFrom('year', 'month', 'day', 'minute', 'second', 'millis'),
    zone: fc.constantFrom('Z', '-06:00', '+05:30', ''),
  })
  .map(({ year, month, day, hour, minute, precision, zone }) => {
    const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    switch (precision) {
      case 'year':
        return pad(year, 4);
      case 'month':
        return date.slice(0, 7);
      case 'day':
        return date;
      case 'minute':
        return `${date}T${pad(hour)}:${pad(minute)}${zone}`;
      case 'second':
        return `${date}T${pad(hour)}:${pad(minute)}:07${zone}`;
      case 'millis':
        return `${date}T${pad(hour)}:${pad(minute)}:07.250${zone}`;
    }
  });

const range = (text: string): DateRange => {
  const r = parseDateRange(text);
  if (r === undefined) throw new Error(`not a date: ${text}`);
  return r;
};

/** A stored value: a single date or a Period, possibly open at either end. */
const storedValue = fc.oneof(
  fhirDate.map(range),
  fc
    .tuple(fc.option(fhirDate, { nil: undefined }), fc.option(fhirDate, { nil: undefined }))
    .filter(([a, b]) => a !== undefined || b !== undefined)
    .map(([a, b]) => periodRange(a, b) as DateRange),
);

const prefix = fc.constantFrom<DatePrefix>('eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb');

describe('hashed date buckets', () => {
  it('property: a matching value always shares a bucket with the search', () => {
    let matched = 0;
    fc.assert(
      fc.property(storedValue, prefix, fhirDate, (value, p, query) => {
        const search = range(query);
        if (!matchesDate(p, value, search)) return;
        const window = candidateWindow(p, search);
        if (window === undefined) return; // `ne` is answered by scanning, not by buckets
        const looked = new Set(windowBuckets(window));
        expect(valueBuckets(value).some((b) => looked.has(b))).toBe(true);
        matched++;
      }),
      { numRuns: 3000 },
    );
    expect(matched).toBeGreaterThan(500); // the generators do produce matching pairs
  });

  it('indexes a birth date under its day, month and year, and a long or open period as wide', () => {
    expect(valueBuckets(range('1990-05-17')).sort()).toEqual(['D:1990-05-17', 'M:1990-05', 'Y:1990']);
    expect(valueBuckets(range('1985')).filter((b) => b.startsWith('Y'))).toEqual(['Y:1985']);
    expect(valueBuckets(range('1985'))).toContain('MF:1985-06');
    expect(valueBuckets({ start: range('2020').start, end: Infinity })).toEqual(['W']);
    expect(valueBuckets(range('1850-02-03'))).toContain('Y:<1900');
  });

  it('keeps the lookup short: a day, a month, a year, an open range', () => {
    expect(windowBuckets(range('1990-05-17'))).toEqual(['D:1990-05-17', 'MF:1990-05', 'YF:1990', 'W']);
    expect(windowBuckets(range('1990'))).toHaveLength(12 + 1 + 1);
    const open = windowBuckets({ start: range('1990').start, end: Infinity });
    expect(open).toContain('Y:>2100');
    expect(open.length).toBeLessThanOrEqual(113);
  });
});
