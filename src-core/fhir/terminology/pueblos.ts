// "Pueblo de pertenencia" categories of the 2018 census (ValueSet pueblo-gt).
import pueblosJson from '../../../resources/terminology/pueblos.json';
import type { Pueblo } from './table-types';

export const PUEBLOS: readonly Pueblo[] = pueblosJson;

export function puebloByCode(code: string): Pueblo | undefined {
  return PUEBLOS.find((p) => p.code === code);
}
