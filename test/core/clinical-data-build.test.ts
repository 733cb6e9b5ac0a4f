// The clinical data generator's pure parts on small inline inputs (the real inputs live in
// ../shared/data, which tests do not read; `npx tsx scripts/clinical/build.ts --check` covers the
// real run), and the shape of the committed tables.
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_OVERDUE_AFTER_DAYS, deriveSyntheaSchedule } from '../../scripts/clinical/synthea-schedule';
import { renderClinicalSourceNote } from '../../scripts/clinical/source-note';
import { GROWTH_SOURCES, deriveLmsTable } from '../../scripts/clinical/who-growth';
import { loadWhoGrowthTables, type LmsTable } from '../../src-core/clinical';

const source = (name: string) => {
  const found = GROWTH_SOURCES.find((s) => s.name === name);
  if (found === undefined) throw new Error(name);
  return found;
};

describe('WHO table derivation', () => {
  it('turns anthro rows into LMS rows per sex, lengths in millimetres', () => {
    const text = 'sex\tlength\tl\tm\ts\tlorh\r\n1\t45\t-0.3521\t2.441\t0.09182\tL\r\n1\t45.1\t-0.3521\t2.4577\t0.09176\tL\r\n2\t45\t-0.3833\t2.4607\t0.09029\tL\r\n2\t45.1\t-0.3833\t2.4777\t0.09033\tL\r\n';
    expect(deriveLmsTable(source('weight-for-length'), text)).toEqual({
      schemaVersion: 1,
      indicator: 'weight-for-length',
      axisUnit: 'mm',
      first: 450,
      last: 451,
      male: [
        [-0.3521, 2.441, 0.09182],
        [-0.3521, 2.4577, 0.09176],
      ],
      female: [
        [-0.3833, 2.4607, 0.09029],
        [-0.3833, 2.4777, 0.09033],
      ],
    });
  });

  it('refuses a gap, a wrong length/height marker and different ranges per sex', () => {
    const header = 'sex\tage\tl\tm\ts\tloh\n';
    expect(() => deriveLmsTable(source('length-height-for-age'), `${header}1\t0\t1\t49.9\t0.04\tL\n1\t2\t1\t50.2\t0.04\tL\n2\t0\t1\t49.1\t0.04\tL\n2\t2\t1\t49.5\t0.04\tL\n`)).toThrow(/gaps/);
    expect(() => deriveLmsTable(source('length-height-for-age'), `${header}1\t731\t1\t85\t0.04\tL\n2\t731\t1\t84\t0.04\tH\n`)).toThrow(/expected H/);
    expect(() => deriveLmsTable(source('weight-for-age'), 'sex\tage\tl\tm\ts\n1\t0\t0.3\t3.3\t0.14\n2\t1\t0.3\t3.2\t0.14\n')).toThrow(/different ranges/);
    expect(() => deriveLmsTable(source('weight-for-age'), 'sex\tage\tl\tm\ts\n1\t0\t0.3\t-3.3\t0.14\n')).toThrow(/positive/);
  });
});

describe('Synthea schedule derivation', () => {
  it('keeps codes and ages, drops prose and market years, and adds the placeholder window', () => {
    const schedule = deriveSyntheaSchedule(
      JSON.stringify({
        hepb: {
          code: { system: 'http://hl7.org/fhir/sid/cvx', code: '08', display: 'Hep B, adolescent or pediatric' },
          remark: 'Some prose.',
          at_months: [0, 1, 6],
          first_available: 1981,
        },
      }),
    );
    expect(schedule).toEqual({
      schemaVersion: 1,
      id: 'synthea-us-routine',
      title: expect.stringMatching(/NOT the MSPAS schedule/) as unknown,
      authoritative: false,
      defaultOverdueAfterDays: PLACEHOLDER_OVERDUE_AFTER_DAYS,
      vaccines: [
        {
          key: 'hepb',
          display: 'Hep B, adolescent or pediatric',
          codes: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '08', display: 'Hep B, adolescent or pediatric' }],
          doses: [{ age: { value: 0, unit: 'mo' } }, { age: { value: 1, unit: 'mo' } }, { age: { value: 6, unit: 'mo' } }],
        },
      ],
    });
  });

  it('refuses an entry without a complete code or with bad ages', () => {
    expect(() => deriveSyntheaSchedule('{"x":{"code":{"system":"s","code":"1"},"at_months":[1]}}')).toThrow(/complete code/);
    expect(() => deriveSyntheaSchedule('{"x":{"code":{"system":"s","code":"1","display":"d"},"at_months":[1.5]}}')).toThrow(/non-negative integers/);
  });
});

describe('source notes', () => {
  it('name the repository, path, commit and licence of the source row', () => {
    const note = renderClinicalSourceNote({
      file: 'x.json',
      summary: ['Summary.'],
      source: { localFile: 'a/b.txt', repository: 'owner/repo', path: 'data/b.txt', commit: 'abc123', licence: 'GPL-3' },
      derivation: ['Step.'],
      shape: ['Shape.'],
      caveats: ['Caveat.'],
    });
    expect(note).toContain('| a/b.txt | owner/repo | data/b.txt | abc123 | GPL-3 |');
    expect(note).toContain('scripts/clinical/build.ts --check');
  });
});

describe('committed WHO tables', () => {
  it('have one row per axis value for each sex over the documented ranges', async () => {
    const loaded = await loadWhoGrowthTables();
    const tables: LmsTable[] = [loaded.weightForAge, loaded.lengthHeightForAge, loaded.weightForLength, loaded.weightForHeight];
    const ranges = tables.map((t) => [t.indicator, t.axisUnit, t.first, t.last, t.male.length, t.female.length]);
    expect(ranges).toEqual([
      ['weight-for-age', 'd', 0, 1826, 1827, 1827],
      ['length-height-for-age', 'd', 0, 1826, 1827, 1827],
      ['weight-for-length', 'mm', 450, 1100, 651, 651],
      ['weight-for-height', 'mm', 650, 1200, 551, 551],
    ]);
    for (const table of tables) {
      expect([...table.male, ...table.female].every((row) => row.length === 3 && (row[1] ?? 0) > 0 && (row[2] ?? 0) > 0)).toBe(true);
    }
  });
});
