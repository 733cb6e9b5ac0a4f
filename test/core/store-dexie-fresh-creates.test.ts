// A create (and a bundle entry under an id the store assigns) is planned against "no stored row"
// without reading one first (WriteRequest.fresh, dexie-backend.ts write). The commit still checks
// that state, so if a row does hold the id after all, the write plans again from what is stored.
// Forced here with an id generator that hands out the same id twice: both stores must end in the
// same state, versions, history and outbox included.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { FhirStore } from '../../src-core/store/fhir-store';
import { createMemoryStore } from '../../src-core/store/memory-store';
import { patient, type StoreDeps } from '../harness/store-contract';
import { openNodeDexieStore } from '../harness/store-dexie-node';
import { nodeValidator } from '../harness/store-validator-node';

const validator = nodeValidator();
const SAME_ID = '00000000-0000-4000-8000-00000000000a';

/** Ids that repeat: every call returns the next of `ids`, the last one forever after. */
function repeatingDeps(ids: readonly string[]): StoreDeps {
  let next = 0;
  return {
    validator,
    ids: { uuid: () => ids[Math.min(next++, ids.length - 1)] ?? SAME_ID },
    clock: { now: () => new Date('2024-06-01T12:00:00.000Z') },
  };
}

async function stateOf(store: FhirStore, id: string): Promise<unknown> {
  const current = await store.read('Patient', id);
  const history = await store.history('Patient', id);
  const changes = await store.pendingChanges();
  const stats = await store.stats();
  return { current, history, changes, stats };
}

const bundleOf = (...resources: Patient[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: resources.map((resource, i) => ({
    fullUrl: `urn:uuid:10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    resource,
    request: { method: 'POST', url: 'Patient' },
  })),
});

describe('creates planned without reading the store', () => {
  it('a create under an id already stored becomes its next version, as in the memory store', async () => {
    const memory = createMemoryStore(repeatingDeps([SAME_ID]));
    const dexie = await openNodeDexieStore(repeatingDeps([SAME_ID]));
    try {
      for (const store of [memory, dexie.store]) {
        await store.create(patient('Xiloj', ['Ana']));
        const second = await store.create(patient('Tzoc', ['María']));
        expect(second.id).toBe(SAME_ID);
        expect(second.meta.versionId).toBe('2');
      }
      expect(await stateOf(dexie.store, SAME_ID)).toEqual(await stateOf(memory, SAME_ID));
    } finally {
      await dexie.close();
    }
  });

  it('an imported bundle whose assigned id is already stored writes the bundle as the memory store does', async () => {
    const ids = ['00000000-0000-4000-8000-000000000001', SAME_ID];
    const memory = createMemoryStore(repeatingDeps([SAME_ID, ...ids]));
    const dexie = await openNodeDexieStore(repeatingDeps([SAME_ID, ...ids]));
    try {
      for (const store of [memory, dexie.store]) {
        await store.create(patient('Peñate', ['Luis']));
        const response = await store.importBundle(bundleOf(patient('Xiloj', ['Ana']), patient('Tzoc', ['María'])));
        expect(response.entry?.map((e) => e.response?.location)).toEqual([`Patient/${ids[0] ?? ''}/_history/1`, `Patient/${SAME_ID}/_history/2`]);
      }
      expect(await stateOf(dexie.store, SAME_ID)).toEqual(await stateOf(memory, SAME_ID));
      expect(await stateOf(dexie.store, ids[0] ?? '')).toEqual(await stateOf(memory, ids[0] ?? ''));
    } finally {
      await dexie.close();
    }
  });
});
