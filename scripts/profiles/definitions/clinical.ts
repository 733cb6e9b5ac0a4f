// Clinical records made during a consultation: diagnoses (CIE-10), vaccines and prescriptions.
import { ICD10_SYSTEM } from '../../../src-core/fhir/canonical';
import { CEIBA_PROFILE, CEIBA_VALUE_SET } from '../../../src-core/fhir/profiles/ceiba-urls';
import { bind, el, hl7, invariant, reference, required, slice, valueSlicing, type ProfileSpec } from '../dsl';

export const conditionProfile: ProfileSpec = {
  id: 'ceiba-condition',
  url: CEIBA_PROFILE.condition,
  name: 'CeibaCondition',
  title: 'Diagnóstico CIE-10 (Ceiba)',
  description: 'A diagnosis made at a health post, coded in CIE-10 (ICD-10, Spanish edition) as MSPAS reports require.',
  kind: 'resource',
  type: 'Condition',
  baseDefinition: hl7('Condition'),
  elements: [
    required('Condition.code'),
    valueSlicing('Condition.code.coding', 'value', 'system'),
    slice('Condition.code.coding', 'cie10', {
      min: 1,
      max: '1',
      mustSupport: true,
      short: 'Código CIE-10',
      binding: bind('required', CEIBA_VALUE_SET.cie10, 'CIE-10 codes (dotted, e.g. J18.9)'),
    }),
    el('Condition.code.coding:cie10.system', { min: 1, fixedUri: ICD10_SYSTEM }),
    el('Condition.code.coding:cie10.code', { min: 1 }),
    required('Condition.subject', { type: reference(CEIBA_PROFILE.patient) }),
    el('Condition.encounter', { mustSupport: true, type: reference(CEIBA_PROFILE.encounter) }),
    required('Condition.recordedDate'),
  ],
  keyConstraints: [
    'code.coding:cie10 1..1 (system http://hl7.org/fhir/sid/icd-10, required binding to cie10-es)',
    'subject 1..1 (ceiba-patient), recordedDate 1..1',
  ],
};

export const immunizationProfile: ProfileSpec = {
  id: 'ceiba-immunization',
  url: CEIBA_PROFILE.immunization,
  name: 'CeibaImmunization',
  title: 'Vacunación (Ceiba)',
  description: 'A vaccine dose given (or recorded as given) under the national immunization schedule.',
  kind: 'resource',
  type: 'Immunization',
  baseDefinition: hl7('Immunization'),
  elements: [
    el('Immunization.vaccineCode', { binding: bind('required', CEIBA_VALUE_SET.vacuna, 'Vaccines of the national schedule') }),
    el('Immunization.patient', { type: reference(CEIBA_PROFILE.patient) }),
    el('Immunization.encounter', { mustSupport: true, type: reference(CEIBA_PROFILE.encounter) }),
    el('Immunization.occurrence[x]', { type: [{ code: 'dateTime' }] }),
    el('Immunization.lotNumber', { mustSupport: true }),
    el('Immunization.protocolApplied', { mustSupport: true }),
    el('Immunization.protocolApplied.doseNumber[x]', { mustSupport: true }),
  ],
  keyConstraints: ['vaccineCode required binding to vacuna-gt', 'patient ceiba-patient, occurrenceDateTime', 'lotNumber, protocolApplied.doseNumber must be supported'],
};

export const medicationRequestProfile: ProfileSpec = {
  id: 'ceiba-medication-request',
  url: CEIBA_PROFILE.medicationRequest,
  name: 'CeibaMedicationRequest',
  title: 'Receta (Ceiba)',
  description: 'A prescription written at a health post or by a specialist in a teleconsultation; printed as part of the legal record.',
  kind: 'resource',
  type: 'MedicationRequest',
  baseDefinition: hl7('MedicationRequest'),
  elements: [
    el('MedicationRequest.medication[x]', {
      type: [{ code: 'CodeableConcept' }],
      constraint: [invariant('gt-rx-1', 'El medicamento tiene un código o un texto', 'coding.exists() or text.exists()')],
    }),
    el('MedicationRequest.subject', { type: reference(CEIBA_PROFILE.patient) }),
    el('MedicationRequest.encounter', { mustSupport: true, type: reference(CEIBA_PROFILE.encounter) }),
    required('MedicationRequest.authoredOn'),
    required('MedicationRequest.requester', { type: reference(CEIBA_PROFILE.practitioner, CEIBA_PROFILE.practitionerRole) }),
    required('MedicationRequest.dosageInstruction'),
    required('MedicationRequest.dosageInstruction.text', { short: 'Indicaciones tal como se imprimen' }),
  ],
  keyConstraints: [
    'medicationCodeableConcept only, with coding or text (gt-rx-1)',
    'subject ceiba-patient, authoredOn 1..1, requester 1..1',
    'dosageInstruction 1..*, each with text (printed)',
  ],
};
