// Requirements 9 to 14: gzip both ways, CORS, metadata, bearer auth, bad bodies, unknown routes,
// content type and the body size limit.
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CentralFixture, FHIR_JSON, asResource, patient, uuid } from './central-fixture';

interface RawReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** node:http, because fetch adds Accept-Encoding and inflates responses by itself. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }); });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const parse = (buffer: Buffer): unknown => JSON.parse(buffer.toString('utf8'));

describe('central server HTTP behaviour', () => {
  let fx: CentralFixture;
  beforeEach(async () => {
    fx = await CentralFixture.start();
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('gzips a response when the client accepts gzip, and not otherwise', async () => {
    const id = uuid();
    await fx.put(patient(id));
    const zipped = await raw(fx.url(`Patient/${id}`), { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(asPatient(parse(gunzipSync(zipped.body))).id).toBe(id);

    const plain = await raw(fx.url(`Patient/${id}`));
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(asPatient(parse(plain.body)).id).toBe(id);
    const refused = await raw(fx.url(`Patient/${id}`), { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('accepts a gzip request body', async () => {
    const id = uuid();
    const reply = await raw(fx.url(`Patient/${id}`), {
      method: 'PUT',
      headers: { 'Content-Type': FHIR_JSON, 'Content-Encoding': 'gzip' },
      body: gzipSync(JSON.stringify(patient(id, 'Comprimido'))),
    });
    expect(reply.status).toBe(201);
    expect(asResource(await fx.get(`Patient/${id}`), 'Patient').name?.[0]?.family).toBe('Comprimido');
  });

  it('answers CORS preflights and exposes the version headers', async () => {
    const preflight = await raw(fx.url(`Patient/${uuid()}`), {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'authorization, content-type, if-match',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toContain('PUT');
    expect(preflight.headers['access-control-allow-headers']).toContain('if-match');

    const id = uuid();
    const put = await raw(fx.url(`Patient/${id}`), {
      method: 'PUT',
      headers: { Origin: 'http://localhost:5173', 'Content-Type': FHIR_JSON },
      body: Buffer.from(JSON.stringify(patient(id))),
    });
    expect(put.headers['access-control-allow-origin']).toBe('*');
    const exposed = (put.headers['access-control-expose-headers'] ?? '').toLowerCase();
    for (const header of ['etag', 'location', 'last-modified']) expect(exposed).toContain(header);
  });

  it('serves a CapabilityStatement for FHIR 4.0.1 at /metadata', async () => {
    const reply = await fx.get('metadata');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const statement = asResource(reply, 'CapabilityStatement');
    expect(statement.resourceType).toBe('CapabilityStatement');
    expect(statement.fhirVersion).toBe('4.0.1');
    const patientCapability = statement.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    expect(patientCapability?.updateCreate).toBe(true);
  });

  it('answers a malformed or non-FHIR body with 400 and keeps serving', async () => {
    for (const body of ['{"resourceType": "Patient", ', '[1, 2, 3]', '{"name": "no type"}', '"text"']) {
      const reply = await fx.send('POST', 'Patient', { body });
      expect(reply.status).toBe(400);
      expect(asResource(reply, 'OperationOutcome').issue).not.toHaveLength(0);
      expect(reply.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    }
    const unknownElement = await fx.send('POST', 'Patient', { body: { ...patient('x'), favouriteColour: 'blue' } });
    expect(unknownElement.status).toBe(400);
    expect((await fx.send('POST', 'Patient', { body: '{}', headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await fx.put(patient(uuid()))).status).toBe(201);
  });

  it('answers unknown routes and types with 404 and an OperationOutcome', async () => {
    for (const url of [fx.url('Patient/1/_history/1/extra'), fx.url('NotAType/1'), fx.baseUrl.replace('/fhir/R4', '/elsewhere')]) {
      const reply = await fx.get(url);
      expect(reply.status).toBe(404);
      expect(asResource(reply, 'OperationOutcome').issue).not.toHaveLength(0);
    }
    expect((await fx.get(`Patient/${uuid()}`)).status).toBe(404);
    const patch = await fx.send('PATCH', `Patient/${uuid()}`, { body: '[]', headers: { 'Content-Type': 'application/json-patch+json' } });
    expect(patch.status).toBe(405);
  });

  it('refuses bodies over 20 MB with 413, plain or gzip, and keeps serving', async () => {
    const huge = JSON.stringify({ ...patient(uuid()), text: { status: 'generated', div: 'x'.repeat(21 * 1024 * 1024) } });
    const plain = await fx.send('POST', 'Patient', { body: huge });
    expect(plain.status).toBe(413);
    expect(asResource(plain, 'OperationOutcome').issue).not.toHaveLength(0);

    const bomb = await raw(fx.url('Patient'), {
      method: 'POST',
      headers: { 'Content-Type': FHIR_JSON, 'Content-Encoding': 'gzip' },
      body: gzipSync(huge),
    });
    expect(bomb.status).toBe(413);
    expect((await fx.put(patient(uuid()))).status).toBe(201);
  });
});

describe('central server bearer auth', () => {
  const token = 'test-token-0123456789';
  let fx: CentralFixture;
  beforeEach(async () => {
    fx = await CentralFixture.start({ authToken: token });
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('requires the token everywhere except metadata and preflights', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong-token' }, { Authorization: token }]) {
      const reply = await fx.get('Patient', headers);
      expect(reply.status).toBe(401);
      expect(asResource(reply, 'OperationOutcome').issue).not.toHaveLength(0);
      expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const write = await fx.send('PUT', `Patient/${uuid()}`, { body: patient('x') });
    expect(write.status).toBe(401);

    const authorized = await fx.get('Patient', { Authorization: `Bearer ${token}` });
    expect(authorized.status).toBe(200);
    expect((authorized.body as Bundle).type).toBe('searchset');
    expect((await fx.get('metadata')).status).toBe(200);
    const preflight = await raw(fx.url('Patient'), { method: 'OPTIONS', headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBe(204);
  });
});

function asPatient(value: unknown): Patient {
  return value as Patient;
}
