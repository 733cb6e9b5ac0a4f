// The WHO Child Growth Standards (2006) as LMS tables, derived from the WHO anthro package's tables
// by scripts/clinical/build.ts into resources/clinical/who-growth/*.json (see the SOURCE.md beside
// each file). A table holds one [L, M, S] row per sex for every integer axis value from `first` to
// `last`: age in days (0–1826, i.e. to 60 months) for the age-based indicators, and length or height in millimetres
// (the WHO tables step by 0.1 cm) for weight-for-length (45–110 cm) and weight-for-height (65–120 cm).

export type Sex = 'male' | 'female';

export type LmsTableName = 'weight-for-age' | 'length-height-for-age' | 'weight-for-length' | 'weight-for-height';

export interface LmsTable {
  readonly schemaVersion: 1;
  readonly indicator: LmsTableName;
  /** 'd': age in days; 'mm': recumbent length or standing height in millimetres. */
  readonly axisUnit: 'd' | 'mm';
  readonly first: number;
  readonly last: number;
  /** [L, M, S] for axis values first, first + 1, …, last. */
  readonly male: readonly (readonly number[])[];
  readonly female: readonly (readonly number[])[];
}

/** The four tables the growth chart needs. */
export interface WhoGrowthTables {
  readonly weightForAge: LmsTable;
  readonly lengthHeightForAge: LmsTable;
  readonly weightForLength: LmsTable;
  readonly weightForHeight: LmsTable;
}

/** Box-Cox power (L), median (M) and coefficient of variation (S) at one point of a table. */
export interface Lms {
  readonly l: number;
  readonly m: number;
  readonly s: number;
}

/** The LMS row at an integer axis value, or undefined outside the table. */
export function lmsAt(table: LmsTable, sex: Sex, axisValue: number): Lms | undefined {
  if (!Number.isInteger(axisValue) || axisValue < table.first || axisValue > table.last) return undefined;
  const row = table[sex][axisValue - table.first];
  const [l, m, s] = row ?? [];
  if (l === undefined || m === undefined || s === undefined) return undefined;
  return { l, m, s };
}
