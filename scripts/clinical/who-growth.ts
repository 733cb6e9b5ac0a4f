// Derives the compact LMS tables of src-core/clinical/growth/growth-tables.ts from the WHO anthro
// package's tab-separated growth standards (shared/data/who_growth_standards/*.txt), checking on the
// way that each table is complete: both sexes, every axis value from first to last exactly once,
// finite L and positive M and S, and the length/height marker consistent with the axis.
import type { LmsTable, LmsTableName } from '../../src-core/clinical/growth/growth-tables';

export interface GrowthSource {
  readonly name: LmsTableName;
  /** File under shared/data. */
  readonly file: string;
  /** Column holding the axis value in the source. */
  readonly axisColumn: 'age' | 'length' | 'height';
  /** Source column with 'L'/'H' (length or height basis), if any, and its expected value. */
  readonly basisColumn?: { readonly column: 'loh' | 'lorh'; readonly expected: (axisValue: number) => 'L' | 'H' };
}

export const GROWTH_SOURCES: readonly GrowthSource[] = [
  { name: 'weight-for-age', file: 'who_growth_standards/weianthro.txt', axisColumn: 'age' },
  {
    name: 'length-height-for-age',
    file: 'who_growth_standards/lenanthro.txt',
    axisColumn: 'age',
    // anthro: recumbent length below 731 days, standing height from 731 days.
    basisColumn: { column: 'loh', expected: (day) => (day < 731 ? 'L' : 'H') },
  },
  {
    name: 'weight-for-length',
    file: 'who_growth_standards/wflanthro.txt',
    axisColumn: 'length',
    basisColumn: { column: 'lorh', expected: () => 'L' },
  },
  {
    name: 'weight-for-height',
    file: 'who_growth_standards/wfhanthro.txt',
    axisColumn: 'height',
    basisColumn: { column: 'lorh', expected: () => 'H' },
  },
];

function parseTsv(text: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').split('\t').map((h) => h.trim());
  return lines.map((line, i) => {
    const cells = line.split('\t').map((c) => c.trim());
    if (cells.length !== header.length) throw new Error(`row ${i + 2}: ${cells.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
  });
}

function number(record: Record<string, string>, column: string, where: string): number {
  const text = record[column];
  const value = text === undefined || text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new Error(`${where}: column ${column} is not a number (${String(text)})`);
  return value;
}

export function deriveLmsTable(source: GrowthSource, text: string): LmsTable {
  const axisUnit = source.axisColumn === 'age' ? 'd' : 'mm';
  const bySex: Record<'1' | '2', Map<number, number[]>> = { '1': new Map(), '2': new Map() };
  parseTsv(text).forEach((record, i) => {
    const where = `${source.file} row ${i + 2}`;
    const sex = record.sex;
    if (sex !== '1' && sex !== '2') throw new Error(`${where}: sex must be 1 or 2`);
    const raw = number(record, source.axisColumn, where);
    // Lengths step by 0.1 cm: store millimetres as integers so lookups never compare decimals.
    const axisValue = axisUnit === 'd' ? raw : Math.round(raw * 10);
    if (!Number.isInteger(axisValue) || (axisUnit === 'mm' && Math.abs(raw * 10 - axisValue) > 1e-6)) {
      throw new Error(`${where}: axis value ${raw} is not on the table's grid`);
    }
    const l = number(record, 'l', where);
    const m = number(record, 'm', where);
    const s = number(record, 's', where);
    if (!(m > 0 && s > 0)) throw new Error(`${where}: M and S must be positive`);
    if (source.basisColumn !== undefined && record[source.basisColumn.column] !== source.basisColumn.expected(axisValue)) {
      throw new Error(`${where}: ${source.basisColumn.column} is ${String(record[source.basisColumn.column])}, expected ${source.basisColumn.expected(axisValue)}`);
    }
    if (bySex[sex].has(axisValue)) throw new Error(`${where}: duplicate axis value ${raw}`);
    bySex[sex].set(axisValue, [l, m, s]);
  });
  const rowsOf = (sex: '1' | '2'): { first: number; last: number; rows: number[][] } => {
    const keys = [...bySex[sex].keys()].sort((a, b) => a - b);
    const first = keys[0];
    const last = keys[keys.length - 1];
    if (first === undefined || last === undefined) throw new Error(`${source.file}: no rows for sex ${sex}`);
    if (keys.length !== last - first + 1) throw new Error(`${source.file}: sex ${sex} has gaps between ${first} and ${last}`);
    return { first, last, rows: keys.map((k) => bySex[sex].get(k) ?? []) };
  };
  const male = rowsOf('1');
  const female = rowsOf('2');
  if (male.first !== female.first || male.last !== female.last) throw new Error(`${source.file}: the sexes cover different ranges`);
  return { schemaVersion: 1, indicator: source.name, axisUnit, first: male.first, last: male.last, male: male.rows, female: female.rows };
}
