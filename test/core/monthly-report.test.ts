// The monthly report (issue 8 acceptance, reports): for a generated month whose counts are known
// by construction, every aggregate in the CSV is the expected figure; records of the month before
// and after, cancelled or refuted ones, and adults' measurements are left out; the open-data CSV
// hides counts of 1–4.
import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWhoGrowthTables, type WhoGrowthTables } from '../../src-core/clinical';
import { CEIBA_PROFILE } from '../../src-core/fhir/profiles/ceiba-urls';
import { monthlyReport, openDataCsv, reportCsv } from '../../src-core/reports';

const MONTH = '2026-10';
const DAY = '2026-10-15';
let tables: WhoGrowthTables;
beforeAll(async () => {
  tables = await loadWhoGrowthTables();
});

let seq = 0;
const nextId = (p: string): string => `${p}-${String(++seq)}`;
const resources: Resource[] = [];

function birthBefore(day: string, years: number, months = 0): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - years, d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

function patient(sex: 'female' | 'male' | 'other', birthDate: string): string {
  const id = nextId('pac');
  resources.push({ resourceType: 'Patient', id, gender: sex, birthDate });
  return id;
}

function encounter(patientId: string, start: string, status: 'finished' | 'cancelled' = 'finished'): void {
  resources.push({ resourceType: 'Encounter', id: nextId('enc'), status, class: { code: 'AMB' }, subject: { reference: `Patient/${patientId}` }, period: { start: `${start}T09:00:00-06:00` } });
}

/** Consultations of the month: [age years, age months, sex, how many]. */
const VISITS: readonly [number, number, 'female' | 'male' | 'other', number][] = [
  [0, 6, 'female', 2],
  [3, 0, 'male', 4],
  [3, 0, 'female', 1],
  [30, 0, 'female', 5],
  [67, 0, 'male', 1],
  [12, 0, 'other', 1],
  [19, 11, 'female', 2],
];

function condition(code: string, display: string, day: string, verification = 'confirmed'): void {
  resources.push({
    resourceType: 'Condition',
    id: nextId('dx'),
    verificationStatus: { coding: [{ code: verification }] },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code, display }] },
    subject: { reference: 'Patient/x' },
    recordedDate: day,
  });
}

function vaccine(code: string, dose: number, day: string, status: 'completed' | 'not-done' = 'completed'): void {
  resources.push({ resourceType: 'Immunization', id: nextId('vac'), status, vaccineCode: { coding: [{ code }] }, patient: { reference: 'Patient/x' }, occurrenceDateTime: `${day}T10:00:00-06:00`, protocolApplied: [{ doseNumberPositiveInt: dose }] });
}

function measure(patientId: string, day: string, kg: number, cm: number): void {
  const obs = (code: string, value: number, unit: string): Resource => ({
    resourceType: 'Observation',
    id: nextId('obs'),
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: `${day}T09:30:00-06:00`,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  });
  resources.push(obs('29463-7', kg, 'kg'), obs('8302-2', cm, 'cm'));
}

function request(profile: string, day: string): void {
  resources.push({ resourceType: 'ServiceRequest', id: nextId('sr'), meta: { profile: [profile] }, status: 'active', intent: 'order', subject: { reference: 'Patient/x' }, authoredOn: `${day}T11:00:00-06:00` });
}

function month(): void {
  for (const [years, months, sex, n] of VISITS) {
    const id = patient(sex, birthBefore(DAY, years, months));
    for (let i = 0; i < n; i++) encounter(id, DAY);
  }
  // Outside the month, cancelled, or of a patient without a birth date.
  const adult = patient('female', '1990-05-05');
  encounter(adult, '2026-09-30');
  encounter(adult, '2026-11-01');
  encounter(adult, DAY, 'cancelled');
  encounter(patient('male', ''), DAY);

  for (let i = 0; i < 5; i++) condition('A09', 'Diarrea y gastroenteritis de presunto origen infeccioso', DAY);
  for (let i = 0; i < 3; i++) condition('J06.9', 'Infección aguda de las vías respiratorias superiores, no especificada', DAY);
  condition('E44.0', 'Desnutrición proteicocalórica moderada', DAY);
  condition('A09', 'Diarrea', '2026-09-02');
  condition('J18.9', 'Neumonía, no especificada', DAY, 'refuted');

  vaccine('pentavalente', 1, DAY);
  vaccine('pentavalente', 1, '2026-10-20');
  vaccine('pentavalente', 2, DAY);
  for (let i = 0; i < 3; i++) vaccine('spr', 1, DAY);
  vaccine('spr', 2, DAY, 'not-done');
  vaccine('bcg', 1, '2026-11-03');

  // Children under 5: one well (WHO medians), one severely stunted, one wasted and underweight.
  measure(patient('female', birthBefore(DAY, 2)), DAY, 11.5, 86.4);
  measure(patient('male', birthBefore(DAY, 2)), DAY, 9.8, 76.0);
  const wasted = patient('female', birthBefore(DAY, 1));
  measure(wasted, '2026-10-02', 8.9, 74.0); // earlier in the month, well: the last measurement counts
  measure(wasted, '2026-10-28', 6.5, 74.0);
  // Not counted: an adult, and a child measured the month before.
  measure(adult, DAY, 61, 152);
  measure(patient('male', birthBefore(DAY, 3)), '2026-09-10', 8.0, 80.0);

  request(CEIBA_PROFILE.referral, DAY);
  request(CEIBA_PROFILE.referral, '2026-10-31');
  request(CEIBA_PROFILE.referral, '2026-09-15');
  request(CEIBA_PROFILE.teleconsultRequest, DAY);
}
month();

