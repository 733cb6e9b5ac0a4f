import { describe, expect, it } from 'vitest';
import { normalizeText, tokenize } from '../../src-core/fhir/terminology/normalize-text';

describe('normalizeText', () => {
  it('folds case and accents', () => {
    expect(normalizeText('Neumonía')).toBe('neumonia');
    expect(normalizeText('SACATEPÉQUEZ')).toBe('sacatepequez');
    expect(normalizeText('Güegüecho')).toBe('gueguecho');
  });

  it('folds ñ to n so that a keyboard without ñ still finds the name', () => {
    expect(normalizeText('Peñate')).toBe(normalizeText('penate'));
    expect(normalizeText('Ñ')).toBe('n');
  });

  it('drops apostrophes of every kind, keeping Mayan names whole', () => {
    expect(normalizeText("K'iche'")).toBe('kiche');
    expect(normalizeText('Kʼicheʼ')).toBe('kiche');
    expect(normalizeText('Tz’utujil')).toBe('tzutujil');
  });

  it('turns punctuation and runs of white space into single spaces, trimmed', () => {
    expect(normalizeText('  Diabetes   mellitus,\tno   especificada. ')).toBe('diabetes mellitus no especificada');
    expect(normalizeText('Tumor [neoplasia] (maligno)')).toBe('tumor neoplasia maligno');
    expect(normalizeText('inmunodeficiencia \u00ADhumana')).toBe('inmunodeficiencia humana');
  });

  it('keeps digits', () => {
    expect(normalizeText('Vibrio cholerae O1')).toBe('vibrio cholerae o1');
  });

  it('tokenizes into folded words and gives nothing for blank text', () => {
    expect(tokenize('Dolor de Cabeza')).toEqual(['dolor', 'de', 'cabeza']);
    expect(tokenize('   ')).toEqual([]);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('¿?')).toEqual([]);
  });
});
