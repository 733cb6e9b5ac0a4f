// Which WHO growth charts the chart draws for a child, over which range, with which curves and
// points (src-renderer/features/chart/growth-chart-specs.ts through growthSummary).
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WhoGrowthTables } from '../../src-core/clinical/growth/growth-tables';
import { loadWhoGrowthTables } from '../../src-core/clinical/growth/load-who-growth-tables';
import { growthSummary } from '../../src-renderer/features/chart/growth-points';

let tables: WhoGrowthTables;
beforeAll(async () => {
  tables = await loadWhoGrowthTables();
});

const patient = (birthDate: string, gender: Patient['gender'] = 'male'): Patient => ({ resourceType: 'Patient', id: 'p', gender, birthDate });

const obs = (id: string, loinc: string, value: number, code: string, date: string): Resource =>
  ({
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: 'Patient/p' },
    effectiveDateTime: date,
    valueQuantity: { value, code },
  });

const observations = (list: Resource[]): Observation[] => list.filter((r): r is Observation => r.resourceType === 'Observation');

describe('growth chart specs', () => {
  it('draws the 0–2 year charts for an infant: age axis to 731 days, weight-for-length, no weight-for-height', () => {
    const growth = growthSummary(tables, patient('2025-05-01'), observations([obs('w', '29463-7', 7.9, 'kg', '2025-11-01'), obs('h', '8302-2', 67, 'cm', '2025-11-01')]), '2025-11-25');
    expect(growth?.charts.map((c) => c.kind)).toEqual(['weight-for-age', 'length-height-for-age', 'weight-for-length']);
    const wfa = growth?.charts[0];
    expect(wfa?.xRange).toEqual([0, 731]);
    expect(wfa?.curves.map((c) => c.z)).toEqual([-3, -2, 0, 2, 3]);
    // The bands are ordered: at every age the −3 curve is below −2, below the median, and so on.
    const at = (z: number, i: number) => wfa?.curves.find((c) => c.z === z)?.points[i]?.y ?? NaN;
    for (const i of [0, 20, 52]) expect(at(-3, i) < at(-2, i) && at(-2, i) < at(0, i) && at(0, i) < at(2, i) && at(2, i) < at(3, i)).toBe(true);
    expect(wfa?.points).toEqual([{ date: '2025-11-01', ageInDays: 184, ageMonths: 6, x: 184, y: 7.9, z: growth?.weightForAge[0]?.z.z, implausible: false }]);
    // The point lies within the drawn range.
    expect(wfa?.yRange[0]).toBeLessThan(7.9);
    expect(wfa?.yRange[1]).toBeGreaterThan(7.9);
    expect(growth?.charts[2]?.xRange).toEqual([45, 110]);
    expect(growth?.charts[2]?.points.map((p) => [p.x, p.y])).toEqual([[67, 7.9]]);
  });

  it('draws the 0–5 year age charts and weight-for-height from two years, keeping weight-for-length when it has earlier points', () => {
    const list = [
      obs('w1', '29463-7', 9.0, 'kg', '2023-10-01'),
      obs('h1', '8302-2', 74, 'cm', '2023-10-01'),
      obs('w2', '29463-7', 12.5, 'kg', '2025-06-01'),
      obs('h2', '8302-2', 88, 'cm', '2025-06-01'),
    ];
    const growth = growthSummary(tables, patient('2022-10-01', 'female'), observations(list), '2025-11-25');
    expect(growth?.charts.map((c) => c.kind)).toEqual(['weight-for-age', 'length-height-for-age', 'weight-for-length', 'weight-for-height']);
    expect(growth?.charts[0]?.xRange).toEqual([0, 1826]);
    expect(growth?.charts[2]?.points.map((p) => p.x)).toEqual([74]);
    expect(growth?.charts[3]?.points.map((p) => p.x)).toEqual([88]);
    expect(growth?.charts[3]?.xRange).toEqual([65, 120]);
    // Completed calendar months, not days / 30.4375 (365 days would be 11.99 "months").
    expect(growth?.measurements.map((m) => m.ageMonths)).toEqual([12, 32]);
  });

  it('does not chart a child of five or more, or one whose sex the standards do not cover', () => {
    // (Exactly five years is day 1826, still within the standards as anthro applies them.)
    expect(growthSummary(tables, patient('2020-11-20'), [], '2025-11-25')).toBeUndefined();
    expect(growthSummary(tables, patient('2024-11-25', 'unknown'), [], '2025-11-25')).toBeUndefined();
    const empty = growthSummary(tables, patient('2024-11-25'), [], '2025-11-25');
    expect(empty?.measurements).toEqual([]);
    expect(empty?.findings).toEqual([]);
    expect(empty?.charts.every((c) => c.points.length === 0)).toBe(true);
  });
});
