// Everything the terminology build writes, computed in memory: repo-relative path → file content.
// build.ts writes these files, or with --check compares them with the committed ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ICD10_SYSTEM, codeSystemUrl, valueSetUrl } from '../../src-core/fhir/canonical';
import type { ConsultationReasons, VaccineSchedule } from '../../src-core/fhir/terminology/table-types';
import {
  checkConsultationReasons,
  checkVaccineSchedule,
  cvxDisplays,
  deriveCie10,
  deriveGeography,
  deriveLanguages,
  derivePueblos,
} from './derive-tables';
import {
  cie10ValueSet,
  consultationReasonResources,
  departmentResources,
  languageValueSet,
  municipalityResources,
  puebloResources,
  vaccineResources,
} from './fhir-resources';
import { formatJson } from './format-json';
import { renderSourceNote } from './source-notes';
import { parseSources, requireSource } from './sources';

export const RESOURCES_DIR = 'resources/terminology';
export const PROFILES_DIR = 'fhir-profiles/terminology';
/** Hand-edited inputs that live beside the generated tables. */
export const VACCINE_SCHEDULE_FILE = `${RESOURCES_DIR}/esquema-vacunacion.json`;
export const CONSULTATION_REASONS_FILE = `${RESOURCES_DIR}/motivos-consulta.json`;

const GEO = 'guatemala_geo/catalogo_municipios.csv';
const CIE10 = 'icd10_es/cie-10.csv';
const ISO_TABLE = 'languages/iso-639-3.tab';
const AUTONYMS = 'languages/iso639-autonyms.tsv';
const SYNTHEA_SCHEDULE = 'immunization/synthea_immunization_schedule.json';

