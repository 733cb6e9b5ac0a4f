// Canonical URLs of everything the Ceiba profiles define or bind to, derived from canonical.ts so
// the base is written once. Profile and extension code refers to these names, never to literals.
import { codeSystemUrl, extensionUrl, profileUrl, valueSetUrl } from '../canonical';

export const CEIBA_PROFILE = {
  patient: profileUrl('ceiba-patient'),
  practitioner: profileUrl('ceiba-practitioner'),
  practitionerRole: profileUrl('ceiba-practitioner-role'),
  organization: profileUrl('ceiba-organization'),
  location: profileUrl('ceiba-location'),
  encounter: profileUrl('ceiba-encounter'),
  bodyWeight: profileUrl('ceiba-bodyweight'),
  bodyHeight: profileUrl('ceiba-bodyheight'),
  bodyTemperature: profileUrl('ceiba-bodytemp'),
  heartRate: profileUrl('ceiba-heartrate'),
  respiratoryRate: profileUrl('ceiba-resprate'),
  bloodPressure: profileUrl('ceiba-bp'),
  oxygenSaturation: profileUrl('ceiba-oxygensat'),
  headCircumference: profileUrl('ceiba-headcircum'),
  armCircumference: profileUrl('ceiba-muac'),
  condition: profileUrl('ceiba-condition'),
  immunization: profileUrl('ceiba-immunization'),
  medicationRequest: profileUrl('ceiba-medication-request'),
  referral: profileUrl('ceiba-referral'),
  teleconsultRequest: profileUrl('ceiba-teleconsult-request'),
  teleconsultTask: profileUrl('ceiba-teleconsult-task'),
  communication: profileUrl('ceiba-communication'),
  media: profileUrl('ceiba-media'),
  auditEvent: profileUrl('ceiba-audit-event'),
  provenance: profileUrl('ceiba-provenance'),
} as const;

export const CEIBA_EXTENSION = {
  pueblo: extensionUrl('pueblo'),
} as const;

/** HL7 extensions the profiles reuse instead of defining their own. */
export const HL7_EXTENSION = {
  mothersFamily: 'http://hl7.org/fhir/StructureDefinition/humanname-mothers-family',
  fathersFamily: 'http://hl7.org/fhir/StructureDefinition/humanname-fathers-family',
} as const;

/** ValueSets published by the terminology work (fhir-profiles/terminology/). */
export const CEIBA_VALUE_SET = {
  departamento: valueSetUrl('departamento-gt'),
  municipio: valueSetUrl('municipio-gt'),
  idioma: valueSetUrl('idioma-gt'),
  pueblo: valueSetUrl('pueblo-gt'),
  cie10: valueSetUrl('cie10-es'),
  vacuna: valueSetUrl('vacuna-gt'),
  motivoConsulta: valueSetUrl('motivo-consulta'),
  // Small vocabularies owned by the profiles themselves (fhir-profiles/vocabulary/).
  tipoEstablecimiento: valueSetUrl('tipo-establecimiento'),
  rolPersonal: valueSetUrl('rol-personal-salud'),
  tipoSolicitud: valueSetUrl('tipo-solicitud'),
} as const;

export const CEIBA_CODE_SYSTEM = {
  departamento: codeSystemUrl('departamento-gt'),
  municipio: codeSystemUrl('municipio-gt'),
  pueblo: codeSystemUrl('pueblo-gt'),
  vacuna: codeSystemUrl('vacuna-gt'),
  motivoConsulta: codeSystemUrl('motivo-consulta'),
  tipoEstablecimiento: codeSystemUrl('tipo-establecimiento'),
  rolPersonal: codeSystemUrl('rol-personal-salud'),
  tipoSolicitud: codeSystemUrl('tipo-solicitud'),
} as const;

/** Invariant keys evaluated in TypeScript by the validator in addition to their FHIRPath. */
export const CUI_INVARIANT_KEY = 'cui-1';
