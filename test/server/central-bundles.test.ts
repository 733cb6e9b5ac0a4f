// Requirement 6: transaction and batch bundles, urn:uuid references, atomicity, PUT entries with
// client-assigned ids, and ifMatch on entries.
import type { Bundle, BundleEntry, Observation } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentralFixture, asResource, patient, uuid } from './central-fixture';

const transaction = (entry: BundleEntry[], type: 'transaction' | 'batch' = 'transaction'): Bundle => ({ resourceType: 'Bundle', type, entry });

const observationFor = (subject: string, extra: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { text: 'talla' },
  subject: { reference: subject },
  ...extra,
});

describe('central server batch and transaction', () => {
  let fx: CentralFixture;
  beforeEach(async () => {
    fx = await CentralFixture.start();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('rewrites urn:uuid references to the ids it assigns', async () => {
    const patientUrn = `urn:uuid:${uuid()}`;
    const reply = await fx.send('POST', '', {
      body: transaction([
        { fullUrl: `urn:uuid:${uuid()}`, resource: observationFor(patientUrn), request: { method: 'POST', url: 'Observation' } },
        { fullUrl: patientUrn, resource: { resourceType: 'Patient', name: [{ family: 'Ajú' }] }, request: { method: 'POST', url: 'Patient' } },
      ]),
    });
    expect(reply.status).toBe(200);
    const bundle = reply.body as Bundle;
    expect(bundle.type).toBe('transaction-response');
    const [obsEntry, patientEntry] = bundle.entry ?? [];
    const patientId = patientEntry?.resource?.id ?? '';
    expect(patientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(patientEntry?.response?.status).toBe('201');
    expect(patientEntry?.response?.etag).toBe('W/"1"');
    expect(patientEntry?.response?.location).toBe(`Patient/${patientId}/_history/1`);
    const stored = asResource(await fx.get(`Observation/${obsEntry?.resource?.id ?? ''}`), 'Observation');
    expect(stored.subject?.reference).toBe(`Patient/${patientId}`);
  });

  it('creates PUT entries with the client ids and rewrites references to their urn:uuid', async () => {
    const patientId = uuid();
    const obsId = uuid();
    const reply = await fx.send('POST', '', {
      body: transaction([
        { fullUrl: `urn:uuid:${patientId}`, resource: patient(patientId), request: { method: 'PUT', url: `Patient/${patientId}` } },
        {
          fullUrl: `urn:uuid:${obsId}`,
          resource: { ...observationFor(`urn:uuid:${patientId}`), id: obsId },
          request: { method: 'PUT', url: `Observation/${obsId}` },
        },
      ]),
    });
    expect(reply.status).toBe(200);
    expect((reply.body as Bundle).entry?.map((e) => e.response?.status)).toEqual(['201', '201']);
    expect(asResource(await fx.get(`Patient/${patientId}`), 'Patient').id).toBe(patientId);
    expect(asResource(await fx.get(`Observation/${obsId}`), 'Observation').subject?.reference).toBe(`Patient/${patientId}`);
  });

  it('writes nothing when one entry of a transaction fails', async () => {
    const good = uuid();
    const badObs = uuid();
    const reply = await fx.send('POST', '', {
      body: transaction([
        { resource: patient(good), request: { method: 'PUT', url: `Patient/${good}` } },
        // Observation.status is required: this entry is invalid.
        { resource: { resourceType: 'Observation', id: badObs, code: { text: 'x' } } as Observation, request: { method: 'PUT', url: `Observation/${badObs}` } },
      ]),
    });
    expect(reply.status).toBe(400);
    expect(asResource(reply, 'OperationOutcome').issue).not.toHaveLength(0);
    expect((await fx.get(`Patient/${good}`)).status).toBe(404);
    expect(((await fx.get('_history')).body as Bundle).total).toBe(0);
    await fx.restart();
    expect((await fx.get(`Patient/${good}`)).status).toBe(404);
  });

  it('honours ifMatch on transaction entries', async () => {
    const existing = uuid();
    await fx.put(patient(existing, 'Base'));
    const fresh = uuid();
    const ok = await fx.send('POST', '', {
      body: transaction([
        { resource: patient(existing, 'Nueva'), request: { method: 'PUT', url: `Patient/${existing}`, ifMatch: 'W/"1"' } },
        { resource: patient(fresh), request: { method: 'PUT', url: `Patient/${fresh}` } },
      ]),
    });
    expect(ok.status).toBe(200);
    expect((ok.body as Bundle).entry?.[0]?.response?.etag).toBe('W/"2"');

    const other = uuid();
    const stale = await fx.send('POST', '', {
      body: transaction([
        { resource: patient(other), request: { method: 'PUT', url: `Patient/${other}` } },
        { resource: patient(existing, 'Vieja'), request: { method: 'PUT', url: `Patient/${existing}`, ifMatch: 'W/"1"' } },
      ]),
    });
    expect(stale.status).toBe(412);
    expect((await fx.get(`Patient/${other}`)).status).toBe(404);
    expect(asResource(await fx.get(`Patient/${existing}`), 'Patient').name?.[0]?.family).toBe('Nueva');
  });

  it('deletes in a transaction with ifMatch', async () => {
    const id = uuid();
    await fx.put(patient(id));
    const stale = await fx.send('POST', '', {
      body: transaction([{ request: { method: 'DELETE', url: `Patient/${id}`, ifMatch: 'W/"7"' } }]),
    });
    expect(stale.status).toBe(412);
    const ok = await fx.send('POST', '', {
      body: transaction([{ request: { method: 'DELETE', url: `Patient/${id}`, ifMatch: 'W/"1"' } }]),
    });
    expect(ok.status).toBe(200);
    expect((await fx.get(`Patient/${id}`)).status).toBe(410);
  });

  it('accepts a transaction of more than 50 PUT entries, and answers it minimally when asked', async () => {
    const ids = Array.from({ length: 60 }, () => uuid());
    const reply = await fx.send('POST', '', {
      body: transaction(ids.map((id) => ({ resource: patient(id), request: { method: 'PUT', url: `Patient/${id}` } }))),
      headers: { Prefer: 'return=minimal' },
    });
    expect(reply.status).toBe(200);
    const entries = (reply.body as Bundle).entry ?? [];
    expect(entries).toHaveLength(60);
    expect(entries.every((e) => e.resource === undefined && e.response?.etag === 'W/"1"')).toBe(true);
    expect(((await fx.get('Patient?_summary=count')).body as Bundle).total).toBe(60);
  });

  it('processes batch entries independently', async () => {
    const good = uuid();
    const bad = uuid();
    const reply = await fx.send('POST', '', {
      body: transaction(
        [
          { resource: patient(good), request: { method: 'PUT', url: `Patient/${good}` } },
          { resource: { resourceType: 'Observation', id: bad, code: { text: 'x' } } as Observation, request: { method: 'PUT', url: `Observation/${bad}` } },
        ],
        'batch',
      ),
    });
    expect(reply.status).toBe(200);
    const bundle = reply.body as Bundle;
    expect(bundle.type).toBe('batch-response');
    expect(bundle.entry?.map((e) => e.response?.status)).toEqual(['201', '400']);
    expect((await fx.get(`Patient/${good}`)).status).toBe(200);
    expect((await fx.get(`Observation/${bad}`)).status).toBe(404);
  });
});