export function generateTerminology(repoRoot: string, sharedDataDir: string): Map<string, string> {
  const shared = (file: string): string => readFileSync(join(sharedDataDir, file), 'utf8');
  const sources = parseSources(shared('SOURCES.md'));
  const source = (file: string) => requireSource(sources, file);

  const { departments, municipalities } = deriveGeography(shared(GEO));
  const cie10 = deriveCie10(shared(CIE10));
  const languages = deriveLanguages(shared(ISO_TABLE), shared(AUTONYMS));
  const pueblos = derivePueblos();

  const schedule = JSON.parse(readFileSync(join(repoRoot, VACCINE_SCHEDULE_FILE), 'utf8')) as VaccineSchedule;
  const reasons = JSON.parse(readFileSync(join(repoRoot, CONSULTATION_REASONS_FILE), 'utf8')) as ConsultationReasons;
  const problems = [
    ...checkVaccineSchedule(schedule, cvxDisplays(shared(SYNTHEA_SCHEDULE))),
    ...checkConsultationReasons(reasons, cie10),
  ];
  if (problems.length > 0) throw new Error(`terminology inputs are not usable:\n  ${problems.join('\n  ')}`);

  const out = new Map<string, string>();
  const table = (name: string, value: unknown): void => {
    out.set(`${RESOURCES_DIR}/${name}`, formatJson(value));
  };
  const note = (name: string, text: string): void => {
    out.set(`${RESOURCES_DIR}/${name}`, text);
  };
  const fhir = (resource: { resourceType: string; id?: string }): void => {
    if (resource.id === undefined) throw new Error(`${resource.resourceType} without id`);
    out.set(`${PROFILES_DIR}/${resource.resourceType}-${resource.id}.json`, formatJson(resource));
  };

  table('departamentos.json', departments);
  note(
    'departamentos.SOURCE.md',
    renderSourceNote({
      file: 'departamentos.json',
      summary: `The ${departments.length} departments of Guatemala with their INE (Instituto Nacional de Estadística) codes. FHIR: ${codeSystemUrl('departamento-gt')} and ${valueSetUrl('departamento-gt')}.`,
      sources: [source(GEO)],
      derivation: [
        'One row per distinct `codigo_depto`; the code is zero-padded to two digits (`1` → `01`).',
        'The name is the `departamento` column as given; a department with two different names fails the build.',
        'Sorted by code.',
      ],
      shape: 'JSON array of `{ "code": "01", "name": "Guatemala" }`.',
    }),
  );

  table('municipios.json', municipalities);
  note(
    'municipios.SOURCE.md',
    renderSourceNote({
      file: 'municipios.json',
      summary: `The ${municipalities.length} municipalities of Guatemala with their INE codes and department. FHIR: ${codeSystemUrl('municipio-gt')} (property \`departamento\`) and ${valueSetUrl('municipio-gt')}.`,
      sources: [source(GEO)],
      derivation: [
        'The code is the department code (two digits) followed by `codigo_muni_in_depto` zero-padded to two digits (`16`, `1` → `1601`); the build fails unless it equals `codigo_muni` numerically.',
        'The last two digits are the municipality number printed in the last two digits of a CUI (src-core/clinical/cui.ts).',
        'The name is the `municipio` column as given. Sorted by code.',
      ],
      shape: 'JSON array of `{ "code": "0101", "name": "Guatemala", "department": "01" }`.',
    }),
  );

  table('idiomas.json', languages);
  note(
    'idiomas.SOURCE.md',
    renderSourceNote({
      file: 'idiomas.json',
      summary: `Languages of Guatemala (${languages.length}): Spanish, the 22 Mayan languages recognized by the Academia de Lenguas Mayas de Guatemala, Xinka and Garífuna. FHIR: ${valueSetUrl('idioma-gt')}, over the system \`urn:ietf:bcp:47\` (the binding of Patient.communication.language).`,
      sources: [source(ISO_TABLE), source(AUTONYMS)],
      derivation: [
        "The list itself, its BCP-47 codes and the Spanish names are Ceiba's own (scripts/terminology/curated-languages.ts), following the Academia de Lenguas Mayas de Guatemala's spellings.",
        "Codes: BCP-47 uses the ISO 639-1 two-letter code where one exists, so Spanish is `es`; every other language here has only an ISO 639-3 code, which BCP-47 uses as is. The build checks each tag's primary subtag against the ISO table's Part1 column.",
        'Chalchiteko has no ISO 639-3 code (ISO counts it as a variety of Awakateko, `agu`); it is tagged `agu-x-chalchit`, a BCP-47 private-use subtag.',
        '`isoName` is the ISO 639-3 `Ref_Name`; `autonym` is the `autonym` column of the autonym table where it is not empty.',
        "Autonyms dropped by hand: `knj` (the table's value would be confused with Q'anjob'al, `kjb`) and `agu-x-chalchit` (Awakateko's does not apply).",
      ],
      shape:
        'JSON array of `{ "code": "quc", "iso6393": "quc", "name": "K\'iche\'", "isoName": "Kʼicheʼ", "autonym"?: "Kʼicheʼ", "group": "maya" }`; `group` is `espanol`, `maya`, `xinka` or `garifuna`.',
      caveats: [
        'ISO 639-3 lists Xinka (`xin`) as extinct; it is kept because the Xinka people and its revitalization programmes use it.',
        'Autonyms come from mixed sources (CLDR, ISO 639-3, Ethnologue, per row) and are missing for most languages; they are shown only as a help, never as the official name.',
      ],
    }),
  );

  table('pueblos.json', pueblos);
  note(
    'pueblos.SOURCE.md',
    renderSourceNote({
      file: 'pueblos.json',
      summary: `"Pueblo de pertenencia" categories. FHIR: ${codeSystemUrl('pueblo-gt')} and ${valueSetUrl('pueblo-gt')}.`,
      sources: [],
      derivation: [
        "Not taken from a data file: Ceiba's transcription (scripts/terminology/curated-pueblos.ts) of the categories and order of the \"pueblo de pertenencia\" question of Guatemala's XII Censo Nacional de Población y VII de Vivienda 2018, Instituto Nacional de Estadística (INE): Maya, Garífuna, Xinka, Afrodescendiente/Creole/Afromestizo, Ladino, Extranjero.",
        "Codes are Ceiba's lowercase mnemonics; `censusOrder` is the category's position in the census question.",
        'For Maya persons the census also asks the "comunidad lingüística"; Ceiba records it as the language (idiomas.json, ValueSet idioma-gt).',
      ],
      shape: 'JSON array of `{ "code": "maya", "name": "Maya", "censusOrder": 1 }`.',
    }),
  );

  table('cie10.json', cie10);
  const threeChar = cie10.filter(([code]) => code.length === 3).length;
  note(
    'cie10.SOURCE.md',
    renderSourceNote({
      file: 'cie10.json',
      summary: `CIE-10 (ICD-10) codes with Spanish descriptions: ${cie10.length} rows (${threeChar} three-character categories, ${cie10.length - threeChar} four-character subcategories). FHIR: ${valueSetUrl('cie10-es')} over the system ${ICD10_SYSTEM}. The app loads it on demand (src-core/fhir/terminology/load-cie10-index.ts), never in its start-up bundle.`,
      sources: [source(CIE10)],
      derivation: [
        'Chapter and block rows (code ranges such as `A00-B99`) are dropped; only 3- and 4-character codes are kept.',
        'Codes are written in the dotted form used by the FHIR ICD-10 system: `J189` → `J18.9`; 3-character codes stay as they are.',
        'Descriptions: soft hyphens removed, white space trimmed and collapsed; otherwise as in the source.',
        'Sorted by code; the build fails on a duplicate code or a 4-character code without its 3-character category.',
      ],
      shape: 'JSON array of `[code, display]` pairs, e.g. `["J18.9", "Neumonía, no especificada"]`.',
      caveats: [
        'Licence, exactly as shared/data/SOURCES.md states it: "NONE STATED (no LICENSE file; ICD-10 content © WHO)".',
        "ICD-10 is the World Health Organization's copyright. Ceiba includes this Spanish table only so that the Ministry of Health (MSPAS) can code diagnoses in its own records with the classification it already uses; before wider distribution MSPAS should confirm this use under its own arrangement with WHO/PAHO, or replace the file with its official CIE-10 table (same shape).",
        'The source is a community compilation of two origins; rows from one of them lack Spanish accents (e.g. `E11.9`). Search is accent-insensitive, so this affects display only.',
        'Codes added to ICD-10 after the compilation (for example the U codes such as U07.1, COVID-19) are missing.',
      ],
    }),
  );

  for (const resource of [
    ...departmentResources(departments),
    ...municipalityResources(municipalities),
    languageValueSet(languages),
    ...puebloResources(pueblos),
    cie10ValueSet(cie10),
    ...vaccineResources(schedule),
    ...consultationReasonResources(reasons, cie10),
  ]) {
    fhir(resource);
  }
  return out;
}
