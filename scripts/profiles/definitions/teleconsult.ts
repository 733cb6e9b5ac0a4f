// Referral and asynchronous teleconsultation (DESIGN §6): the request, its coordination Task,
// the messages exchanged and the clinical photos.
import type { ElementDefinition } from '@medplum/fhirtypes';
import { CEIBA_CODE_SYSTEM, CEIBA_PROFILE, CEIBA_VALUE_SET } from '../../../src-core/fhir/profiles/ceiba-urls';
import { bind, el, hl7, invariant, reference, required, slice, valueSlicing, type ProfileSpec } from '../dsl';

const TASK_CODE = 'http://hl7.org/fhir/CodeSystem/task-code';

function requestCategory(code: 'referencia' | 'teleconsulta'): ElementDefinition[] {
  return [
    valueSlicing('ServiceRequest.category', 'pattern', '$this'),
    slice('ServiceRequest.category', 'tipo', {
      min: 1,
      max: '1',
      patternCodeableConcept: { coding: [{ system: CEIBA_CODE_SYSTEM.tipoSolicitud, code }] },
      binding: bind('required', CEIBA_VALUE_SET.tipoSolicitud, 'Kinds of Ceiba service requests'),
    }),
  ];
}

const requestCommon: ElementDefinition[] = [
  required('ServiceRequest.subject', { type: reference(CEIBA_PROFILE.patient) }),
  el('ServiceRequest.encounter', { mustSupport: true, type: reference(CEIBA_PROFILE.encounter) }),
  required('ServiceRequest.authoredOn'),
  required('ServiceRequest.requester', { type: reference(CEIBA_PROFILE.practitioner, CEIBA_PROFILE.practitionerRole) }),
];

export const referralProfile: ProfileSpec = {
  id: 'ceiba-referral',
  url: CEIBA_PROFILE.referral,
  name: 'CeibaReferral',
  title: 'Referencia (Ceiba)',
  description: 'A referral of a patient from a health post to a higher-level establishment (health centre or hospital).',
  kind: 'resource',
  type: 'ServiceRequest',
  baseDefinition: hl7('ServiceRequest'),
  elements: [
    el('ServiceRequest.intent', { fixedCode: 'order' }),
    ...requestCategory('referencia'),
    ...requestCommon,
    required('ServiceRequest.performer', { type: reference(CEIBA_PROFILE.organization, CEIBA_PROFILE.practitionerRole) }),
    required('ServiceRequest.reasonCode', { binding: bind('extensible', CEIBA_VALUE_SET.cie10, 'Reason as CIE-10') }),
  ],
  keyConstraints: [
    'category:tipo 1..1 = tipo-solicitud#referencia; intent = order',
    'subject 1..1 (ceiba-patient), authoredOn 1..1, requester 1..1',
    'performer 1..* (receiving establishment), reasonCode 1..* (extensible cie10-es)',
  ],
};

export const teleconsultRequestProfile: ProfileSpec = {
  id: 'ceiba-teleconsult-request',
  url: CEIBA_PROFILE.teleconsultRequest,
  name: 'CeibaTeleconsultRequest',
  title: 'Solicitud de teleconsulta (Ceiba)',
  description: 'The clinical question a health post asks a specialist, answered asynchronously or in a live call.',
  kind: 'resource',
  type: 'ServiceRequest',
  baseDefinition: hl7('ServiceRequest'),
  elements: [
    el('ServiceRequest.intent', { fixedCode: 'order' }),
    ...requestCategory('teleconsulta'),
    required('ServiceRequest.priority'),
    ...requestCommon,
    required('ServiceRequest.performerType', { short: 'Especialidad solicitada' }),
    required('ServiceRequest.note', { short: 'Pregunta clínica' }),
  ],
  keyConstraints: [
    'category:tipo 1..1 = tipo-solicitud#teleconsulta; intent = order; priority 1..1',
    'subject 1..1 (ceiba-patient), authoredOn 1..1, requester 1..1',
    'performerType 1..1 (specialty asked for), note 1..* (the clinical question)',
  ],
};

