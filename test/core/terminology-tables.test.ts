// Invariants of the committed terminology tables (resources/terminology). The generator's own
// `--check` proves the files equal its output; these tests prove the output is what the app needs.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONSULTATION_REASONS,
  DEPARTMENTS,
  LANGUAGES,
  MUNICIPALITIES,
  PUEBLOS,
  VACCINE_SCHEDULE,
  departmentByCode,
  loadCie10Index,
  municipalitiesOfDepartment,
  municipalityByCode,
  type Cie10Row,
} from '../../src-core/fhir/terminology';

const dir = fileURLToPath(new URL('../../resources/terminology', import.meta.url));
const cie10 = JSON.parse(readFileSync(join(dir, 'cie10.json'), 'utf8')) as Cie10Row[];

describe('departments and municipalities', () => {
  it('has the 22 departments, codes 01..22 zero-padded, in order', () => {
    expect(DEPARTMENTS.map((d) => d.code)).toEqual(Array.from({ length: 22 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(departmentByCode('16')?.name).toBe('Alta Verapaz');
    expect(departmentByCode('01')?.name).toBe('Guatemala');
  });

  it('has 340 municipalities with unique 4-digit codes that start with an existing department', () => {
    expect(MUNICIPALITIES).toHaveLength(340);
    expect(new Set(MUNICIPALITIES.map((m) => m.code)).size).toBe(340);
    for (const m of MUNICIPALITIES) {
      expect(m.code).toMatch(/^\d{4}$/);
      expect(m.code.slice(0, 2)).toBe(m.department);
      expect(departmentByCode(m.department)).toBeDefined();
      expect(m.name.trim()).toBe(m.name);
      expect(m.name).not.toBe('');
    }
  });

  it('numbers municipalities 01..n without gaps within each department', () => {
    for (const d of DEPARTMENTS) {
      const numbers = municipalitiesOfDepartment(d.code).map((m) => m.code.slice(2));
      expect(numbers.length).toBeGreaterThan(0);
      expect(numbers).toEqual(numbers.map((_, i) => String(i + 1).padStart(2, '0')));
    }
    expect(municipalitiesOfDepartment('13')).toHaveLength(33); // Huehuetenango, the largest
    expect(municipalitiesOfDepartment('23')).toEqual([]);
  });

  it('keeps accented names and well-known codes', () => {
    expect(municipalityByCode('1601')).toEqual({ code: '1601', name: 'Cobán', department: '16' });
    expect(municipalityByCode('0108')?.name).toBe('Mixco');
    expect(municipalityByCode('0514')).toBeDefined(); // Sipacate, the newest municipality of Escuintla
  });
});

describe('CIE-10 table', () => {
  it('has more than 10,000 rows of unique dotted codes in sorted order', () => {
    expect(cie10.length).toBeGreaterThan(10_000);
    const codes = cie10.map(([code]) => code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(codes);
    const malformed = cie10.filter(
      ([code, display]) => !/^[A-Z]\d\d(\.\d)?$/.test(code) || display === '' || display.trim() !== display || /\u00AD|\s{2}/.test(display),
    );
    expect(malformed).toEqual([]);
  });

  it('has J18.9 and E11 with their Spanish descriptions', () => {
    const byCode = new Map(cie10);
    expect(byCode.get('J18.9')).toBe('Neumonía, no especificada');
    expect(byCode.get('J18')).toBe('Neumonía, organismo no especificado');
    expect(byCode.get('E11')).toBe('Diabetes mellitus no insulinodependiente');
    expect(byCode.get('A09')).toBe('Diarrea y gastroenteritis de presunto origen infeccioso');
  });

  it('gives every 4-character code its 3-character category', () => {
    const categories = new Set(cie10.filter(([code]) => code.length === 3).map(([code]) => code));
    for (const [code] of cie10) if (code.length === 5) expect(categories.has(code.slice(0, 3))).toBe(true);
  });

  it('is what loadCie10Index loads', async () => {
    const index = await loadCie10Index();
    expect(index.size).toBe(cie10.length);
    expect(await loadCie10Index()).toBe(index); // built once
  });
});

describe('languages and pueblos', () => {
  it('offers Spanish as es, the 22 Mayan languages, Xinka and Garífuna as BCP-47 tags', () => {
    const codes = LANGUAGES.map((l) => l.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes[0]).toBe('es');
    expect(codes).not.toContain('spa');
    expect(LANGUAGES.filter((l) => l.group === 'maya')).toHaveLength(22);
    expect(codes).toEqual(expect.arrayContaining(['quc', 'cak', 'kek', 'mam', 'xin', 'cab', 'agu-x-chalchit']));
    for (const l of LANGUAGES) {
      expect(l.code).toMatch(/^([a-z]{2,3})(-x-[a-z0-9]{1,8})?$/);
      expect(l.name).not.toBe('');
      expect(l.isoName).not.toBe('');
    }
    expect(LANGUAGES.find((l) => l.code === 'quc')).toMatchObject({ name: "K'iche'", autonym: 'Kʼicheʼ' });
    expect(LANGUAGES.find((l) => l.code === 'knj')?.autonym).toBeUndefined();
  });

  it('has the six census pueblo categories in census order', () => {
    expect(PUEBLOS.map((p) => p.code)).toEqual(['maya', 'garifuna', 'xinka', 'afrodescendiente', 'ladino', 'extranjero']);
    expect(PUEBLOS.map((p) => p.censusOrder)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('editable lists', () => {
  it('keeps the vaccine schedule a draft with CVX mappings and ordered doses', () => {
    expect(VACCINE_SCHEDULE.status).toBe('draft');
    expect(VACCINE_SCHEDULE.reviewed).toBeNull();
    const codes = VACCINE_SCHEDULE.vaccines.map((v) => v.code);
    expect(codes).toEqual(expect.arrayContaining(['bcg', 'hepb-pediatrica', 'pentavalente', 'ipv', 'bopv', 'rotavirus', 'neumococo', 'spr', 'dpt', 'influenza-pediatrica', 'td', 'vph']));
    expect(new Set(codes).size).toBe(codes.length);
    const days = { d: 1, mo: 30.4375, a: 365.25 } as const;
    for (const v of VACCINE_SCHEDULE.vaccines) {
      expect(v.cvx?.code).toMatch(/^\d{2,3}$/);
      const ages = v.doses.flatMap((d) => (d.age === undefined ? [] : [d.age.value * days[d.age.unit]]));
      expect([...ages].sort((a, b) => a - b)).toEqual(ages);
      for (const d of v.doses.slice(1)) expect(d.age !== undefined || d.minIntervalDays !== undefined).toBe(true);
    }
    expect(VACCINE_SCHEDULE.vaccines.find((v) => v.code === 'pentavalente')?.doses.map((d) => d.age?.value)).toEqual([2, 4, 6]);
  });

  it('lists consultation reasons with unique codes whose CIE-10 suggestions exist', () => {
    const codes = new Set(cie10.map(([code]) => code));
    expect(new Set(CONSULTATION_REASONS.map((r) => r.code)).size).toBe(CONSULTATION_REASONS.length);
    expect(CONSULTATION_REASONS.map((r) => r.code)).toEqual(expect.arrayContaining(['control-prenatal', 'control-nino-sano', 'fiebre', 'tos', 'diarrea', 'vacunacion']));
    for (const r of CONSULTATION_REASONS) if (r.suggestedCie10 !== undefined) expect(codes.has(r.suggestedCie10)).toBe(true);
  });
});

describe('provenance', () => {
  it('puts a SOURCE.md beside every data file', () => {
    const jsonFiles = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(jsonFiles.length).toBeGreaterThanOrEqual(7);
    for (const file of jsonFiles) expect(existsSync(join(dir, file.replace(/\.json$/, '.SOURCE.md'))), file).toBe(true);
  });

  it('states the CIE-10 licence caveat as SOURCES.md gives it', () => {
    const note = readFileSync(join(dir, 'cie10.SOURCE.md'), 'utf8');
    expect(note).toContain('NONE STATED (no LICENSE file; ICD-10 content © WHO)');
    expect(note).toContain('verasativa/CIE-10');
    expect(note).toContain('da2aec199492344d280e0d25ae085a52ff197740');
  });

  it('marks the vaccine schedule as an unverified transcription', () => {
    const note = readFileSync(join(dir, 'esquema-vacunacion.SOURCE.md'), 'utf8');
    expect(note).toMatch(/NOT authoritative/);
    expect(note).toMatch(/Lineamientos/);
  });
});
