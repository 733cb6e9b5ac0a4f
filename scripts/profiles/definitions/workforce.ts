// Who works where: practitioners, their roles, the MSPAS establishment hierarchy and locations.
import { HEALTH_POST_CODE_SYSTEM } from '../../../src-core/fhir/canonical';
import { CEIBA_CODE_SYSTEM, CEIBA_PROFILE, CEIBA_VALUE_SET } from '../../../src-core/fhir/profiles/ceiba-urls';
import { bind, el, hl7, invariant, reference, required, slice, valueSlicing, type ProfileSpec } from '../dsl';
import { cuiSlice, guatemalanAddress } from './patient';

export const practitionerProfile: ProfileSpec = {
  id: 'ceiba-practitioner',
  url: CEIBA_PROFILE.practitioner,
  name: 'CeibaPractitioner',
  title: 'Personal de salud (Ceiba)',
  description: 'A health worker who records or answers care in Ceiba: auxiliary nurse, nurse, physician or specialist.',
  kind: 'resource',
  type: 'Practitioner',
  baseDefinition: hl7('Practitioner'),
  elements: [
    ...cuiSlice('Practitioner'),
    required('Practitioner.name'),
    required('Practitioner.name.family'),
    required('Practitioner.name.given'),
    el('Practitioner.active', { mustSupport: true }),
  ],
  keyConstraints: ['identifier:cui 0..1 (as in ceiba-patient, cui-1)', 'name 1..*, name.family 1..1, name.given 1..*'],
};

export const practitionerRoleProfile: ProfileSpec = {
  id: 'ceiba-practitioner-role',
  url: CEIBA_PROFILE.practitionerRole,
  name: 'CeibaPractitionerRole',
  title: 'Rol del personal de salud (Ceiba)',
  description:
    'The role a health worker holds at an establishment: auxiliary nurse, professional nurse, general physician or specialist (with the specialty).',
  kind: 'resource',
  type: 'PractitionerRole',
  baseDefinition: hl7('PractitionerRole'),
  elements: [
    el('PractitionerRole', {
      constraint: [
        invariant(
          'gt-rol-1',
          'Un especialista indica su especialidad',
          `code.coding.where(system = '${CEIBA_CODE_SYSTEM.rolPersonal}' and code = 'medico-especialista').exists() implies specialty.exists()`,
        ),
      ],
    }),
    required('PractitionerRole.practitioner', { type: reference(CEIBA_PROFILE.practitioner) }),
    required('PractitionerRole.organization', { type: reference(CEIBA_PROFILE.organization) }),
    required('PractitionerRole.code', {
      max: '1',
      binding: bind('required', CEIBA_VALUE_SET.rolPersonal, 'Health-worker roles used by MSPAS'),
    }),
    el('PractitionerRole.specialty', { mustSupport: true }),
  ],
  keyConstraints: [
    'practitioner 1..1 and organization 1..1',
    'code 1..1, required binding to rol-personal-salud',
    'gt-rol-1: a specialist states the specialty',
  ],
};

export const organizationProfile: ProfileSpec = {
  id: 'ceiba-organization',
  url: CEIBA_PROFILE.organization,
  name: 'CeibaOrganization',
  title: 'Establecimiento o dependencia del MSPAS (Ceiba)',
  description:
    'An MSPAS establishment (health post, health centre, hospital) or administrative level (district, area, central). partOf links each one to the level above, so a health post points to its district.',
  kind: 'resource',
  type: 'Organization',
  baseDefinition: hl7('Organization'),
  elements: [
    el('Organization', {
      constraint: [
        invariant(
          'gt-org-1',
          'Puestos y centros de salud y distritos pertenecen a un nivel superior (partOf)',
          `type.coding.where(system = '${CEIBA_CODE_SYSTEM.tipoEstablecimiento}' and (code = 'puesto-salud' or code = 'centro-salud' or code = 'distrito')).exists() implies partOf.exists()`,
        ),
      ],
    }),
    valueSlicing('Organization.identifier', 'value', 'system'),
    slice('Organization.identifier', 'codigo', { min: 0, max: '1', mustSupport: true, short: 'Código de establecimiento MSPAS' }),
    el('Organization.identifier:codigo.system', { min: 1, fixedUri: HEALTH_POST_CODE_SYSTEM }),
    el('Organization.identifier:codigo.value', { min: 1 }),
    required('Organization.type', {
      max: '1',
      binding: bind('required', CEIBA_VALUE_SET.tipoEstablecimiento, 'MSPAS establishment types and levels'),
    }),
    required('Organization.name'),
    el('Organization.partOf', { mustSupport: true, type: reference(CEIBA_PROFILE.organization) }),
    ...guatemalanAddress('Organization'),
  ],
  keyConstraints: [
    'type 1..1, required binding to tipo-establecimiento (puesto, centro, hospital, distrito, área, central)',
    'name 1..1; identifier:codigo 0..1 with the MSPAS establishment code system',
    'gt-org-1: health posts, health centres and districts have partOf (the district hierarchy)',
    'address.state/district bound to departamento-gt/municipio-gt',
  ],
};

export const locationProfile: ProfileSpec = {
  id: 'ceiba-location',
  url: CEIBA_PROFILE.location,
  name: 'CeibaLocation',
  title: 'Ubicación (Ceiba)',
  description: 'A place where care is given (the health post building, a community visit point), managed by an MSPAS establishment.',
  kind: 'resource',
  type: 'Location',
  baseDefinition: hl7('Location'),
  elements: [
    required('Location.name'),
    el('Location.status', { mustSupport: true }),
    required('Location.managingOrganization', { type: reference(CEIBA_PROFILE.organization) }),
    el('Location.position', { mustSupport: true }),
    ...guatemalanAddress('Location'),
  ],
  keyConstraints: ['name 1..1; managingOrganization 1..1 (ceiba-organization)', 'address.state/district bound to departamento-gt/municipio-gt'],
};
