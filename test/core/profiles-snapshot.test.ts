import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { CEIBA_PROFILE } from '../../src-core/fhir/profiles/ceiba-urls';
import { generateSnapshot, idToPath, SnapshotError } from '../../src-core/fhir/profiles/snapshot-generator';
import { loadR4Definitions } from '../../scripts/profiles/base-definitions';
import { REPO_ROOT } from '../../scripts/profiles/build';

const r4 = loadR4Definitions();
const resolve = (url: string): StructureDefinition | undefined => r4.byUrl.get(url);
const ceiba = (id: string): StructureDefinition =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'fhir-profiles/StructureDefinition', `${id}.json`), 'utf8')) as StructureDefinition;
const ids = (elements: readonly ElementDefinition[]): string[] => elements.map((e) => e.id ?? '');
const byId = (elements: readonly ElementDefinition[], id: string): ElementDefinition | undefined => elements.find((e) => e.id === id);

function profile(type: string, elements: ElementDefinition[], base = `http://hl7.org/fhir/StructureDefinition/${type}`): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    url: 'https://example.org/StructureDefinition/test',
    name: 'Test',
    status: 'draft',
    kind: 'resource',
    abstract: false,
    type,
    baseDefinition: base,
    derivation: 'constraint',
    differential: { element: elements },
  };
}

const el = (id: string, props: Omit<ElementDefinition, 'id' | 'path'> = {}): ElementDefinition => ({ id, path: idToPath(id), ...props });

describe('snapshot generator', () => {
  it('keeps every base element, in order, and applies constraints to the named ones', () => {
    const base = resolve('http://hl7.org/fhir/StructureDefinition/Patient');
    const snapshot = generateSnapshot(
      profile('Patient', [
        el('Patient.birthDate', { min: 1, mustSupport: true, short: 'Fecha de nacimiento' }),
        el('Patient.gender', { min: 1, constraint: [{ key: 't-1', severity: 'error', human: 'x', expression: 'true' }] }),
      ]),
      resolve,
    );
    expect(ids(snapshot)).toEqual(ids(base?.snapshot?.element ?? []));
    const birthDate = byId(snapshot, 'Patient.birthDate');
    expect(birthDate).toMatchObject({ min: 1, max: '1', mustSupport: true, short: 'Fecha de nacimiento' });
    const gender = byId(snapshot, 'Patient.gender');
    expect(gender?.constraint?.map((c) => c.key)).toEqual(['ele-1', 't-1']);
    expect(gender?.constraint?.at(-1)?.source).toBe('https://example.org/StructureDefinition/test');
    // the base definition is not modified
    expect(byId(base?.snapshot?.element ?? [], 'Patient.birthDate')?.min).toBe(0);
  });

  it('expands the children of a complex type when one is constrained, with ids and paths rebased', () => {
    const snapshot = generateSnapshot(profile('Patient', [el('Patient.name.family', { min: 1 })]), resolve);
    const i = ids(snapshot).indexOf('Patient.name');
    const children = ids(r4.byUrl.get('http://hl7.org/fhir/StructureDefinition/HumanName')?.snapshot?.element ?? [])
      .slice(1)
      .map((id) => id.replace(/^HumanName/, 'Patient.name'));
    expect(ids(snapshot).slice(i + 1, i + 1 + children.length)).toEqual(children);
    const family = byId(snapshot, 'Patient.name.family');
    expect(family).toMatchObject({ path: 'Patient.name.family', min: 1, base: { path: 'HumanName.family' } });
  });

  it('inserts slices after the sliced element and its children, and expands slice children from the type', () => {
    const snapshot = generateSnapshot(
      profile('Patient', [
        el('Patient.identifier', { slicing: { discriminator: [{ type: 'value', path: 'system' }], rules: 'open' } }),
        el('Patient.identifier:a', { sliceName: 'a', max: '1' }),
        el('Patient.identifier:a.system', { min: 1, fixedUri: 'urn:a' }),
        el('Patient.identifier:b', { sliceName: 'b', max: '1' }),
      ]),
      resolve,
    );
    const list = ids(snapshot);
    expect(list.indexOf('Patient.identifier:a')).toBe(list.indexOf('Patient.identifier') + 1);
    expect(list.indexOf('Patient.identifier:b')).toBeGreaterThan(list.indexOf('Patient.identifier:a.assigner'));
    expect(list.indexOf('Patient.active')).toBe(list.indexOf('Patient.identifier:b') + 1);
    expect(byId(snapshot, 'Patient.identifier:a.system')).toMatchObject({ path: 'Patient.identifier.system', fixedUri: 'urn:a', min: 1 });
    expect(byId(snapshot, 'Patient.identifier:a')?.slicing).toBeUndefined();
  });

  it('refuses to loosen cardinality, to add types, or to name unknown elements', () => {
    expect(() => generateSnapshot(profile('Patient', [el('Patient.gender', { max: '*' })]), resolve)).toThrow(/loosens base max/);
    expect(() => generateSnapshot(profile('Observation', [el('Observation.status', { min: 0 })]), resolve)).toThrow(/loosens base min/);
    expect(() => generateSnapshot(profile('Observation', [el('Observation.value[x]', { type: [{ code: 'Money' }] })]), resolve)).toThrow(/not allowed/);
    expect(() => generateSnapshot(profile('Patient', [el('Patient.nickname')]), resolve)).toThrow(SnapshotError);
    expect(() => generateSnapshot(profile('Patient', [el('Patient.identifier:x', { sliceName: 'x' })]), resolve)).toThrow(/not sliced/);
  });
});

