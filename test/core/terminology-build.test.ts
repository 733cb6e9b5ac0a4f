// The terminology generator's pure parts, on small inline inputs (the real inputs live in
// ../shared/data, which tests do not read; `build.ts --check` covers the real run).
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords, parseTsvRecords } from '../../scripts/terminology/csv';
import {
  checkConsultationReasons,
  checkVaccineSchedule,
  cleanDisplay,
  deriveCie10,
  deriveGeography,
  deriveLanguages,
} from '../../scripts/terminology/derive-tables';
import { formatJson } from '../../scripts/terminology/format-json';
import { parseSources } from '../../scripts/terminology/sources';
import type { VaccineSchedule } from '../../src-core/fhir/terminology/table-types';

describe('CSV and TSV parsing', () => {
  it('handles quoted fields, doubled quotes, commas, CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n1,')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['1', ''],
    ]);
    expect(parseCsvRecords('\uFEFFcode,name\n01,Guatemala\n')).toEqual([{ code: '01', name: 'Guatemala' }]);
  });

  it('rejects a row with the wrong number of fields and an unterminated quote', () => {
    expect(() => parseCsvRecords('a,b\n1,2,3\n')).toThrow(/row 2/);
    expect(() => parseCsv('"open')).toThrow(/quoted/);
  });

  it('reads TSV by header', () => {
    expect(parseTsvRecords('Id\tPart1\nspa\tes\nquc\t\n')).toEqual([
      { Id: 'spa', Part1: 'es' },
      { Id: 'quc', Part1: '' },
    ]);
  });
});

describe('derivations', () => {
  const geoCsv = [
    'codigo_muni,municipio,departamento,codigo_depto,codigo_muni_in_depto',
    '1601,Cobán,Alta Verapaz,16,1',
    '101,Guatemala,Guatemala,1,1',
    '102,Santa Catarina Pinula,Guatemala,1,2',
  ].join('\n');

  it('zero-pads department and municipality codes and sorts them', () => {
    expect(deriveGeography(geoCsv)).toEqual({
      departments: [
        { code: '01', name: 'Guatemala' },
        { code: '16', name: 'Alta Verapaz' },
      ],
      municipalities: [
        { code: '0101', name: 'Guatemala', department: '01' },
        { code: '0102', name: 'Santa Catarina Pinula', department: '01' },
        { code: '1601', name: 'Cobán', department: '16' },
      ],
    });
  });

  it('refuses inconsistent geography', () => {
    expect(() => deriveGeography(`${geoCsv}\n1602,X,Alta Verapaz,16,3`)).toThrow(/disagrees/);
    expect(() => deriveGeography(`${geoCsv}\n1602,X,Verapaz,16,2`)).toThrow(/named both/);
  });

  it('keeps 3- and 4-character CIE-10 codes, dotted, and drops chapter and block ranges', () => {
    const csv = [
      'code,code_0,code_1,code_2,code_3,code_4,description,level,source',
      'J00-J99,,,,,,Enfermedades del sistema respiratorio,0,x',
      'J09-J18 ,J00-J99,,,,,Influenza [gripe] y neumonía ,1,x',
      'J189,J00-J99,J09-J18,J18,,,"Neumonía, no especificada",3,x',
      'J18,J00-J99,J09–J18 ,,,,"Neumonía,  organismo no especificado ",2,x',
    ].join('\n');
    expect(deriveCie10(csv)).toEqual([
      ['J18', 'Neumonía, organismo no especificado'],
      ['J18.9', 'Neumonía, no especificada'],
    ]);
    expect(() => deriveCie10(csv.replace('J18,J00', 'K18,J00'))).toThrow(/no 3-character parent/);
  });

  it('cleans soft hyphens and white space from displays', () => {
    expect(cleanDisplay(' Trastornos \u00ADdebidos  al uso ')).toBe('Trastornos debidos al uso');
  });

  it('takes ISO names and autonyms for the curated languages, checking BCP-47 primary subtags', () => {
    const curatedCodes = ['spa', 'acr', 'knj', 'agu', 'caa', 'cac', 'itz', 'ixl', 'jac', 'cak', 'quc', 'mam', 'mop', 'poc', 'poh', 'kjb', 'kek', 'quv', 'qum', 'ttc', 'tzj', 'usp', 'xin', 'cab'];
    const iso = ['Id\tPart1\tRef_Name', ...curatedCodes.map((c) => `${c}\t${c === 'spa' ? 'es' : ''}\tName ${c}`)].join('\n');
    const autonyms = 'tag3\ttag1\tname\tautonym\tsource\nquc\t\tKʼicheʼ\tKʼicheʼ\tcldr\nknj\t\tWestern Kanjobal\tK’anjob’al\tiso\n';
    const languages = deriveLanguages(iso, autonyms);
    expect(languages[0]).toEqual({ code: 'es', iso6393: 'spa', name: 'Español', isoName: 'Name spa', group: 'espanol' });
    expect(languages.find((l) => l.code === 'quc')?.autonym).toBe('Kʼicheʼ');
    expect(languages.find((l) => l.code === 'knj')?.autonym).toBeUndefined();
    expect(() => deriveLanguages(iso.replace('spa\tes', 'spa\t'), autonyms)).toThrow(/primary subtag should be spa/);
  });
});