/** CSV text → rows of cells (no quoted newlines in this report). */
function parse(csv: string): string[][] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  return csv
    .slice(1)
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, 4).map((m) => (m[1] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"')));
}

const value = (rows: string[][], section: string, category: string, sub = ''): string | undefined =>
  rows.find((r) => r[0] === section && r[1] === category && r[2] === sub)?.[3];

describe('monthly report', () => {
  it('every aggregate in the CSV is the figure the month was built with', () => {
    const rows = parse(reportCsv(monthlyReport({ month: MONTH, resources, growthTables: tables })));
    expect(rows[0]).toEqual(['seccion', 'categoria', 'subcategoria', 'valor']);
    expect(value(rows, 'mes', MONTH)).toBe('');
    expect(value(rows, 'consultas', 'total')).toBe('17');
    expect(value(rows, 'consultas', 'edad desconocida')).toBe('1');
    const expected: Record<string, string> = {
      'edad <1|Femenino': '2',
      'edad 1-4|Masculino': '4',
      'edad 1-4|Femenino': '1',
      'edad 25-39|Femenino': '5',
      'edad 60+|Masculino': '1',
      'edad 10-14|Otro / no indicado': '1',
      'edad 15-19|Femenino': '2',
    };
    const ageRows = rows.filter((r) => r[0] === 'consultas' && r[1]?.startsWith('edad ') === true && r[1] !== 'edad desconocida');
    expect(ageRows).toHaveLength(30);
    for (const [, category = '', sub = '', count] of ageRows) expect(count, `${category} ${sub}`).toBe(expected[`${category}|${sub}`] ?? '0');

    expect(rows.filter((r) => r[0] === 'diagnosticos CIE-10').map((r) => [r[1], r[3]])).toEqual([
      ['A09', '5'],
      ['J06.9', '3'],
      ['E44.0', '1'],
    ]);
    expect(value(rows, 'diagnosticos CIE-10', 'J06.9', 'Infección aguda de las vías respiratorias superiores, no especificada')).toBe('3');
    expect(rows.filter((r) => r[0] === 'vacunas').map((r) => r.slice(1))).toEqual([
      ['pentavalente', 'dosis 1', '2'],
      ['pentavalente', 'dosis 2', '1'],
      ['spr', 'dosis 1', '3'],
    ]);
    expect(value(rows, 'crecimiento <5 años', 'niños medidos')).toBe('3');
    expect(value(rows, 'crecimiento <5 años', 'desnutrición aguda (emaciación)')).toBe('1');
    expect(value(rows, 'crecimiento <5 años', 'desnutrición crónica (retardo de talla)')).toBe('1');
    expect(value(rows, 'crecimiento <5 años', 'bajo peso')).toBe('1');
    expect(value(rows, 'referencias', 'total')).toBe('2');
    expect(value(rows, 'teleconsultas', 'solicitudes')).toBe('1');
  });

  it('the open-data CSV is the same aggregate with counts of 1 to 4 hidden', () => {
    const report = monthlyReport({ month: MONTH, resources, growthTables: tables });
    const full = parse(reportCsv(report));
    const open = parse(openDataCsv(report));
    expect(open).toHaveLength(full.length);
    for (const [i, row] of full.entries()) {
      const n = Number(row[3]);
      const shown = open[i]?.[3];
      if (row[3] !== '' && n >= 1 && n <= 4) expect(shown).toBe('<5');
      else expect(shown).toBe(row[3]);
    }
    expect(value(open, 'consultas', 'edad 25-39', 'Femenino')).toBe('5');
  });

  it('quotes texts with commas and refuses a malformed month', () => {
    const report = monthlyReport({ month: MONTH, resources, growthTables: tables });
    const csv = reportCsv({ ...report, topDiagnoses: [{ code: 'X', display: 'uno, dos "tres"', count: 1 }] });
    expect(csv).toContain('X,"uno, dos ""tres""",1');
    expect(() => monthlyReport({ month: '2026-13', resources, growthTables: tables })).toThrow(RangeError);
  });
});
