// What the consultation screens and the printed record show of the patient: name, CUI, sex,
// birth date (dd/mm/aaaa) and age on a given day.
import type { Patient } from '@medplum/fhirtypes';
import { ageOf, type Age } from '../../../src-core/clinical';
import { CUI_SYSTEM } from '../../../src-core/fhir/canonical';
import type { Sex } from '../../../src-core/clinical';

export interface PatientFacts {
  readonly id: string;
  readonly name: string;
  readonly cui?: string;
  readonly gender: 'male' | 'female' | 'other' | 'unknown';
  /** WHO growth sex, when known. */
  readonly sex?: Sex;
  /** YYYY-MM-DD as recorded. */
  readonly birthDate?: string;
  readonly age?: Age;
}

/** "2025-11-20" → "20/11/2025"; partial dates as far as they go ("2025-11" → "11/2025"). */
export function formatBirthDate(date: string): string {
  return date.split('-').reverse().join('/');
}

/** Today in the device's time zone, as YYYY-MM-DD. */
export function localDay(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

export function patientFacts(patient: Patient & { id: string }, on: Date): PatientFacts {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  const fullName = [...(name?.given ?? []), name?.family ?? ''].join(' ').replace(/\s+/g, ' ').trim() || (name?.text ?? '');
  const cui = patient.identifier?.find((i) => i.system === CUI_SYSTEM)?.value;
  const gender = patient.gender ?? 'unknown';
  const age = patient.birthDate === undefined ? undefined : ageOf(patient.birthDate, localDay(on));
  return {
    id: patient.id,
    name: fullName,
    ...(cui === undefined ? {} : { cui }),
    gender,
    ...(gender === 'male' || gender === 'female' ? { sex: gender } : {}),
    ...(patient.birthDate === undefined ? {} : { birthDate: patient.birthDate }),
    ...(age === undefined ? {} : { age }),
  };
}
