// How the chart writes dates, numbers and ages for es-GT readers (Intl, not hand formatting).
import { describe, expect, it } from 'vitest';
import { ageOf } from '../../src-core/clinical/age/age-of';
import { formatDate, formatMeasure, formatZ, localDay } from '../../src-renderer/features/chart/chart-format';
import { ageText } from '../../src-renderer/features/chart/age-text';
import { createI18n } from '../../src-renderer/i18n/i18n';

describe('chart formatting (es-GT)', () => {
  it('writes FHIR dates and dateTimes as the recorded calendar day, dd/mm/aaaa', () => {
    expect(formatDate('2025-01-05')).toBe('05/01/2025');
    // Late evening in Guatemala is the next day in UTC: the day written in the record is kept.
    expect(formatDate('2025-11-20T23:30:00-06:00')).toBe('20/11/2025');
    expect(formatDate('1998-06')).toBe('06/1998');
    expect(formatDate(undefined)).toBe('');
    expect(localDay(new Date(2025, 10, 5, 23, 59))).toBe('2025-11-05');
  });

  it('formats measurements and z-scores with es-GT digits and an explicit sign', () => {
    const decimal = new Intl.NumberFormat('es-GT').format(1.5).replace(/\d/g, '');
    expect(formatMeasure(12.14)).toBe(`12${decimal}1`);
    expect(formatMeasure(80)).toBe('80');
    expect(formatZ(-0.4)).toBe(`-0${decimal}40`);
    expect(formatZ(2.345)).toMatch(/^\+2.3[45]$/);
    expect(formatZ(0)).toBe(`0${decimal}00`);
  });

  it('says ages as a nurse does: days, months and days, years and months under five, then years', () => {
    const t = createI18n().t;
    const say = (birth: string, on: string): string => {
      const age = ageOf(birth, on);
      if (age === undefined) throw new Error('no age');
      return ageText(t, age);
    };
    expect(say('2025-11-20', '2025-11-21')).toBe('1 día');
    expect(say('2025-08-10', '2025-11-25')).toBe('3 meses y 15 días');
    expect(say('2025-10-25', '2025-11-25')).toBe('1 mes');
    expect(say('2023-11-15', '2025-11-25')).toBe('2 años');
    expect(say('2022-06-01', '2025-11-25')).toBe('3 años y 5 meses');
    expect(say('1990-03-01', '2025-11-25')).toBe('35 años');
  });
});
