// Extensions Ceiba defines. Everything else reuses HL7 extensions (see patient.ts).
import { CEIBA_EXTENSION, CEIBA_VALUE_SET } from '../../../src-core/fhir/profiles/ceiba-urls';
import { bind, el, hl7, type ProfileSpec } from '../dsl';

export const puebloExtension: ProfileSpec = {
  id: 'pueblo',
  url: CEIBA_EXTENSION.pueblo,
  name: 'Pueblo',
  title: 'Pueblo de pertenencia',
  description:
    'The people (pueblo) the patient self-identifies with, as recorded by MSPAS; codes from the pueblo-gt CodeSystem.',
  kind: 'complex-type',
  type: 'Extension',
  baseDefinition: hl7('Extension'),
  context: [{ type: 'element', expression: 'Patient' }],
  elements: [
    el('Extension', { short: 'Pueblo de pertenencia', definition: 'The people the patient identifies with, as asked and recorded by MSPAS.' }),
    el('Extension.extension', { max: '0' }),
    el('Extension.url', { fixedUri: CEIBA_EXTENSION.pueblo }),
    el('Extension.value[x]', {
      min: 1,
      type: [{ code: 'Coding' }],
      binding: bind('required', CEIBA_VALUE_SET.pueblo, 'Pueblos of Guatemala'),
    }),
  ],
  keyConstraints: ['valueCoding 1..1, required binding to pueblo-gt'],
};
