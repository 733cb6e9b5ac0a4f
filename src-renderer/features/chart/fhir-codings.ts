// The codes the chart reads from the store, and small helpers over CodeableConcepts. LOINC codes
// are the ones the Ceiba vital-sign profiles fix (fhir-profiles/StructureDefinition/ceiba-*.json,
// derived from the HL7 R4 vital-sign profiles); the pregnancy codes are plain LOINC (no Ceiba
// profile covers pregnancy yet, see prenatal-summary.ts).
import type { CodeableConcept, Coding, Reference } from '@medplum/fhirtypes';

export const LOINC = 'http://loinc.org';

export const LOINC_CODES = {
  bodyWeight: '29463-7',
  bodyHeight: '8302-2',
  /** Recumbent body length; a height Observation that also carries it was measured lying down. */
  bodyLength: '8306-3',
  /** Standing body height. */
  bodyHeightStanding: '8308-9',
  bodyTemperature: '8310-5',
  bloodPressure: '85354-9',
  systolic: '8480-6',
  diastolic: '8462-4',
  heartRate: '8867-4',
  respiratoryRate: '9279-1',
  oxygenSaturation: '2708-6',
  headCircumference: '9843-4',
  muac: '56072-2',
  pregnancyStatus: '82810-3',
  estimatedDeliveryDate: '11778-8',
  gestationalAge: '49051-6',
  lastMenstrualPeriod: '8665-2',
} as const;

/** LOINC answer codes of 82810-3 (pregnancy status). */
export const PREGNANCY_ANSWERS = { pregnant: 'LA15173-0', notPregnant: 'LA26683-5' } as const;

export function hasCoding(concept: CodeableConcept | undefined, system: string, code: string): boolean {
  return (concept?.coding ?? []).some((c) => c.system === system && c.code === code);
}

export function codingOf(concept: CodeableConcept | undefined, system: string): Coding | undefined {
  return (concept?.coding ?? []).find((c) => c.system === system);
}

/** What a person reads for a concept: its text, else the first coding's display, else its code. */
export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  if (concept === undefined) return undefined;
  if (concept.text !== undefined && concept.text !== '') return concept.text;
  const coding = concept.coding?.find((c) => c.display !== undefined) ?? concept.coding?.[0];
  return coding?.display ?? coding?.code;
}

/** The id in "Type/id" when the reference points at that type. */
export function referencedId(reference: Reference | undefined, resourceType: string): string | undefined {
  const value = reference?.reference;
  if (value === undefined) return undefined;
  const [type, id] = value.split('/');
  return type === resourceType && id !== undefined && id !== '' ? id : undefined;
}
