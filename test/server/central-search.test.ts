// Requirement 2: search with _count paging by absolute next links, _sort=_lastUpdated, _lastUpdated
// prefixes (the sync pull's query) and _summary=count.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentralFixture, asResource, idsOf, patient, uuid } from './central-fixture';

describe('central server search', () => {
  let fx: CentralFixture;
  beforeEach(async () => {
    fx = await CentralFixture.start();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  async function putPatients(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => uuid());
    const reply = await fx.send('POST', '', {
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: ids.map((id, i) => ({ resource: patient(id, `Family${i}`), request: { method: 'PUT', url: `Patient/${id}` } })),
      },
    });
    expect(reply.status).toBe(200);
    return ids;
  }

  it('pages with _count through absolute next links, without duplicates or gaps', async () => {
    const ids = await putPatients(25);
    const pages = await fx.allPages('Patient?_count=10');
    expect(pages.map((p) => p.entry?.length)).toEqual([10, 10, 5]);
    for (const page of pages) expect(page.total).toBe(25);
    for (const page of pages.slice(0, -1)) {
      expect(page.link?.find((l) => l.relation === 'next')?.url.startsWith(`${fx.baseUrl}?`)).toBe(true);
    }
    expect(pages.at(-1)?.link?.some((l) => l.relation === 'next')).toBe(false);
    const seen = idsOf(pages);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...ids].sort());
    expect(pages[0]?.entry?.[0]?.fullUrl).toBe(`${fx.baseUrl}/Patient/${seen[0] ?? ''}`);
  });

  it('keeps the pages of one search consistent while resources change underneath', async () => {
    const ids = await putPatients(12);
    const first = (await fx.get('Patient?_sort=_lastUpdated&_count=5')).body as Bundle;
    const firstIds = idsOf(first);
    // An update moves a resource to the end of _lastUpdated order; offset paging would now skip one.
    await fx.put(patient(firstIds[0] ?? '', 'Changed'));
    await fx.put(patient(uuid(), 'Newcomer'));
    const rest = await fx.allPages(first.link?.find((l) => l.relation === 'next')?.url ?? 'missing');
    const seen = [...firstIds, ...idsOf(rest)];
    expect(new Set(seen).size).toBe(12);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('filters with _lastUpdated=ge and orders with _sort=_lastUpdated, as the sync pull does', async () => {
    const written: Patient[] = [];
    for (let i = 0; i < 5; i++) written.push(asResource(await fx.put(patient(uuid(), `P${i}`)), 'Patient'));
    const watermark = written[2]?.meta?.lastUpdated ?? '';
    const pages = await fx.allPages(`Patient?_lastUpdated=ge${encodeURIComponent(watermark)}&_sort=_lastUpdated&_count=2`);
    expect(idsOf(pages)).toEqual(written.slice(2).map((p) => p.id));
    const stamps = pages.flatMap((p) => p.entry ?? []).map((e) => e.resource?.meta?.lastUpdated ?? '');
    expect([...stamps].sort()).toEqual(stamps);

    const descending = (await fx.get('Patient?_sort=-_lastUpdated&_count=50')).body as Bundle;
    expect(idsOf(descending)).toEqual(written.map((p) => p.id).reverse());
    const later = (await fx.get(`Patient?_lastUpdated=gt${encodeURIComponent(written[4]?.meta?.lastUpdated ?? '')}`)).body as Bundle;
    expect(later.total).toBe(0);
  });

  it('answers _summary=count with the total and no entries', async () => {
    await putPatients(7);
    const reply = await fx.get('Patient?_summary=count');
    expect(reply.status).toBe(200);
    const bundle = reply.body as Bundle;
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(7);
    expect(bundle.entry).toBeUndefined();
  });

  it('matches search parameters and supports POST _search', async () => {
    const ids = await putPatients(3);
    const target = ids[1] ?? '';
    await fx.put(patient(target, 'Family1', { identifier: [{ system: 'urn:oid:2.16.320.1', value: 'CUI-123' }] }));
    const byIdentifier = (await fx.get('Patient?identifier=urn:oid:2.16.320.1|CUI-123')).body as Bundle;
    expect(idsOf(byIdentifier)).toEqual([target]);
    const byPost = await fx.send('POST', 'Patient/_search', {
      body: 'family=Family2',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(byPost.status).toBe(200);
    expect(idsOf(byPost.body as Bundle)).toEqual([ids[2]]);
  });

  it('refuses a parameter it cannot evaluate instead of returning nothing', async () => {
    await putPatients(1);
    for (const query of ['Patient?nonsense=1', 'Patient?_include=Patient:organization', 'Patient?_sort=nonsense']) {
      const reply = await fx.get(query);
      expect(reply.status).toBe(400);
      expect(asResource(reply, 'OperationOutcome').issue).not.toHaveLength(0);
    }
  });

  it('answers 410 for a page set that no longer exists', async () => {
    const reply = await fx.get(`?_getpages=${uuid()}&_getpagesoffset=10&_count=10`);
    expect(reply.status).toBe(410);
    expect(asResource(reply, 'OperationOutcome').issue).not.toHaveLength(0);
  });
});
