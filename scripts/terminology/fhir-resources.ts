// FHIR R4 CodeSystem, ValueSet and ConceptMap resources built from the terminology tables.
// Canonical URLs come from src-core/fhir/canonical.ts only; the profiles bind to these ValueSets.
import type { CodeSystem, CodeSystemConcept, ConceptMap, ValueSet, ValueSetComposeIncludeConcept } from '@medplum/fhirtypes';
import { CEIBA_CANONICAL_BASE, ICD10_SYSTEM, codeSystemUrl, valueSetUrl } from '../../src-core/fhir/canonical';
import type {
  Cie10Row,
  ConsultationReasons,
  Department,
  Language,
  Municipality,
  Pueblo,
  VaccineSchedule,
} from '../../src-core/fhir/terminology/table-types';
import { CURATED_PUEBLOS } from './curated-pueblos';

/** Version of the terminology resources; bump when a table's content changes meaning. */
export const TERMINOLOGY_VERSION = '0.1.0';
export const BCP47_SYSTEM = 'urn:ietf:bcp:47';
export const CVX_SYSTEM = 'http://hl7.org/fhir/sid/cvx';
const PUBLISHER = 'Proyecto Ceiba';
const JURISDICTION_GT = [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'GT', display: 'Guatemala' }] }];

interface Meta {
  /** id and last URL segment, e.g. 'municipio-gt'. */
  readonly id: string;
  /** Computer-friendly name (FHIR invariant csd-0/vsd-0), e.g. 'MunicipioGT'. */
  readonly name: string;
  /** Spanish title. */
  readonly title: string;
  readonly description: string;
  readonly status?: 'draft' | 'active';
}

function codeSystem(meta: Meta, concept: CodeSystemConcept[], extra: Partial<CodeSystem> = {}): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: meta.id,
    language: 'es',
    url: codeSystemUrl(meta.id),
    version: TERMINOLOGY_VERSION,
    name: meta.name,
    title: meta.title,
    status: meta.status ?? 'active',
    publisher: PUBLISHER,
    description: meta.description,
    jurisdiction: JURISDICTION_GT,
    caseSensitive: true,
    valueSet: valueSetUrl(meta.id),
    content: 'complete',
    count: concept.length,
    ...extra,
    concept,
  };
}

function valueSet(meta: Meta, include: NonNullable<ValueSet['compose']>['include']): ValueSet {
  return {
    resourceType: 'ValueSet',
    id: meta.id,
    language: 'es',
    url: valueSetUrl(meta.id),
    version: TERMINOLOGY_VERSION,
    name: meta.name,
    title: meta.title,
    status: meta.status ?? 'active',
    publisher: PUBLISHER,
    description: meta.description,
    jurisdiction: JURISDICTION_GT,
    compose: { include },
  };
}

/** A ValueSet with every code of the CodeSystem of the same id. */
const wholeSystem = (meta: Meta): ValueSet => valueSet(meta, [{ system: codeSystemUrl(meta.id) }]);

export function departmentResources(departments: readonly Department[]): [CodeSystem, ValueSet] {
  const meta: Meta = {
    id: 'departamento-gt',
    name: 'DepartamentoGT',
    title: 'Departamentos de Guatemala',
    description: 'Los 22 departamentos de Guatemala con su código del Instituto Nacional de Estadística (INE), de dos dígitos con cero a la izquierda.',
  };
  return [codeSystem(meta, departments.map(({ code, name }) => ({ code, display: name }))), wholeSystem(meta)];
}

export function municipalityResources(municipalities: readonly Municipality[]): [CodeSystem, ValueSet] {
  const meta: Meta = {
    id: 'municipio-gt',
    name: 'MunicipioGT',
    title: 'Municipios de Guatemala',
    description:
      'Los 340 municipios de Guatemala con su código INE de cuatro dígitos: el código del departamento seguido del número del municipio dentro del departamento (por ejemplo 1601, Cobán). La propiedad departamento da el código del departamento.',
  };
  const concepts = municipalities.map(({ code, name, department }) => ({
    code,
    display: name,
    property: [{ code: 'departamento', valueCode: department }],
  }));
  const property = [
    {
      code: 'departamento',
      uri: `${codeSystemUrl('municipio-gt')}#departamento`,
      description: `Código del departamento (CodeSystem ${codeSystemUrl('departamento-gt')}) al que pertenece el municipio.`,
      type: 'code' as const,
    },
  ];
  return [codeSystem(meta, concepts, { property }), wholeSystem(meta)];
}

