// The 340 municipalities of Guatemala (4-digit INE codes, department code first); small, so bundled
// statically.
import municipalitiesJson from '../../../resources/terminology/municipios.json';
import type { Municipality } from './table-types';

export const MUNICIPALITIES: readonly Municipality[] = municipalitiesJson;

const byCode = new Map(MUNICIPALITIES.map((m) => [m.code, m]));
const byDepartment = new Map<string, Municipality[]>();
for (const m of MUNICIPALITIES) {
  const list = byDepartment.get(m.department);
  if (list === undefined) byDepartment.set(m.department, [m]);
  else list.push(m);
}

/** The municipality with this 4-digit INE code ('1601'), if any. */
export function municipalityByCode(code: string): Municipality | undefined {
  return byCode.get(code);
}

/** The municipalities of a department, in code order; empty for an unknown department. */
export function municipalitiesOfDepartment(department: string): readonly Municipality[] {
  return byDepartment.get(department) ?? [];
}
