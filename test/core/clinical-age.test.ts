// Calendar-date arithmetic and ages as written on Guatemalan child charts (años, meses, días).
import { describe, expect, it } from 'vitest';
import { addCalendarMonths, ageInDays, ageOf, daysBetween, formatCalendarDate, parseCalendarDate } from '../../src-core/clinical';

describe('calendar dates', () => {
  it('parses full dates and the date part of a dateTime, and refuses partial or impossible ones', () => {
    expect(parseCalendarDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCalendarDate('2025-12-01T23:30:00-06:00')).toEqual({ year: 2025, month: 12, day: 1 });
    expect(parseCalendarDate('2023-02-29')).toBeUndefined();
    expect(parseCalendarDate('2023-13-01')).toBeUndefined();
    expect(parseCalendarDate('2023-05')).toBeUndefined();
    expect(parseCalendarDate('2023')).toBeUndefined();
  });

  it('adds calendar months, clamping to the end of shorter months', () => {
    const jan31 = { year: 2023, month: 1, day: 31 };
    expect(formatCalendarDate(addCalendarMonths(jan31, 1))).toBe('2023-02-28');
    expect(formatCalendarDate(addCalendarMonths(jan31, 13))).toBe('2024-02-29');
    expect(formatCalendarDate(addCalendarMonths(jan31, -2))).toBe('2022-11-30');
  });

  it('counts days across leap years', () => {
    expect(daysBetween({ year: 2023, month: 3, day: 1 }, { year: 2024, month: 3, day: 1 })).toBe(366);
  });
});

describe('ageOf', () => {
  it('gives completed years, months and days', () => {
    expect(ageOf('2022-03-10', '2024-06-15')).toEqual({ years: 2, months: 3, days: 5, totalMonths: 27, totalDays: 828 });
    expect(ageOf('2024-06-15', '2024-06-15')).toEqual({ years: 0, months: 0, days: 0, totalMonths: 0, totalDays: 0 });
  });

  it('does not count a month before its day has come', () => {
    expect(ageOf('2024-01-20', '2024-02-19')).toMatchObject({ months: 0, days: 30 });
    expect(ageOf('2024-01-20', '2024-02-20')).toMatchObject({ months: 1, days: 0 });
  });

  it('counts a month born on the 31st on the last day of a shorter month', () => {
    expect(ageOf('2023-01-31', '2023-02-28')).toMatchObject({ months: 1, days: 0 });
    expect(ageOf('2023-01-31', '2023-03-01')).toMatchObject({ months: 1, days: 1 });
    expect(ageOf('2023-01-31', '2023-03-31')).toMatchObject({ months: 2, days: 0 });
  });

  it('makes someone born on 29 February one year old on 28 February', () => {
    expect(ageOf('2020-02-29', '2021-02-27')).toMatchObject({ years: 0, months: 11 });
    expect(ageOf('2020-02-29', '2021-02-28')).toMatchObject({ years: 1, months: 0, days: 0 });
  });

  it('is undefined before birth or for a partial date', () => {
    expect(ageOf('2024-06-15', '2024-06-14')).toBeUndefined();
    expect(ageOf('1994', '2024-06-14')).toBeUndefined();
  });

  it('gives the age in days the WHO standards use', () => {
    expect(ageInDays('2022-06-15', '2024-06-15')).toBe(731);
  });
});
