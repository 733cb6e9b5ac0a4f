// A parameter whose branches are other parameters' whole expressions (Observation's combo-code is
// code | component.code) gets no index entries of its own; the store looks it up under those
// parameters instead. Searches on it must still answer exactly as the memory store does, from the
// index alone where they did before.
import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { FhirStore, SearchParams } from '../../src-core/store/fhir-store';
import { createMemoryStore } from '../../src-core/store/memory-store';
import { indexKeys } from '../../src-core/store/search/index-keys';
import { searchParamDef } from '../../src-core/store/search/search-parameter-registry';
import type { StoreDeps } from '../harness/store-contract';
import { openNodeDexieStore } from '../harness/store-dexie-node';
import { nodeValidator } from '../harness/store-validator-node';

// Local codes: LOINC vital-sign codes would bring the vital-signs profile's requirements along.
const LAB = 'http://example.org/lab-codes';

const observation = (code: string, components: readonly string[] = [], extra: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LAB, code }] },
  ...(components.length === 0 ? {} : { component: components.map((c) => ({ code: { coding: [{ system: LAB, code: c }] }, valueQuantity: { value: 1 } })) }),
  ...extra,
});

function deterministicDeps(): StoreDeps {
  let next = 0;
  return {
    validator: nodeValidator(),
    ids: { uuid: () => `00000000-0000-4000-8000-${(next++).toString(16).padStart(12, '0')}` },
    clock: { now: () => new Date('2024-06-01T12:00:00.000Z') },
  };
}

describe('parameters answered by other parameters’ entries', () => {
  it('finds combo-code, combo-value-concept and combo-data-absent-reason covered by their two halves', () => {
    expect(searchParamDef('Observation', 'combo-code')?.indexedBy).toEqual(['code', 'component-code']);
    expect(searchParamDef('Observation', 'combo-value-concept')?.indexedBy).toEqual(['value-concept', 'component-value-concept']);
    expect(searchParamDef('Observation', 'combo-data-absent-reason')?.indexedBy).toEqual(['data-absent-reason', 'component-data-absent-reason']);
    expect(searchParamDef('Observation', 'code')?.indexedBy).toEqual(['code']);
    expect(searchParamDef('Patient', 'name')?.indexedBy).toEqual(['name']);
  });

  it('writes no entries for them, and the entries of the halves still', () => {
    const domains = new Set(indexKeys({ ...observation('panel', ['sys']), id: 'o1' }).map((k) => k.domain));
    expect(domains.has('Observation.code')).toBe(true);
    expect(domains.has('Observation.component-code')).toBe(true);
    expect([...domains].filter((d) => d.startsWith('Observation.combo-'))).toEqual([]);
  });

  it('answers combo searches in the Dexie store exactly as the memory store does', async () => {
    const memory: FhirStore = createMemoryStore(deterministicDeps());
    const dexie = await openNodeDexieStore(deterministicDeps());
    try {
      const resources = [
        observation('panel', ['sys', 'dia']),
        observation('sys'),
        observation('glucose'),
        observation('smoking', [], { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '266919005' }] } }),
        observation('hba1c', [], { dataAbsentReason: { coding: [{ code: 'unknown' }] } }),
      ];
      for (const r of resources) {
        await memory.create(r);
        await dexie.store.create(r);
      }
      const queries: SearchParams[] = [
        { 'combo-code': 'sys' },
        { 'combo-code': `${LAB}|dia` },
        { 'combo-code': 'glucose,dia' },
        { 'combo-code': 'nothing' },
        { 'combo-value-concept': '266919005' },
        { 'combo-data-absent-reason': 'unknown' },
        { 'combo-code': 'sys', _count: '1' },
      ];
      const totals: number[] = [];
      for (const query of queries) {
        const expected = await memory.search('Observation', { ...query, _sort: '_id' });
        const actual = await dexie.store.search('Observation', { ...query, _sort: '_id' });
        // Paging cursors differ by design (the Dexie store seals them); the pages must not.
        expect({ resources: actual.resources, total: actual.total }).toEqual({ resources: expected.resources, total: expected.total });
        totals.push(expected.total);
      }
      expect(totals).toEqual([2, 1, 2, 0, 1, 1, 2]);
    } finally {
      await dexie.close();
    }
  });
});
