// The 22 departments of Guatemala (INE codes '01'..'22'); small, so bundled statically.
import departmentsJson from '../../../resources/terminology/departamentos.json';
import type { Department } from './table-types';

export const DEPARTMENTS: readonly Department[] = departmentsJson;

const byCode = new Map(DEPARTMENTS.map((d) => [d.code, d]));

/** The department with this two-digit INE code ('01'), if any. */
export function departmentByCode(code: string): Department | undefined {
  return byCode.get(code);
}
