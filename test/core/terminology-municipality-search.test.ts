import { describe, expect, it } from 'vitest';
import { searchMunicipalities } from '../../src-core/fhir/terminology/municipality-search';

const names = (query: string, department?: string): string[] =>
  searchMunicipalities(query, department === undefined ? {} : { department }).map((m) => m.name);

describe('searchMunicipalities', () => {
  it("finds the 'San…' municipalities of Guatemala (01), alphabetically", () => {
    expect(names('san', '01')).toEqual([
      'San José del Golfo',
      'San José Pinula',
      'San Juan Sacatepéquez',
      'San Miguel Petapa',
      'San Pedro Ayampuc',
      'San Pedro Sacatepéquez',
      'San Raymundo',
      'Santa Catarina Pinula',
    ]);
  });

  it('is accent- and case-insensitive', () => {
    expect(names('coban', '16')).toEqual(['Cobán']);
    expect(names('COBÁN')).toEqual(['Cobán']);
  });

  it('stays within the department', () => {
    const inSanMarcos = searchMunicipalities('san pedro', { department: '12' });
    expect(inSanMarcos.map((m) => m.code)).toEqual(['1202']); // San Pedro Sacatepéquez, San Marcos
    expect(searchMunicipalities('san pedro').map((m) => m.department)).toEqual(expect.arrayContaining(['01', '12']));
  });

  it('ranks a name prefix, then word prefixes, then a substring', () => {
    expect(names('pinula', '01')).toEqual(['San José Pinula', 'Santa Catarina Pinula']);
    expect(names('inula', '01')).toEqual(['San José Pinula', 'Santa Catarina Pinula']);
    const mixed = names('chi');
    expect(mixed[0]).toMatch(/^Chi/);
  });

  it('returns nothing for a blank query or an unknown department', () => {
    expect(names('   ')).toEqual([]);
    expect(names('san', '23')).toEqual([]);
  });

  it('honours the limit', () => {
    expect(searchMunicipalities('san', { limit: 3 })).toHaveLength(3);
  });
});
