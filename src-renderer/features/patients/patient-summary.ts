// What a list row or a duplicate candidate shows of a Patient: full name, sex, birth date
// (dd/mm/aaaa) with the age, CUI as printed on the DPI, municipality and department names.
import type { HumanName, Patient } from '@medplum/fhirtypes';
import { ageOf, type Age } from '../../../src-core/clinical/age/age-of';
import type { CalendarDate } from '../../../src-core/clinical/age/calendar-date';
import { formatCui } from '../../../src-core/clinical/cui';
import { CUI_SYSTEM } from '../../../src-core/fhir/canonical';
import { departmentByCode } from '../../../src-core/fhir/terminology/departments';
import { municipalityByCode } from '../../../src-core/fhir/terminology/municipalities';
import { displayDate } from './display-date';

export type Sex = 'female' | 'male' | 'other' | 'unknown';

export interface PatientSummary {
  readonly id: string;
  /** Given names then surnames, as written. */
  readonly fullName: string;
  readonly sex?: Sex;
  /** dd/mm/aaaa (or what a partial date has). */
  readonly birthDate?: string;
  readonly age?: Age;
  /** '2345 67890 1601'. */
  readonly cui?: string;
  readonly municipality?: string;
  readonly department?: string;
}

/** The official name, else the first. */
export function mainName(patient: Patient): HumanName | undefined {
  const names = patient.name ?? [];
  return names.find((n) => n.use === 'official') ?? names[0];
}

export function fullNameOf(name: HumanName | undefined): string {
  if (name === undefined) return '';
  if (name.text !== undefined && name.given === undefined && name.family === undefined) return name.text;
  return [...(name.given ?? []), name.family ?? ''].join(' ').replace(/\s+/g, ' ').trim();
}

const SEXES: ReadonlySet<string> = new Set<Sex>(['female', 'male', 'other', 'unknown']);

export function summarizePatient(patient: Patient, today: CalendarDate): PatientSummary {
  const cui = patient.identifier?.find((i) => i.system === CUI_SYSTEM)?.value;
  const address = patient.address?.find((a) => a.use === 'home') ?? patient.address?.[0];
  const municipality = address?.district === undefined ? undefined : municipalityByCode(address.district);
  const department = departmentByCode(municipality?.department ?? address?.state ?? '');
  const age = patient.birthDate === undefined ? undefined : ageOf(patient.birthDate, today);
  return {
    id: patient.id ?? '',
    fullName: fullNameOf(mainName(patient)),
    ...(patient.gender !== undefined && SEXES.has(patient.gender) ? { sex: patient.gender } : {}),
    ...(patient.birthDate === undefined ? {} : { birthDate: displayDate(patient.birthDate) }),
    ...(age === undefined ? {} : { age }),
    ...(cui === undefined ? {} : { cui: /^\d{13}$/.test(cui) ? formatCui(cui) : cui }),
    ...(municipality === undefined ? {} : { municipality: municipality.name }),
    ...(department === undefined ? {} : { department: department.name }),
  };
}

const collator = new Intl.Collator('es', { sensitivity: 'base' });

/** Surnames first, then given names, then id (a stable order for people with the same name). */
export function comparePatientsForDisplay(a: Patient, b: Patient): number {
  const na = mainName(a);
  const nb = mainName(b);
  return (
    collator.compare(na?.family ?? '', nb?.family ?? '') ||
    collator.compare((na?.given ?? []).join(' '), (nb?.given ?? []).join(' ')) ||
    (a.id ?? '').localeCompare(b.id ?? '')
  );
}

export type AgeUnit = 'years' | 'months' | 'days';
export interface AgePart {
  readonly unit: AgeUnit;
  readonly count: number;
}

/**
 * How precisely an age is said at the health post: days for a newborn's first month, months (and
 * days) in the first year, years and months under five (growth monitoring counts months), whole
 * years after that.
 */
export function ageParts(age: Age): AgePart[] {
  if (age.totalMonths === 0) return [{ unit: 'days', count: age.totalDays }];
  if (age.years === 0) return age.days === 0 ? [{ unit: 'months', count: age.months }] : [{ unit: 'months', count: age.months }, { unit: 'days', count: age.days }];
  if (age.years < 5 && age.months > 0) return [{ unit: 'years', count: age.years }, { unit: 'months', count: age.months }];
  return [{ unit: 'years', count: age.years }];
}
