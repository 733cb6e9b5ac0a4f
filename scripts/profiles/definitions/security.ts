// Who did what: access audit and the provenance of records created offline.
import { CEIBA_PROFILE } from '../../../src-core/fhir/profiles/ceiba-urls';
import { el, hl7, reference, required, type ProfileSpec } from '../dsl';

export const auditEventProfile: ProfileSpec = {
  id: 'ceiba-audit-event',
  url: CEIBA_PROFILE.auditEvent,
  name: 'CeibaAuditEvent',
  title: 'Evento de auditoría (Ceiba)',
  description: 'A record of access to patient data on a shared health-post PC (login, read, print, export).',
  kind: 'resource',
  type: 'AuditEvent',
  baseDefinition: hl7('AuditEvent'),
  elements: [
    required('AuditEvent.action'),
    required('AuditEvent.outcome'),
    required('AuditEvent.agent.who', { type: reference(CEIBA_PROFILE.practitioner, CEIBA_PROFILE.practitionerRole, hl7('Device')) }),
    required('AuditEvent.source.site', { short: 'Código del establecimiento (puesto de salud)' }),
    el('AuditEvent.entity.what', { min: 1 }),
  ],
  keyConstraints: ['action 1..1, outcome 1..1', 'agent.who 1..1 (practitioner, role or device)', 'source.site 1..1 (establishment code)', 'entity.what 1..1'],
};

export const provenanceProfile: ProfileSpec = {
  id: 'ceiba-provenance',
  url: CEIBA_PROFILE.provenance,
  name: 'CeibaProvenance',
  title: 'Procedencia (Ceiba)',
  description: 'Who created or changed records, where, and when — kept for records made offline and synchronised later.',
  kind: 'resource',
  type: 'Provenance',
  baseDefinition: hl7('Provenance'),
  elements: [
    required('Provenance.location', { type: reference(CEIBA_PROFILE.location) }),
    required('Provenance.activity'),
    el('Provenance.agent.who', { type: reference(CEIBA_PROFILE.practitioner, CEIBA_PROFILE.practitionerRole, hl7('Device')) }),
    el('Provenance.agent.onBehalfOf', { mustSupport: true, type: reference(CEIBA_PROFILE.organization) }),
  ],
  keyConstraints: ['location 1..1 (ceiba-location), activity 1..1', 'agent.who practitioner, role or device; onBehalfOf the establishment'],
};
