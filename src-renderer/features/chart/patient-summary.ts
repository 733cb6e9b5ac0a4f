// The chart header's facts about the person: name, sex, birth date, age on the chart's day, CUI and
// the allergies that are still relevant (active or with no status, not refuted or entered in error).
import type { AllergyIntolerance, HumanName, Patient } from '@medplum/fhirtypes';
import { ageOf, type Age } from '../../../src-core/clinical/age/age-of';
import { CUI_SYSTEM } from '../../../src-core/fhir/canonical';
import { conceptText } from './fhir-codings';

export interface AllergyEntry {
  readonly id: string;
  readonly substance: string;
  readonly criticality?: 'low' | 'high' | 'unable-to-assess';
  /** Reactions as written (manifestations), if any. */
  readonly reactions: readonly string[];
}

export interface PatientSummary {
  readonly id: string;
  readonly fullName: string;
  readonly gender?: Patient['gender'];
  /** FHIR date as stored (may be partial). */
  readonly birthDate?: string;
  /** On the chart's day; absent for a partial or missing birth date. */
  readonly age?: Age;
  readonly cui?: string;
  readonly allergies: readonly AllergyEntry[];
}

function officialName(patient: Patient): HumanName | undefined {
  const names = patient.name ?? [];
  return names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old' && n.use !== 'maiden') ?? names[0];
}

/** Given names then surnames, as Guatemalan records write them ("María Xiloj Tzoc"). */
export function fullNameOf(patient: Patient): string {
  const name = officialName(patient);
  if (name === undefined) return '';
  const parts = [...(name.given ?? []), name.family ?? ''].filter((p) => p.trim() !== '');
  return parts.length > 0 ? parts.join(' ') : (name.text ?? '');
}

function isRelevantAllergy(allergy: AllergyIntolerance): boolean {
  const clinical = allergy.clinicalStatus?.coding?.[0]?.code;
  const verification = allergy.verificationStatus?.coding?.[0]?.code;
  if (verification === 'refuted' || verification === 'entered-in-error') return false;
  return clinical === undefined || clinical === 'active';
}

export function allergyEntries(allergies: readonly AllergyIntolerance[]): AllergyEntry[] {
  return allergies.filter(isRelevantAllergy).map((a) => ({
    id: a.id ?? '',
    substance: conceptText(a.code) ?? '',
    ...(a.criticality === undefined ? {} : { criticality: a.criticality }),
    reactions: (a.reaction ?? []).flatMap((r) => r.manifestation.map(conceptText)).filter((s): s is string => s !== undefined),
  }));
}

export function patientSummary(patient: Patient, allergies: readonly AllergyIntolerance[], today: string): PatientSummary {
  const age = patient.birthDate === undefined ? undefined : ageOf(patient.birthDate, today);
  const cui = patient.identifier?.find((i) => i.system === CUI_SYSTEM)?.value;
  return {
    id: patient.id ?? '',
    fullName: fullNameOf(patient),
    ...(patient.gender === undefined ? {} : { gender: patient.gender }),
    ...(patient.birthDate === undefined ? {} : { birthDate: patient.birthDate }),
    ...(age === undefined ? {} : { age }),
    ...(cui === undefined ? {} : { cui }),
    allergies: allergyEntries(allergies),
  };
}
