import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CEIBA_DEFINITION_FILES, CEIBA_STRUCTURE_DEFINITIONS } from '../../src-core/fhir/profiles/ceiba-definitions';
import { CEIBA_EXTENSION, CEIBA_PROFILE } from '../../src-core/fhir/profiles/ceiba-urls';
import { buildAll, REPO_ROOT, staleFiles } from '../../scripts/profiles/build';
import { profileSpecs } from '../../scripts/profiles/definitions/index';

describe('profiles:build', () => {
  const output = buildAll();

  it('committed generated files are current (profiles:build --check)', () => {
    expect(staleFiles(output)).toEqual([]);
  });

  it('is deterministic', () => {
    const again = buildAll();
    expect([...again.files.entries()]).toEqual([...output.files.entries()]);
  });

  it('defines every Ceiba profile URL once, under the canonical base', () => {
    const urls = profileSpecs.map((s) => s.url).sort();
    expect(urls).toEqual([...Object.values(CEIBA_PROFILE), ...Object.values(CEIBA_EXTENSION)].sort());
    expect(new Set(urls).size).toBe(urls.length);
  });

  it('the validator loads every conformance file in fhir-profiles', () => {
    const inFolders = ['StructureDefinition', 'vocabulary', 'terminology'].flatMap((dir) =>
      readdirSync(join(REPO_ROOT, 'fhir-profiles', dir))
        .filter((f) => /^(StructureDefinition|CodeSystem|ValueSet)|^[a-z]/.test(f) && f.endsWith('.json') && !f.startsWith('ConceptMap'))
        .map((f) => `${dir}/${f}`),
    );
    expect([...CEIBA_DEFINITION_FILES].sort()).toEqual(inFolders.sort());
    expect(CEIBA_STRUCTURE_DEFINITIONS.map((sd) => sd.url).sort()).toEqual(profileSpecs.map((s) => s.url).sort());
  });
});
