// Requirement 3: _history at instance, type and system level, vread, _since, paging, and deletes
// reported as history entries.
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentralFixture, asResource, patient, uuid } from './central-fixture';

const observation = (id: string, subject: string): { resourceType: 'Observation'; id: string; status: 'final'; code: { text: string }; subject: { reference: string } } => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { text: 'peso' },
  subject: { reference: `Patient/${subject}` },
});

describe('central server history', () => {
  let fx: CentralFixture;
  beforeEach(async () => {
    fx = await CentralFixture.start();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('lists an instance history newest first and reads each version', async () => {
    const id = uuid();
    await fx.put(patient(id, 'Uno'));
    await fx.put(patient(id, 'Dos'));
    const history = (await fx.get(`Patient/${id}/_history`)).body as Bundle;
    expect(history.type).toBe('history');
    expect(history.entry?.map((e) => e.resource?.meta?.versionId)).toEqual(['2', '1']);
    expect(history.entry?.map((e) => e.request?.method)).toEqual(['PUT', 'PUT']);

    const v1 = await fx.get(`Patient/${id}/_history/1`);
    expect(v1.status).toBe(200);
    expect(v1.headers.get('etag')).toBe('W/"1"');
    expect(asResource(v1, 'Patient').name?.[0]?.family).toBe('Uno');
    expect((await fx.get(`Patient/${id}/_history/3`)).status).toBe(404);
    expect((await fx.get(`Patient/${uuid()}/_history`)).status).toBe(404);
  });

  it('serves type and system history', async () => {
    const p = uuid();
    await fx.put(patient(p));
    await fx.put(observation(uuid(), p));
    const typeHistory = (await fx.get('Patient/_history')).body as Bundle;
    expect(typeHistory.entry?.map((e) => e.resource?.resourceType)).toEqual(['Patient']);
    const systemHistory = (await fx.get('_history')).body as Bundle;
    expect(systemHistory.entry?.map((e) => e.resource?.resourceType)).toEqual(['Observation', 'Patient']);
  });

  it('returns deletes through _history?_since, and only what changed since', async () => {
    const gone = uuid();
    const changed = uuid();
    await fx.put(patient(gone));
    const before = asResource(await fx.put(patient(changed, 'Antes')), 'Patient');
    const since = new Date(Date.parse(before.meta?.lastUpdated ?? '') + 1).toISOString();
    expect((await fx.send('DELETE', `Patient/${gone}`)).status).toBe(200);
    await fx.put(patient(changed, 'Después'));

    for (const path of [`_history?_since=${since}`, `Patient/_history?_since=${since}`]) {
      const history = (await fx.get(path)).body as Bundle;
      expect(history.entry).toHaveLength(2);
      const deleted = history.entry?.find((e) => e.request?.method === 'DELETE');
      expect(deleted?.request?.url).toBe(`Patient/${gone}`);
      expect(deleted?.resource).toBeUndefined();
      expect(deleted?.response?.status).toBe('410');
      expect(deleted?.response?.etag).toBe('W/"2"');
      const updated = history.entry?.find((e) => e.request?.method === 'PUT');
      expect(updated?.resource?.id).toBe(changed);
    }

    expect((await fx.get(`Patient/${gone}`)).status).toBe(410);
    const instance = (await fx.get(`Patient/${gone}/_history`)).body as Bundle;
    expect(instance.entry?.map((e) => e.request?.method)).toEqual(['DELETE', 'PUT']);
    expect((await fx.get(`Patient/${gone}/_history/2`)).status).toBe(410);
  });

  it('pages history with _count and next links', async () => {
    const id = uuid();
    for (let i = 0; i < 5; i++) await fx.put(patient(id, `V${i}`));
    const pages = await fx.allPages(`Patient/${id}/_history?_count=2`);
    expect(pages).toHaveLength(3);
    const versions = pages.flatMap((p) => p.entry ?? []).map((e: BundleEntry) => e.resource?.meta?.versionId);
    expect(versions).toEqual(['5', '4', '3', '2', '1']);
    const system = await fx.allPages('_history?_count=2');
    expect(system.flatMap((p) => p.entry ?? [])).toHaveLength(5);
  });
});
