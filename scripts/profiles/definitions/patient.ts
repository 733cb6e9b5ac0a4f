import { CUI_SYSTEM } from '../../../src-core/fhir/canonical';
import {
  CEIBA_EXTENSION,
  CEIBA_PROFILE,
  CEIBA_VALUE_SET,
  CUI_INVARIANT_KEY,
  HL7_EXTENSION,
} from '../../../src-core/fhir/profiles/ceiba-urls';
import {
  bind,
  el,
  extensionSlice,
  extensionSlicing,
  hl7,
  invariant,
  required,
  slice,
  valueSlicing,
  type ProfileSpec,
} from '../dsl';

const V3_ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

/** The CUI identifier slice, shared by Patient and Practitioner. */
export function cuiSlice(resource: string): ReturnType<typeof el>[] {
  return [
    valueSlicing(`${resource}.identifier`, 'value', 'system'),
    slice(`${resource}.identifier`, 'cui', {
      min: 0,
      max: '1',
      mustSupport: true,
      short: 'CUI (DPI) o CUI de la partida de nacimiento',
      definition:
        'Código Único de Identificación assigned by RENAP. 13 digits: 8-digit serial, check digit, 2-digit department and 2-digit municipality of registration.',
      constraint: [
        invariant(
          CUI_INVARIANT_KEY,
          'El CUI tiene 13 dígitos (the check digit and the department/municipality are verified by the Ceiba validator)',
          "value.matches('^[0-9]{13}$')",
        ),
      ],
    }),
    el(`${resource}.identifier:cui.system`, { min: 1, fixedUri: CUI_SYSTEM }),
    el(`${resource}.identifier:cui.value`, { min: 1 }),
  ];
}

/** Address parts bound to the INE codes: state = departamento, district = municipio. */
export function guatemalanAddress(resource: string): ReturnType<typeof el>[] {
  return [
    el(`${resource}.address`, {
      constraint: [
        invariant(
          'gt-dir-1',
          'El municipio (district) pertenece al departamento (state)',
          '(state.exists() and district.exists()) implies district.substring(0, 2) = state',
        ),
      ],
    }),
    el(`${resource}.address.city`, { short: 'Lugar poblado (aldea, caserío, colonia), texto libre' }),
    el(`${resource}.address.district`, {
      short: 'Municipio: código INE de 4 dígitos',
      mustSupport: true,
      binding: bind('required', CEIBA_VALUE_SET.municipio, 'INE municipality code'),
    }),
    el(`${resource}.address.state`, {
      short: 'Departamento: código INE de 2 dígitos',
      mustSupport: true,
      binding: bind('required', CEIBA_VALUE_SET.departamento, 'INE department code'),
    }),
  ];
}

export const patientProfile: ProfileSpec = {
  id: 'ceiba-patient',
  url: CEIBA_PROFILE.patient,
  name: 'CeibaPatient',
  title: 'Paciente (Ceiba)',
  description:
    'A person registered at a health post. The CUI identifies adults and registered children; names follow the Spanish two-surname convention using the HL7 humanname-mothers-family extension; address parts carry INE department and municipality codes.',
  kind: 'resource',
  type: 'Patient',
  baseDefinition: hl7('Patient'),
  elements: [
    extensionSlicing('Patient.extension'),
    extensionSlice('Patient.extension', 'pueblo', CEIBA_EXTENSION.pueblo, {
      mustSupport: true,
      short: 'Pueblo de pertenencia (autoidentificación)',
    }),
    ...cuiSlice('Patient'),
    required('Patient.name'),
    required('Patient.name.family', {
      short: 'Primer apellido (o ambos, separados por un espacio)',
      comment:
        'HumanName.family holds the surname(s) as written. The second (maternal) surname is also given in the HL7 extension humanname-mothers-family on family, so it can be searched and printed apart.',
    }),
    extensionSlicing('Patient.name.family.extension'),
    extensionSlice('Patient.name.family.extension', 'apellidoMaterno', HL7_EXTENSION.mothersFamily, {
      mustSupport: true,
      short: 'Segundo apellido (materno)',
    }),
    required('Patient.name.given', { short: 'Nombres' }),
    required('Patient.gender'),
    required('Patient.birthDate'),
    ...guatemalanAddress('Patient'),
    valueSlicing('Patient.contact', 'pattern', 'relationship'),
    slice('Patient.contact', 'madre', {
      min: 0,
      max: '1',
      mustSupport: true,
      short: 'Madre (para recién nacidos y lactantes)',
      definition:
        "The patient's mother, recorded for infants who have no CUI yet. Not patient-mothersMaidenName, which is the mother's maiden surname used to verify identity.",
    }),
    el('Patient.contact:madre.relationship', {
      min: 1,
      patternCodeableConcept: { coding: [{ system: V3_ROLE_CODE, code: 'MTH' }] },
    }),
    el('Patient.contact:madre.name', { min: 1 }),
    el('Patient.contact:madre.name.family', { min: 1 }),
    el('Patient.communication.language', {
      binding: bind('extensible', CEIBA_VALUE_SET.idioma, 'Languages spoken in Guatemala (BCP-47)'),
    }),
  ],
  keyConstraints: [
    'identifier:cui 0..1 (system CUI, value 13 digits; invariant cui-1, check digit verified by the Ceiba validator)',
    'name 1..*, name.family 1..1, name.given 1..*; second surname in extension humanname-mothers-family',
    'gender 1..1, birthDate 1..1',
    'extension:pueblo 0..1 (valueCoding, required binding to pueblo-gt)',
    'address.state = department code (required, departamento-gt); address.district = municipality code (required, municipio-gt); gt-dir-1',
    'communication.language extensible binding to idioma-gt',
    "contact:madre 0..1 (relationship v3-RoleCode MTH, name.family 1..1)",
  ],
};
