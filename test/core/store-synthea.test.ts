// Synthea R4 transaction bundles through both stores: every bundle imports (urn:uuid references
// resolved), and for sampled patients the Dexie store (fake-indexeddb, hashed index, sealed
// bodies) answers identifier, family-name, birthdate-range and everything-for-patient queries
// exactly as the memory store (the reference) does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeText } from '../../src-core/fhir/terminology/normalize-text';
import type { FhirStore, SearchParams } from '../../src-core/store/fhir-store';
import { createMemoryStore } from '../../src-core/store/memory-store';
import type { StoreDeps } from '../harness/store-contract';
import { openNodeDexieStore, type NodeDexieStore } from '../harness/store-dexie-node';
import { memoizedValidator } from '../harness/store-validator-node';

const FIXTURES = fileURLToPath(new URL('../fixtures/store/', import.meta.url));
/** CI clones the repository with shared/ beside it. */
const SYNTHEA = fileURLToPath(new URL('../../../shared/data/synthea_r4/', import.meta.url));

const bundleFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();

/**
 * The same ids and times in both stores, so their answers can be compared byte for byte. Both
 * stores validate every write; the shared memo spares validating the same resource twice.
 */
const validator = memoizedValidator();

function deterministicDeps(): StoreDeps {
  let next = 0;
  return {
    validator,
    ids: { uuid: () => `00000000-0000-4000-8000-${(next++).toString(16).padStart(12, '0')}` },
    clock: { now: () => new Date('2024-06-01T12:00:00.000Z') },
  };
}

interface Pair {
  readonly memory: FhirStore;
  readonly dexie: NodeDexieStore;
}

async function importInto(pair: Pair, texts: readonly string[]): Promise<Bundle[]> {
  const responses: Bundle[] = [];
  for (const text of texts) {
    const fromMemory = await pair.memory.importBundle(text);
    const fromDexie = await pair.dexie.store.importBundle(text);
    expect(fromDexie).toEqual(fromMemory);
    responses.push(fromMemory);
  }
  return responses;
}

async function openPair(): Promise<Pair> {
  return { memory: createMemoryStore(deterministicDeps()), dexie: await openNodeDexieStore(deterministicDeps()) };
}

async function sameSearch(pair: Pair, type: 'Patient' | 'Observation', params: SearchParams): Promise<Resource[]> {
  const all = { ...params, _count: '1000', _sort: '_id' };
  const expected = await pair.memory.search(type, all);
  const actual = await pair.dexie.store.search(type, all);
  expect(actual).toEqual(expected);
  return expected.resources;
}

/** Identifier, family prefix, birth-year range and the whole compartment, compared across stores. */
async function expectSameAnswers(pair: Pair, patient: Patient & { id: string }): Promise<void> {
  for (const identifier of patient.identifier ?? []) {
    if (identifier.value === undefined) continue;
    const token = identifier.system === undefined ? identifier.value : `${identifier.system}|${identifier.value}`;
    expect((await sameSearch(pair, 'Patient', { identifier: token })).map((r) => r.id)).toContain(patient.id);
  }
  const family = normalizeText(patient.name?.[0]?.family ?? '');
  expect(family.length).toBeGreaterThan(2);
  expect((await sameSearch(pair, 'Patient', { family: family.slice(0, 3) })).map((r) => r.id)).toContain(patient.id);
  const year = Number((patient.birthDate ?? '').slice(0, 4));
  const born = await sameSearch(pair, 'Patient', { birthdate: [`ge${year}-01-01`, `lt${year + 1}-01-01`] });
  expect(born.map((r) => r.id)).toContain(patient.id);
  const everything = await pair.memory.everythingForPatient(patient.id);
  expect(everything.length).toBeGreaterThan(10);
  expect(await pair.dexie.store.everythingForPatient(patient.id)).toEqual(everything);
}

describe('Synthea fixtures (test/fixtures/store)', () => {
  let pair: Pair;
  let responses: Bundle[];
  const texts = bundleFiles(FIXTURES).map((f) => readFileSync(`${FIXTURES}${f}`, 'utf8'));

  beforeAll(async () => {
    pair = await openPair();
    responses = await importInto(pair, texts);
  }, 60_000);

  afterAll(async () => {
    await pair.dexie.close();
  });

  it('imports every entry with its references resolved to the new ids', async () => {
    const entries = texts.map((t) => ((JSON.parse(t) as Bundle).entry ?? []).length);
    expect(responses.map((r) => (r.entry ?? []).length)).toEqual(entries);
    const total = entries.reduce((a, b) => a + b, 0);
    expect(await pair.dexie.store.stats()).toEqual({ resources: total, deleted: 0, versions: total, pendingChanges: total });
    const observations = await sameSearch(pair, 'Observation', {});
    expect(observations.length).toBeGreaterThan(50);
    for (const obs of observations) expect(JSON.stringify(obs)).not.toContain('urn:uuid:');
  });

  it('answers like the memory store for every patient', async () => {
    const patients = (await pair.memory.search('Patient', { _count: '100' })).resources;
    expect(patients).toHaveLength(texts.length);
    for (const p of patients) await expectSameAnswers(pair, p as Patient & { id: string });
    await sameSearch(pair, 'Observation', { date: 'ge2015-01-01', code: 'http://loinc.org|8302-2' });
  });
});

describe('all Synthea bundles (../shared/data/synthea_r4)', () => {
  let pair: Pair | undefined;

  afterAll(async () => {
    await pair?.dexie.close();
  });

  it('imports all 66, and sampled patients get identical answers from both stores', async () => {
    // Not a skip: CI places shared/ beside the repository, and this acceptance check must run.
    expect(existsSync(SYNTHEA), `Synthea data missing at ${SYNTHEA} (shared/ must sit beside the repository)`).toBe(true);
    const files = bundleFiles(SYNTHEA);
    expect(files).toHaveLength(66);
    pair = await openPair();
    const responses = await importInto(pair, files.map((f) => readFileSync(`${SYNTHEA}${f}`, 'utf8')));
    const entries = responses.reduce((sum, r) => sum + (r.entry ?? []).length, 0);
    expect(entries).toBe(10_138);
    expect((await pair.dexie.store.stats()).resources).toBe(10_138);

    const patients = (await pair.memory.search('Patient', { _count: '100', _sort: '_id' })).resources;
    expect(patients).toHaveLength(66);
    for (const p of patients.filter((_, i) => i % 11 === 0)) await expectSameAnswers(pair, p as Patient & { id: string });
  }, 180_000);
});