describe('generated Ceiba snapshots', () => {
  const ceibaIds = readdirSync(join(REPO_ROOT, 'fhir-profiles/StructureDefinition')).map((f) => f.replace(/\.json$/, ''));

  it.each(ceibaIds)('%s: ids unique, paths match ids, every base element present in base order', (id) => {
    const sd = ceiba(id);
    const elements = sd.snapshot?.element ?? [];
    const list = ids(elements);
    expect(new Set(list).size).toBe(list.length);
    for (const e of elements) expect(e.path).toBe(idToPath(e.id ?? ''));
    const base = resolve(sd.baseDefinition ?? '');
    const baseIds = ids(base?.snapshot?.element ?? []);
    const positions = baseIds.map((b) => list.indexOf(b));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // every differential element is in the snapshot
    for (const d of sd.differential?.element ?? []) expect(list).toContain(d.id);
  });

  it('follows the baseDefinition chain of the HL7 vital-signs profiles', () => {
    const weight = ceiba('ceiba-bodyweight');
    expect(weight.baseDefinition).toBe('http://hl7.org/fhir/StructureDefinition/bodyweight');
    const elements = weight.snapshot?.element ?? [];
    // inherited from bodyweight (and vitalsigns before it)
    expect(byId(elements, 'Observation.code.coding:BodyWeightCode.code')?.fixedCode).toBe('29463-7');
    expect(byId(elements, 'Observation.category:VSCat')?.min).toBe(1);
    expect(byId(elements, 'Observation')?.constraint?.some((c) => c.key === 'vs-2')).toBe(true);
    // added by Ceiba
    expect(byId(elements, 'Observation.encounter')?.min).toBe(1);
    expect(byId(elements, 'Observation.encounter')?.type?.[0]?.targetProfile).toEqual([CEIBA_PROFILE.encounter]);
    expect(byId(elements, 'Observation.value[x]:valueQuantity')?.constraint?.some((c) => c.key === 'gt-vs-peso')).toBe(true);
  });

  it('puts the CUI invariant and the binding constraints where the profile says', () => {
    const patient = ceiba('ceiba-patient').snapshot?.element ?? [];
    expect(byId(patient, 'Patient.identifier:cui')?.constraint?.map((c) => c.key)).toContain('cui-1');
    expect(byId(patient, 'Patient.address.state')?.binding).toMatchObject({ strength: 'required' });
    expect(byId(patient, 'Patient.communication.language')?.binding).toMatchObject({ strength: 'extensible' });
    const extension = byId(patient, 'Patient.name.family.extension:apellidoMaterno');
    expect(extension?.type?.[0]?.profile).toEqual(['http://hl7.org/fhir/StructureDefinition/humanname-mothers-family']);
    const condition = ceiba('ceiba-condition').snapshot?.element ?? [];
    expect(byId(condition, 'Condition.code.coding:cie10')).toMatchObject({ min: 1, binding: { strength: 'required' } });
    expect(byId(condition, 'Condition.code.coding:cie10.system')?.fixedUri).toBe('http://hl7.org/fhir/sid/icd-10');
  });
});
