import { CEIBA_PROFILE, CEIBA_VALUE_SET } from '../../../src-core/fhir/profiles/ceiba-urls';
import { bind, el, hl7, invariant, reference, required, type ProfileSpec } from '../dsl';

const V3_ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

export const encounterProfile: ProfileSpec = {
  id: 'ceiba-encounter',
  url: CEIBA_PROFILE.encounter,
  name: 'CeibaEncounter',
  title: 'Atención (Ceiba)',
  description: 'A consultation at a health post (class AMB) or a live teleconsultation call (class VR).',
  kind: 'resource',
  type: 'Encounter',
  baseDefinition: hl7('Encounter'),
  elements: [
    el('Encounter.class', {
      constraint: [
        invariant(
          'gt-enc-1',
          'La clase de atención es AMB (ambulatoria) o VR (virtual)',
          `system = '${V3_ACT_CODE}' and (code = 'AMB' or code = 'VR')`,
        ),
      ],
    }),
    required('Encounter.subject', { type: reference(CEIBA_PROFILE.patient) }),
    required('Encounter.period'),
    required('Encounter.period.start'),
    required('Encounter.serviceProvider', { type: reference(CEIBA_PROFILE.organization) }),
    el('Encounter.reasonCode', {
      mustSupport: true,
      binding: bind('extensible', CEIBA_VALUE_SET.motivoConsulta, 'Reasons for consultation'),
    }),
    el('Encounter.participant', { mustSupport: true }),
  ],
  keyConstraints: [
    'class v3-ActCode AMB or VR (gt-enc-1)',
    'subject 1..1 (ceiba-patient), period.start 1..1, serviceProvider 1..1 (ceiba-organization)',
    'reasonCode extensible binding to motivo-consulta',
  ],
};