export function languageValueSet(languages: readonly Language[]): ValueSet {
  const meta: Meta = {
    id: 'idioma-gt',
    name: 'IdiomaGT',
    title: 'Idiomas de Guatemala',
    description:
      'Idiomas de Guatemala para Patient.communication.language, como etiquetas BCP-47: "es" para el español (BCP-47 usa el código ISO 639-1 de dos letras cuando existe) y el código ISO 639-3 para los idiomas mayas, el xinka y el garífuna. El chalchiteko, sin código ISO propio, se etiqueta agu-x-chalchit (subetiqueta de uso privado bajo el awakateko).',
  };
  const concept: ValueSetComposeIncludeConcept[] = languages.map((language) => ({
    code: language.code,
    display: language.name,
    designation: [
      { language: 'en', value: language.isoName },
      ...(language.autonym === undefined ? [] : [{ language: language.code, value: language.autonym }]),
    ],
  }));
  return valueSet(meta, [{ system: BCP47_SYSTEM, concept }]);
}

export function puebloResources(pueblos: readonly Pueblo[]): [CodeSystem, ValueSet] {
  const meta: Meta = {
    id: 'pueblo-gt',
    name: 'PuebloGT',
    title: 'Pueblo de pertenencia',
    description:
      'Categorías de pueblo de pertenencia del XII Censo Nacional de Población y VII de Vivienda 2018 (INE Guatemala), en el orden del censo. La comunidad lingüística de una persona maya se registra como su idioma (ValueSet idioma-gt).',
  };
  const definitions = new Map(CURATED_PUEBLOS.map((p) => [p.code, p.definition]));
  const concepts = pueblos.map(({ code, name, censusOrder }): CodeSystemConcept => {
    const definition = definitions.get(code);
    return {
      code,
      display: name,
      ...(definition === undefined ? {} : { definition }),
      property: [{ code: 'ordenCenso', valueInteger: censusOrder }],
    };
  });
  const property = [
    {
      code: 'ordenCenso',
      uri: `${codeSystemUrl('pueblo-gt')}#ordenCenso`,
      description: 'Posición de la categoría en la pregunta de pueblo de pertenencia del censo 2018.',
      type: 'integer' as const,
    },
  ];
  return [codeSystem(meta, concepts, { property }), wholeSystem(meta)];
}

export function cie10ValueSet(rows: readonly Cie10Row[]): ValueSet {
  const meta: Meta = {
    id: 'cie10-es',
    name: 'CIE10ES',
    title: 'CIE-10 en español',
    description:
      'Códigos de la CIE-10 (OMS) de tres y cuatro caracteres, con punto (J18.9), y su descripción en español, para la codificación de diagnósticos del Ministerio de Salud Pública y Asistencia Social. La CIE-10 es © Organización Mundial de la Salud.',
  };
  return valueSet(meta, [{ system: ICD10_SYSTEM, concept: rows.map(([code, display]) => ({ code, display })) }]);
}