export const teleconsultTaskProfile: ProfileSpec = {
  id: 'ceiba-teleconsult-task',
  url: CEIBA_PROFILE.teleconsultTask,
  name: 'CeibaTeleconsultTask',
  title: 'Coordinación de teleconsulta (Ceiba)',
  description: 'The Task that tracks a teleconsultation request: its status, the specialist or service that owns it, and the call room (the Task id).',
  kind: 'resource',
  type: 'Task',
  baseDefinition: hl7('Task'),
  elements: [
    el('Task.intent', { fixedCode: 'order' }),
    required('Task.code', { patternCodeableConcept: { coding: [{ system: TASK_CODE, code: 'fulfill' }] } }),
    required('Task.focus', { type: reference(CEIBA_PROFILE.teleconsultRequest) }),
    required('Task.for', { type: reference(CEIBA_PROFILE.patient) }),
    required('Task.authoredOn'),
    required('Task.requester', { type: reference(CEIBA_PROFILE.practitioner, CEIBA_PROFILE.practitionerRole, CEIBA_PROFILE.organization) }),
    el('Task.owner', { mustSupport: true, type: reference(CEIBA_PROFILE.practitioner, CEIBA_PROFILE.practitionerRole, CEIBA_PROFILE.organization) }),
  ],
  keyConstraints: [
    'code = task-code#fulfill; intent = order',
    'focus 1..1 (ceiba-teleconsult-request), for 1..1 (ceiba-patient), authoredOn 1..1, requester 1..1',
    'owner: the specialist, role or service handling it',
  ],
};

export const communicationProfile: ProfileSpec = {
  id: 'ceiba-communication',
  url: CEIBA_PROFILE.communication,
  name: 'CeibaCommunication',
  title: 'Mensaje de teleconsulta (Ceiba)',
  description: 'A message in a teleconsultation: the nurse’s details or photos, or the specialist’s answer.',
  kind: 'resource',
  type: 'Communication',
  baseDefinition: hl7('Communication'),
  elements: [
    required('Communication.basedOn', { type: reference(CEIBA_PROFILE.teleconsultRequest, CEIBA_PROFILE.referral) }),
    el('Communication.partOf', { mustSupport: true, type: reference(CEIBA_PROFILE.teleconsultTask) }),
    required('Communication.subject', { type: reference(CEIBA_PROFILE.patient) }),
    required('Communication.sent'),
    required('Communication.sender', { type: reference(CEIBA_PROFILE.practitioner, CEIBA_PROFILE.practitionerRole) }),
    required('Communication.payload'),
  ],
  keyConstraints: ['basedOn 1..* (the request), subject 1..1, sent 1..1, sender 1..1, payload 1..*'],
};

export const mediaProfile: ProfileSpec = {
  id: 'ceiba-media',
  url: CEIBA_PROFILE.media,
  name: 'CeibaMedia',
  title: 'Fotografía clínica (Ceiba)',
  description: 'A clinical photo (or other capture) taken at a health post for a teleconsultation.',
  kind: 'resource',
  type: 'Media',
  baseDefinition: hl7('Media'),
  elements: [
    el('Media.basedOn', { mustSupport: true, type: reference(CEIBA_PROFILE.teleconsultRequest, CEIBA_PROFILE.referral) }),
    required('Media.subject', { type: reference(CEIBA_PROFILE.patient) }),
    el('Media.encounter', { mustSupport: true, type: reference(CEIBA_PROFILE.encounter) }),
    required('Media.created[x]', { type: [{ code: 'dateTime' }] }),
    el('Media.content', {
      constraint: [invariant('gt-med-1', 'La imagen tiene datos o una URL', 'data.exists() or url.exists()')],
    }),
    required('Media.content.contentType'),
  ],
  keyConstraints: ['subject 1..1 (ceiba-patient), createdDateTime 1..1', 'content.contentType 1..1; data or url (gt-med-1)'],
};