describe('input checks', () => {
  const schedule = (vaccines: unknown[]): VaccineSchedule =>
    ({ schemaVersion: 1, status: 'draft', reviewed: null, vaccines }) as VaccineSchedule;

  it('accepts a well-formed schedule', () => {
    const ok = schedule([
      {
        code: 'spr',
        name: 'SPR',
        protectsAgainst: 'Sarampión',
        population: 'ninez',
        cvx: { code: '03', display: 'MMR', equivalence: 'equivalent' },
        doses: [
          { label: '1', age: { value: 12, unit: 'mo' } },
          { label: '2', age: { value: 18, unit: 'mo' }, minIntervalDays: 28 },
        ],
      },
    ]);
    expect(checkVaccineSchedule(ok, new Map([['03', 'MMR']]))).toEqual([]);
  });

  it('reports duplicate codes, doses out of order, untimed doses and wrong CVX displays', () => {
    const bad = schedule([
      { code: 'x', name: 'X', protectsAgainst: '', population: 'ninez', doses: [{ label: '1', age: { value: 1, unit: 'a' } }, { label: '2', age: { value: 2, unit: 'mo' } }] },
      { code: 'x', name: 'X', protectsAgainst: '', population: 'ninez', cvx: { code: '03', display: 'Measles', equivalence: 'equivalent' }, doses: [{ label: '1' }, { label: '2' }] },
    ]);
    const problems = checkVaccineSchedule(bad, new Map([['03', 'MMR']]));
    expect(problems).toEqual([
      'vaccine x: dose 2 is recommended earlier than dose 1',
      'vaccine x: duplicate code',
      "vaccine x: CVX 03 display should be 'MMR' (as in Synthea's schedule)",
      'vaccine x: dose 2 has neither an age nor a minimum interval',
    ]);
  });

  it('reports consultation reasons whose suggested CIE-10 code does not exist', () => {
    const reasons = { schemaVersion: 1 as const, reasons: [{ code: 'tos', name: 'Tos', category: 'morbilidad' as const, suggestedCie10: 'R99.9' }] };
    expect(checkConsultationReasons(reasons, [['R05', 'Tos']])).toEqual(['reason tos: suggested CIE-10 R99.9 is not in the CIE-10 table']);
  });
});

describe('output', () => {
  it('lays JSON out deterministically, short values on one line', () => {
    const value = { a: [1, 2], long: Array.from({ length: 30 }, (_, i) => ({ code: `c${i}` })), skip: undefined };
    const text = formatJson(value);
    expect(text).toBe(formatJson(JSON.parse(JSON.stringify(value)) as unknown));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(text.split('\n')[1]).toBe('  "a": [1,2],');
    expect(text).toContain('\n    {"code":"c0"},\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('reads the provenance table of SOURCES.md', () => {
    const md = [
      '| local file | repository (owner/name) | path in repo | commit | license as stated | description |',
      '|---|---|---|---|---|---|',
      '| icd10_es/cie-10.csv | verasativa/CIE-10 | cie-10.csv | da2a | NONE STATED (no LICENSE file; ICD-10 content © WHO) | CIE-10 |',
    ].join('\n');
    expect(parseSources(md).get('icd10_es/cie-10.csv')).toEqual({
      localFile: 'icd10_es/cie-10.csv',
      repository: 'verasativa/CIE-10',
      path: 'cie-10.csv',
      commit: 'da2a',
      licence: 'NONE STATED (no LICENSE file; ICD-10 content © WHO)',
    });
    expect(parseSources(md).size).toBe(1);
  });
});