export function vaccineResources(schedule: VaccineSchedule): [CodeSystem, ValueSet, ConceptMap] {
  const meta: Meta = {
    id: 'vacuna-gt',
    name: 'VacunaGT',
    title: 'Vacunas del esquema nacional de Guatemala',
    description:
      'Vacunas del esquema nacional del Programa de Inmunizaciones del MSPAS, según una transcripción editable (resources/terminology/esquema-vacunacion.json) que un administrador debe verificar contra los Lineamientos técnicos de vacunación vigentes. No es un dato oficial.',
    status: schedule.status,
  };
  const concepts: CodeSystemConcept[] = schedule.vaccines.map((vaccine) => ({
    code: vaccine.code,
    display: vaccine.name,
    definition: `Protege contra: ${vaccine.protectsAgainst}.`,
    property: [
      { code: 'poblacion', valueCode: vaccine.population },
      ...(vaccine.cvx === undefined
        ? []
        : [{ code: 'cvx', valueCoding: { system: CVX_SYSTEM, code: vaccine.cvx.code, display: vaccine.cvx.display } }]),
    ],
  }));
  const property = [
    {
      code: 'poblacion',
      uri: `${codeSystemUrl('vacuna-gt')}#poblacion`,
      description: 'Población a la que se dirige: ninez, adolescencia o embarazo.',
      type: 'code' as const,
    },
    {
      code: 'cvx',
      uri: `${codeSystemUrl('vacuna-gt')}#cvx`,
      description: 'Código CVX (CDC) más cercano; ver el ConceptMap vacuna-gt-cvx para la equivalencia.',
      type: 'Coding' as const,
    },
  ];
  const conceptMap: ConceptMap = {
    resourceType: 'ConceptMap',
    id: 'vacuna-gt-cvx',
    language: 'es',
    url: `${CEIBA_CANONICAL_BASE}/ConceptMap/vacuna-gt-cvx`,
    version: TERMINOLOGY_VERSION,
    name: 'VacunaGTaCVX',
    title: 'Vacunas del esquema nacional a CVX',
    status: schedule.status,
    publisher: PUBLISHER,
    description: 'Correspondencia de las vacunas del esquema nacional con los códigos CVX del CDC (equivalent = misma vacuna; inexact = el producto concreto puede diferir).',
    jurisdiction: JURISDICTION_GT,
    sourceCanonical: valueSetUrl('vacuna-gt'),
    targetUri: CVX_SYSTEM,
    group: [
      {
        source: codeSystemUrl('vacuna-gt'),
        target: CVX_SYSTEM,
        element: schedule.vaccines.flatMap((vaccine) =>
          vaccine.cvx === undefined
            ? []
            : [
                {
                  code: vaccine.code,
                  display: vaccine.name,
                  target: [
                    {
                      code: vaccine.cvx.code,
                      display: vaccine.cvx.display,
                      equivalence: vaccine.cvx.equivalence,
                      ...(vaccine.cvx.note === undefined ? {} : { comment: vaccine.cvx.note }),
                    },
                  ],
                },
              ],
        ),
      },
    ],
  };
  return [codeSystem(meta, concepts, { property }), wholeSystem(meta), conceptMap];
}

export function consultationReasonResources(reasons: ConsultationReasons, cie10: readonly Cie10Row[]): [CodeSystem, ValueSet] {
  const meta: Meta = {
    id: 'motivo-consulta',
    name: 'MotivoConsulta',
    title: 'Motivos de consulta',
    description:
      'Lista propia de Ceiba de motivos de consulta frecuentes en un puesto de salud, editable (resources/terminology/motivos-consulta.json). La propiedad cie10Sugerido es solo una sugerencia para el formulario.',
  };
  const displays = new Map(cie10.map(([code, display]) => [code, display]));
  const concepts: CodeSystemConcept[] = reasons.reasons.map((reason) => ({
    code: reason.code,
    display: reason.name,
    property: [
      { code: 'categoria', valueCode: reason.category },
      ...(reason.suggestedCie10 === undefined
        ? []
        : [
            {
              code: 'cie10Sugerido',
              valueCoding: { system: ICD10_SYSTEM, code: reason.suggestedCie10, display: displays.get(reason.suggestedCie10) ?? '' },
            },
          ]),
    ],
  }));
  const property = [
    {
      code: 'categoria',
      uri: `${codeSystemUrl('motivo-consulta')}#categoria`,
      description: 'preventivo, morbilidad u otro.',
      type: 'code' as const,
    },
    {
      code: 'cie10Sugerido',
      uri: `${codeSystemUrl('motivo-consulta')}#cie10Sugerido`,
      description: 'Código CIE-10 que el formulario puede sugerir; nunca se aplica sin el personal de salud.',
      type: 'Coding' as const,
    },
  ];
  return [codeSystem(meta, concepts, { property }), wholeSystem(meta)];
}
