// The fault proxy in front of the real central server: each action does what it says.
import { gzipSync } from 'node:zlib';
import type { Bundle } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultProxy } from '../harness/fault-proxy';
import { startFaultProxy } from '../harness/fault-proxy';
import { CentralFixture, FHIR_JSON, patient, uuid } from './central-fixture';

describe('fault proxy', () => {
  let fx: CentralFixture;
  let proxy: FaultProxy;
  beforeEach(async () => {
    fx = await CentralFixture.start();
    proxy = await startFaultProxy({ target: fx.baseUrl });
  });
  afterEach(async () => {
    await proxy.close();
    await fx.dispose();
  });

  /** PUTs a patient through the proxy and reads the whole answer (so the connection is free again). */
  const put = async (id: string, extra: Record<string, unknown> = {}, signal?: AbortSignal): Promise<{ status: number; headers: Headers; text: string }> => {
    const reply = await fetch(`${proxy.baseUrl}/Patient/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': FHIR_JSON },
      body: JSON.stringify({ ...patient(id), ...extra }),
      ...(signal === undefined ? {} : { signal }),
    });
    return { status: reply.status, headers: reply.headers, text: await reply.text() };
  };
  const statusOnServer = async (id: string): Promise<number> => (await fx.get(`Patient/${id}`)).status;

  it('passes requests through and counts each one on a keep-alive connection', async () => {
    const id = uuid();
    expect((await put(id)).status).toBe(201);
    for (let i = 0; i < 3; i += 1) {
      const reply = await fetch(`${proxy.baseUrl}/Patient/${id}`);
      expect(reply.status).toBe(200);
      await reply.arrayBuffer();
    }
    expect(proxy.counters.requests).toBe(4);
    expect(proxy.counters.connections).toBe(1);
    expect(proxy.log.map((r) => `${r.index} ${r.method} ${r.action}`)).toEqual(['0 PUT pass', '1 GET pass', '2 GET pass', '3 GET pass']);
    expect(proxy.counters.bytesToServer).toBe(proxy.counters.bytesFromClient);
    expect(proxy.counters.bytesToClient).toBe(proxy.counters.bytesFromServer);
  });

  it('counts requests with chunked bodies and passes gzip bodies untouched', async () => {
    const id = uuid();
    const gz = gzipSync(Buffer.from(JSON.stringify(patient(id, 'Comprimido'))));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(gz.subarray(0, 10));
        controller.enqueue(gz.subarray(10));
        controller.close();
      },
    });
    const reply = await fetch(`${proxy.baseUrl}/Patient/${id}`, {
      method: 'PUT',
      headers: { 'Content-Type': FHIR_JSON, 'Content-Encoding': 'gzip' },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(reply.status).toBe(201);
    expect(proxy.log[0]?.headers['transfer-encoding']).toBe('chunked');
    const read = await fetch(`${proxy.baseUrl}/Patient/${id}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(read.headers.get('content-encoding')).toBe('gzip');
    expect(((await read.json()) as { name: { family: string }[] }).name[0]?.family).toBe('Comprimido');
    expect(proxy.counters.requests).toBe(2);
  });

  it('delays a request and it still succeeds', async () => {
    proxy.planSequence([{ kind: 'delay', ms: 50 }]);
    expect((await put(uuid())).status).toBe(201);
    expect(proxy.log[0]?.action).toBe('delay');
  });

  it('stalls: the client times out and the server never sees the request', async () => {
    const id = uuid();
    proxy.planSequence([{ kind: 'stall' }]);
    await expect(put(id, {}, AbortSignal.timeout(200))).rejects.toThrow();
    expect(proxy.counters.bytesToServer).toBe(0);
    expect(await statusOnServer(id)).toBe(404);
  });

  it('reset-before: the client sees an error and the server nothing', async () => {
    const id = uuid();
    proxy.planSequence([{ kind: 'reset-before' }]);
    await expect(put(id)).rejects.toThrow();
    expect(proxy.counters.bytesToServer).toBe(0);
    expect(await statusOnServer(id)).toBe(404);
  });

  it('reset-after-commit: the client sees an error but the resource exists on the server', async () => {
    const id = uuid();
    proxy.planSequence([{ kind: 'reset-after-commit' }]);
    await expect(put(id)).rejects.toThrow();
    expect(proxy.counters.bytesFromServer).toBeGreaterThan(0);
    expect(proxy.counters.bytesToClient).toBe(0);
    expect(await statusOnServer(id)).toBe(200);
  });

  it('reset-mid-request: the server gets a partial body and stores nothing', async () => {
    const id = uuid();
    proxy.planSequence([{ kind: 'reset-mid-request', afterBodyBytes: 10 }]);
    await expect(put(id)).rejects.toThrow();
    expect(await statusOnServer(id)).toBe(404);
  });

  it('reset-mid-response: the client gets the head and part of the body, then an error', async () => {
    for (let i = 0; i < 5; i += 1) expect((await fx.put(patient(uuid()))).status).toBe(201);
    proxy.planSequence([{ kind: 'reset-mid-response', afterBodyBytes: 40 }]);
    const reply = await fetch(`${proxy.baseUrl}/Patient`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(reply.status).toBe(200);
    await expect(reply.text()).rejects.toThrow();
    expect(proxy.counters.bytesToClient).toBeLessThan(proxy.counters.bytesFromServer);
  });

  it('answers 503 and 429 with Retry-After by itself, then passes the next request', async () => {
    const id = uuid();
    proxy.planSequence([
      { kind: 'respond', status: 503, retryAfter: '7' },
      { kind: 'respond', status: 429, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' },
      { kind: 'respond', status: 500 },
    ]);
    const first = await put(id);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect((JSON.parse(first.text) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    const second = await put(id);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('Wed, 21 Oct 2026 07:28:00 GMT');
    const third = await put(id);
    expect(third.status).toBe(500);
    expect(proxy.counters.bytesToServer).toBe(0);
    expect(await statusOnServer(id)).toBe(404);
    expect((await put(id)).status).toBe(201);
    expect(proxy.log.map((r) => r.action)).toEqual(['respond', 'respond', 'respond', 'pass']);
  });

  it('throttles and adds latency both ways while the traffic arrives intact', async () => {
    proxy.setLink({ latencyMs: { toServer: 5, toClient: 5 }, bytesPerSecond: { toServer: 400_000, toClient: 400_000 } });
    const id = uuid();
    const note = 'x'.repeat(30_000);
    expect((await put(id, { extension: [{ url: 'https://example.org/note', valueString: note }] })).status).toBe(201);
    const reply = await fetch(`${proxy.baseUrl}/Patient/${id}`, { headers: { 'Accept-Encoding': 'identity' } });
    const body = (await reply.json()) as { extension: { valueString: string }[] };
    expect(body.extension[0]?.valueString).toBe(note);
    expect(proxy.counters.bytesToServer).toBeGreaterThan(30_000);
    expect(proxy.counters.bytesToClient).toBeGreaterThan(30_000);
    const pages = await fetch(`${proxy.baseUrl}/Patient?_count=1`);
    expect(((await pages.json()) as Bundle).total).toBe(1);
  });
});
