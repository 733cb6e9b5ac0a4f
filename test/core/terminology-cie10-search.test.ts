// CIE-10 search over the real table: codes in any spelling, Spanish words without accents, ranking.
import { beforeAll, describe, expect, it } from 'vitest';
import { Cie10Index, type Cie10Match } from '../../src-core/fhir/terminology/cie10-search';
import { loadCie10Index } from '../../src-core/fhir/terminology/load-cie10-index';

let index: Cie10Index;
beforeAll(async () => {
  index = await loadCie10Index();
});
const codes = (matches: readonly Cie10Match[]): string[] => matches.map((m) => m.code);

describe('CIE-10 search by code', () => {
  it('puts the code itself first, then its subdivisions', () => {
    const result = index.search('J18');
    expect(codes(result)).toEqual(['J18', 'J18.0', 'J18.1', 'J18.2', 'J18.8', 'J18.9']);
    expect(result[0]).toEqual({ code: 'J18', display: 'Neumonía, organismo no especificado', tier: 'exact-code' });
    expect(result.slice(1).every((m) => m.tier === 'code-prefix')).toBe(true);
  });

  it('accepts lower case, with or without the dot', () => {
    for (const query of ['j18.9', 'J18.9', 'J189', ' j189 ']) {
      expect(index.search(query)).toEqual([{ code: 'J18.9', display: 'Neumonía, no especificada', tier: 'exact-code' }]);
    }
  });

  it('lists categories before subcategories for a short prefix', () => {
    const result = codes(index.search('J1', { limit: 12 }));
    expect(result.slice(0, 9)).toEqual(['J10', 'J11', 'J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18']);
    expect(result.slice(9).every((c) => c.length === 5 && c.startsWith('J1'))).toBe(true);
  });

  it('finds nothing for a code that does not exist', () => {
    expect(index.search('U07.1')).toEqual([]);
  });

  it('looks a code up in any spelling', () => {
    expect(index.lookup('e119')).toEqual(['E11.9', 'Diabetes mellitus no insulinodependiente sin mencion de complicacion']);
    expect(index.lookup('E11')?.[0]).toBe('E11');
    expect(index.lookup('E1')).toBeUndefined();
  });
});

describe('CIE-10 search by words', () => {
  it("ranks the diabetes categories E10–E14 first for 'diabetes'", () => {
    const result = index.search('diabetes');
    expect(codes(result).slice(0, 5)).toEqual(['E10', 'E11', 'E12', 'E13', 'E14']);
    expect(result[3]?.display).toBe('Otras diabetes mellitus especificadas'); // 'Otras X' sits with X
    expect(result.every((m) => m.tier === 'display-prefix')).toBe(true);
  });

  it("ranks pneumonia J12–J18 first for 'neumonia' without its accent", () => {
    const result = index.search('neumonia');
    expect(codes(result).slice(0, 7)).toEqual(['J12', 'J13', 'J14', 'J15', 'J16', 'J17', 'J18']);
    expect(result[6]?.display).toBe('Neumonía, organismo no especificado');
    expect(codes(index.search('NEUMONÍA'))).toEqual(codes(result));
  });

  it('puts a description equal to the query before longer ones', () => {
    const result = index.search('tos');
    expect(result[0]).toEqual({ code: 'R05', display: 'Tos', tier: 'exact-display' });
    expect(result[1]?.code).toBe('A37'); // Tos ferina
  });

  it('requires every word (AND) and matches word prefixes', () => {
    const result = index.search('neum lob');
    expect(codes(result)).toContain('J18.1'); // Neumonía lobar, no especificada
    for (const m of result) expect(m.display.toLowerCase()).toMatch(/neum/);
    expect(index.search('embarazo normal').map((m) => m.code).slice(0, 3)).toEqual(['Z34', 'Z34.0', 'Z34.9']);
  });

  it('ranks whole-word matches before word-prefix matches', () => {
    const result = index.search('embarazo normal');
    const tiers = result.map((m) => m.tier);
    expect(tiers.indexOf('word-prefixes')).toBeGreaterThan(tiers.lastIndexOf('whole-words'));
    expect(result.find((m) => m.code === 'Z34.8')?.tier).toBe('word-prefixes'); // 'embarazos normales'
  });

  it('falls back to matches inside words when few prefix matches exist', () => {
    const result = index.search('glucemiantes');
    expect(result.length).toBeGreaterThan(0);
    expect(result.every((m) => m.tier === 'substring' && m.display.toLowerCase().includes('glucemiantes'))).toBe(true);
  });

  it('lets a code prefix narrow a word query', () => {
    expect(index.search('e11 coma')).toEqual([
      { code: 'E11.0', display: 'Diabetes mellitus no insulinodependiente con coma', tier: 'whole-words' },
    ]);
  });

  it('finds rows whose source lacks accents with an accented query', () => {
    expect(codes(index.search('sin mención de complicación', { limit: 100 }))).toContain('E11.9');
  });

  it('returns nothing for empty or blank queries, or punctuation only', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('¿?')).toEqual([]);
    expect(index.search('zzzqqq')).toEqual([]);
  });

  it('honours the limit', () => {
    expect(index.search('de', { limit: 5 })).toHaveLength(5);
    expect(index.search('de')).toHaveLength(20);
    expect(index.search('de', { limit: 0 })).toEqual([]);
  });
});

describe('Cie10Index.build', () => {
  it('indexes any table of rows', () => {
    const small = Cie10Index.build([
      ['A00', 'Cólera'],
      ['A00.0', 'Cólera debido a Vibrio cholerae O1, biotipo cholerae'],
      ['B01', 'Varicela'],
    ]);
    expect(small.size).toBe(3);
    expect(codes(small.search('colera'))).toEqual(['A00', 'A00.0']);
    expect(small.search('colera')[0]?.tier).toBe('exact-display');
    expect(codes(small.search('vibrio'))).toEqual(['A00.0']);
    expect(codes(small.search('a'))).toEqual(['A00.0']); // a single letter is a word ('debido a'), not a code
  });
});
