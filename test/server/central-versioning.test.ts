// Requirements 4, 5, 7 and 8: ETag and Last-Modified, If-Match on PUT and DELETE, If-None-Exist,
// client-assigned ids by PUT, and Prefer: return=.
import type { Bundle } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentralFixture, asResource, patient, uuid } from './central-fixture';

describe('central server versions and preconditions', () => {
  let fx: CentralFixture;
  beforeEach(async () => {
    fx = await CentralFixture.start();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('sends ETag and Last-Modified on create, read and update, and Location on create', async () => {
    const created = await fx.post(patient('client-id-ignored'));
    expect(created.status).toBe(201);
    const body = asResource(created, 'Patient');
    expect(body.id).not.toBe('client-id-ignored');
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.headers.get('location')).toBe(`${fx.baseUrl}/Patient/${body.id ?? ''}/_history/1`);
    expect(Date.parse(created.headers.get('last-modified') ?? '')).toBe(Math.floor(Date.parse(body.meta?.lastUpdated ?? '') / 1000) * 1000);
    expect(created.headers.get('content-type')).toMatch(/^application\/fhir\+json/);

    const read = await fx.get(`Patient/${body.id ?? ''}`);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(read.headers.get('last-modified')).toBe(created.headers.get('last-modified'));

    const updated = await fx.put({ ...body, id: body.id ?? '', gender: 'female' });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('W/"2"');
    expect(updated.headers.get('last-modified')).not.toBeNull();
  });

  it('creates with a client-assigned id on the first PUT (201) and updates after (200)', async () => {
    const id = uuid();
    const first = await fx.put(patient(id, 'Primera'));
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(`${fx.baseUrl}/Patient/${id}/_history/1`);
    expect(asResource(first, 'Patient').id).toBe(id);
    const second = await fx.put(patient(id, 'Segunda'));
    expect(second.status).toBe(200);
    expect(asResource(second, 'Patient').meta?.versionId).toBe('2');
    // A retried upload of the same content is not a new version (as HAPI).
    const retry = await fx.put(patient(id, 'Segunda'));
    expect(retry.status).toBe(200);
    expect(retry.headers.get('etag')).toBe('W/"2"');
  });

  it('answers a stale If-Match on PUT with 412 and leaves the resource alone', async () => {
    const id = uuid();
    await fx.put(patient(id, 'Base'));
    await fx.put(patient(id, 'Servidor'));
    const stale = await fx.put(patient(id, 'Cliente'), { 'If-Match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect(asResource(stale, 'OperationOutcome').issue).not.toHaveLength(0);
    expect(asResource(await fx.get(`Patient/${id}`), 'Patient').name?.[0]?.family).toBe('Servidor');

    const current = await fx.put(patient(id, 'Cliente'), { 'If-Match': 'W/"2"' });
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe('W/"3"');
    expect((await fx.put(patient(id, 'X'), { 'If-Match': 'not an etag"' })).status).toBe(400);
  });

  it('answers a stale If-Match on DELETE with 412, and deletes with the current one', async () => {
    const id = uuid();
    await fx.put(patient(id, 'Uno'));
    await fx.put(patient(id, 'Dos'));
    const stale = await fx.send('DELETE', `Patient/${id}`, { headers: { 'If-Match': 'W/"1"' } });
    expect(stale.status).toBe(412);
    expect(asResource(stale, 'OperationOutcome').issue).not.toHaveLength(0);
    expect((await fx.get(`Patient/${id}`)).status).toBe(200);

    expect((await fx.send('DELETE', `Patient/${id}`, { headers: { 'If-Match': 'W/"2"' } })).status).toBe(200);
    expect((await fx.get(`Patient/${id}`)).status).toBe(410);
    // Deleting again is idempotent.
    expect((await fx.send('DELETE', `Patient/${id}`)).status).toBe(200);
  });

  it('creates once with If-None-Exist and returns the existing resource after', async () => {
    const withIdentifier = { resourceType: 'Patient' as const, identifier: [{ system: 'urn:ceiba:cui', value: '1234567890101' }] };
    const condition = { 'If-None-Exist': 'identifier=urn:ceiba:cui|1234567890101' };
    const first = await fx.post(withIdentifier, condition);
    expect(first.status).toBe(201);
    const second = await fx.post(withIdentifier, condition);
    expect(second.status).toBe(200);
    expect(asResource(second, 'Patient').id).toBe(asResource(first, 'Patient').id);
    expect(((await fx.get('Patient?_summary=count')).body as Bundle).total).toBe(1);
  });

  it('honours Prefer: return=minimal and return=representation', async () => {
    const minimal = await fx.put(patient(uuid()), { Prefer: 'return=minimal' });
    expect(minimal.status).toBe(201);
    expect(minimal.text).toBe('');
    expect(minimal.headers.get('etag')).toBe('W/"1"');
    expect(minimal.headers.get('location')).toMatch(/\/Patient\/[0-9a-f-]+\/_history\/1$/);

    const minimalPost = await fx.post(patient('x'), { Prefer: 'return=minimal' });
    expect(minimalPost.status).toBe(201);
    expect(minimalPost.text).toBe('');
    expect(minimalPost.headers.get('location')).not.toBeNull();

    const representation = await fx.put(patient(uuid()), { Prefer: 'return=representation' });
    expect(asResource(representation, 'Patient').meta?.versionId).toBe('1');
    const byDefault = await fx.put(patient(uuid()));
    expect(asResource(byDefault, 'Patient').meta?.versionId).toBe('1');
  });
});
