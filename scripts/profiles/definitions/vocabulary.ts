// Small vocabularies that exist only because a profile binds to them (establishment types,
// health-worker roles, kinds of request). National terminologies (departments, municipalities,
// languages, pueblos, CIE-10, vaccines, reasons) are published in fhir-profiles/terminology/.
import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { CEIBA_CODE_SYSTEM, CEIBA_VALUE_SET } from '../../../src-core/fhir/profiles/ceiba-urls';
import type { VocabularySpec } from '../dsl';

interface Concept {
  readonly code: string;
  readonly display: string;
  readonly definition: string;
}

function vocabulary(id: string, system: string, valueSet: string, title: string, description: string, concepts: Concept[]): VocabularySpec {
  const codeSystem: CodeSystem = {
    resourceType: 'CodeSystem',
    id,
    url: system,
    name: id
      .split('-')
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
      .join(''),
    title,
    status: 'draft',
    description,
    caseSensitive: true,
    content: 'complete',
    count: concepts.length,
    concept: concepts.map((c) => ({ code: c.code, display: c.display, definition: c.definition })),
  };
  const vs: ValueSet = {
    resourceType: 'ValueSet',
    id,
    url: valueSet,
    name: codeSystem.name ?? id,
    title,
    status: 'draft',
    description: `All codes of the ${title} code system.`,
    compose: { include: [{ system }] },
  };
  return { codeSystem, valueSet: vs };
}

export const vocabularies: VocabularySpec[] = [
  vocabulary('tipo-establecimiento', CEIBA_CODE_SYSTEM.tipoEstablecimiento, CEIBA_VALUE_SET.tipoEstablecimiento, 'Tipo de establecimiento', 'MSPAS establishment types and administrative levels of the health-service network.', [
    { code: 'puesto-salud', display: 'Puesto de Salud', definition: 'First-level establishment in a rural community, staffed by auxiliary nurses.' },
    { code: 'centro-comunitario', display: 'Centro Comunitario de Salud', definition: 'Community health point served by visiting staff.' },
    { code: 'centro-salud', display: 'Centro de Salud', definition: 'Second-level establishment with physicians, usually at the municipal seat.' },
    { code: 'hospital', display: 'Hospital', definition: 'District, departmental, regional or national hospital.' },
    { code: 'distrito', display: 'Distrito Municipal de Salud', definition: 'Administrative level grouping the health posts and centres of a municipality.' },
    { code: 'area', display: 'Dirección de Área de Salud', definition: 'Administrative level of a department (DAS / DDRISS).' },
    { code: 'central', display: 'Nivel central MSPAS', definition: 'The Ministry of Public Health and Social Assistance, central level.' },
  ]),
  vocabulary('rol-personal-salud', CEIBA_CODE_SYSTEM.rolPersonal, CEIBA_VALUE_SET.rolPersonal, 'Rol del personal de salud', 'Roles of the health workers who use Ceiba.', [
    { code: 'auxiliar-enfermeria', display: 'Auxiliar de enfermería', definition: 'Auxiliary nurse, usually the only clinical staff at a health post.' },
    { code: 'enfermera-profesional', display: 'Enfermera/o profesional', definition: 'Registered nurse.' },
    { code: 'tecnico-salud-rural', display: 'Técnico en salud rural', definition: 'Rural health technician.' },
    { code: 'medico-general', display: 'Médico general', definition: 'General physician.' },
    { code: 'medico-especialista', display: 'Médico especialista', definition: 'Specialist physician; PractitionerRole.specialty says which.' },
  ]),
  vocabulary('tipo-solicitud', CEIBA_CODE_SYSTEM.tipoSolicitud, CEIBA_VALUE_SET.tipoSolicitud, 'Tipo de solicitud', 'Kinds of service request made from a health post.', [
    { code: 'referencia', display: 'Referencia', definition: 'Referral of the patient to another establishment.' },
    { code: 'teleconsulta', display: 'Teleconsulta', definition: 'A question to a specialist, answered remotely.' },
  ]),
];
