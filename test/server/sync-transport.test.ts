// The sync transport against the real central server, directly and through the fault proxy.
// Waits between attempts go to a recording sleep, so nothing here waits for real backoff.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FhirTransport, FhirTransportOptions, TransportProgress } from '../../src-core/sync/transport';
import { TransportError, createFhirTransport } from '../../src-core/sync/transport';
import type { FaultProxy } from '../harness/fault-proxy';
import { startFaultProxy } from '../harness/fault-proxy';
import { CentralFixture, patient, uuid } from './central-fixture';

const NOW = new Date('2026-10-21T07:28:00Z');

interface Rig {
  readonly transport: FhirTransport;
  readonly sleeps: number[];
  readonly progress: TransportProgress[];
}

function rig(baseUrl: string, options: Partial<FhirTransportOptions> = {}): Rig {
  const sleeps: number[] = [];
  const progress: TransportProgress[] = [];
  const transport = createFhirTransport({
    baseUrl,
    fetch: (input, init) => fetch(input, init),
    clock: { now: () => NOW },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    onProgress: (p) => progress.push(p),
    timeoutMs: 5_000,
    ...options,
  });
  return { transport, sleeps, progress };
}

const putEntry = (p: Patient & { id: string }, ifMatch?: string): NonNullable<Bundle['entry']>[number] => ({
  fullUrl: `urn:uuid:${p.id}`,
  resource: p,
  request: { method: 'PUT', url: `Patient/${p.id}`, ...(ifMatch === undefined ? {} : { ifMatch }) },
});
const tx = (...entry: NonNullable<Bundle['entry']>): Bundle => ({ resourceType: 'Bundle', type: 'transaction', entry });

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(TransportError);
    return err as TransportError;
  }
  throw new Error('expected a TransportError');
}

describe('sync transport against the central server', () => {
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

  it('reads metadata and a resource, and tells found, deleted and missing apart', async () => {
    const { transport } = rig(fx.baseUrl);
    expect((await transport.metadata()).resourceType).toBe('CapabilityStatement');
    const id = uuid();
    await fx.put(patient(id));
    const found = await transport.read('Patient', id);
    expect(found.kind === 'found' && found.resource.meta?.versionId).toBe('1');
    await fx.send('DELETE', `Patient/${id}`);
    expect(await transport.read('Patient', id)).toEqual({ kind: 'deleted' });
    expect(await transport.read('Patient', uuid())).toEqual({ kind: 'not-found' });
  });

  it('follows next links across pages (through the proxy) and counts with _summary=count', async () => {
    const ids = Array.from({ length: 7 }, () => uuid());
    for (const id of ids) await fx.put(patient(id));
    const { transport, progress } = rig(proxy.baseUrl);
    const pages: Bundle[] = [];
    for await (const page of transport.searchPages('Patient', { _count: '3', _sort: '_lastUpdated' })) pages.push(page);
    expect(pages.map((p) => p.entry?.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.entry?.map((e) => e.resource?.id))).toEqual(ids);
    expect((await transport.search('Patient', { _count: '2' })).length).toBe(7);
    expect(await transport.count('Patient', {})).toBe(7);
    expect(progress.some((p) => p.direction === 'down' && p.bytes > 0)).toBe(true);
  });

  it('lists history since an instant, deletes included, newest first', async () => {
    const kept = uuid();
    const gone = uuid();
    const first = (await fx.put(patient(gone))).body as Patient;
    // Just after the server's own instant for the first write (its instants strictly increase),
    // not the test's clock: the two may agree to the millisecond.
    const since = new Date(Date.parse(first.meta?.lastUpdated ?? '') + 1).toISOString();
    await fx.put(patient(kept));
    await fx.send('DELETE', `Patient/${gone}`);
    const { transport } = rig(fx.baseUrl);
    const entries = [];
    for await (const page of transport.historyPages('Patient', since, { _count: '1' })) entries.push(...(page.entry ?? []));
    expect(entries.map((e) => `${e.request?.method ?? ''} ${e.request?.url ?? ''}`)).toEqual([`DELETE Patient/${gone}`, `PUT Patient/${kept}`]);
  });

  it('sends a transaction of PUTs with If-Match, gzip-compressed, and surfaces a 412 as a conflict', async () => {
    const id = uuid();
    const { transport, progress } = rig(fx.baseUrl, { gzipMinBytes: 10 });
    const created = await transport.transaction(tx(putEntry(patient(id, 'Uno'))));
    expect(created.entry?.[0]?.response?.etag).toBe('W/"1"');
    const updated = await transport.transaction(tx(putEntry(patient(id, 'Dos'), 'W/"1"')));
    expect(updated.entry?.[0]?.response?.etag).toBe('W/"2"');
    expect(transport.gzipsRequests).toBe(true);
    expect(progress.filter((p) => p.direction === 'up').length).toBe(2);

    const stale = await failure(transport.transaction(tx(putEntry(patient(id, 'Tres'), 'W/"1"'))));
    expect(stale.status).toBe(412);
    expect(stale.outcome.issue[0]?.code).toBe('conflict');
    expect(stale.outcome.issue[0]?.details?.text).toMatch(/cambió en el servidor/);
    // The server's own outcome follows ours.
    expect(stale.outcome.issue[1]?.diagnostics).toMatch(/If-Match/);
  });

  it('falls back to plain bodies for good when a gzip body is refused with 415', async () => {
    proxy.planSequence([{ kind: 'respond', status: 415 }]);
    const { transport, sleeps } = rig(proxy.baseUrl, { gzipMinBytes: 10 });
    const id = uuid();
    await transport.transaction(tx(putEntry(patient(id))));
    expect(proxy.log.map((r) => r.headers['content-encoding'] ?? 'identity')).toEqual(['gzip', 'identity']);
    expect(transport.gzipsRequests).toBe(false);
    await transport.transaction(tx(putEntry(patient(id, 'Otra'))));
    expect(proxy.log[2]?.headers['content-encoding']).toBeUndefined();
    expect(sleeps).toEqual([]);
  });

  it('honours Retry-After on 429 and 503 (seconds and HTTP-date), and backs off after a 500', async () => {
    proxy.planSequence([
      { kind: 'respond', status: 429, retryAfter: '3' },
      { kind: 'respond', status: 503, retryAfter: 'Wed, 21 Oct 2026 07:28:10 GMT' },
      { kind: 'respond', status: 500 },
    ]);
    const { transport, sleeps } = rig(proxy.baseUrl, { retry: { baseDelayMs: 1_000 } });
    const id = uuid();
    await transport.transaction(tx(putEntry(patient(id))));
    // 3 s, 10 s from the date, then full jitter (random 0.5) under a 4 s ceiling for attempt 3.
    expect(sleeps).toEqual([3_000, 10_000, 2_000]);
    expect(proxy.log.map((r) => r.action)).toEqual(['respond', 'respond', 'respond', 'pass']);
    expect((await fx.get(`Patient/${id}`)).status).toBe(200);
  });

  it('gives up on a Retry-After beyond the cap with a throttled outcome carrying the wait', async () => {
    proxy.planSequence([{ kind: 'respond', status: 429, retryAfter: '3600' }]);
    const { transport, sleeps } = rig(proxy.baseUrl);
    const err = await failure(transport.read('Patient', uuid()));
    expect(err.outcome.issue[0]?.code).toBe('throttled');
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(sleeps).toEqual([]);
  });

  it('retries after a reset before the server saw the request, and after it committed: one resource', async () => {
    const first = uuid();
    const second = uuid();
    proxy.planSequence([{ kind: 'reset-before' }, { kind: 'pass' }, { kind: 'reset-after-commit' }]);
    const { transport, sleeps } = rig(proxy.baseUrl);
    await transport.transaction(tx(putEntry(patient(first))));
    await transport.transaction(tx(putEntry(patient(second))));
    expect(sleeps.length).toBe(2);
    const all = await transport.search('Patient', {});
    expect(all.map((p) => p.id).sort()).toEqual([first, second].sort());
    expect(proxy.log.slice(0, 4).map((r) => r.action)).toEqual(['reset-before', 'pass', 'reset-after-commit', 'pass']);
    // The lost answer made the retry a second PUT of identical content, which the server keeps as
    // a no-op: still one resource, still version 1.
    const read = await transport.read('Patient', second);
    expect(read.kind === 'found' && read.resource.meta?.versionId).toBe('1');
  });

  it('turns a reset mid-response and a stalled request into retries, and a non-idempotent POST into one attempt', async () => {
    await fx.put(patient(uuid()));
    proxy.planSequence([{ kind: 'reset-mid-response', afterBodyBytes: 20 }, { kind: 'stall' }]);
    const { transport, sleeps } = rig(proxy.baseUrl, { timeoutMs: 300 });
    expect((await transport.search('Patient', {})).length).toBe(1);
    expect(sleeps.length).toBe(2);

    proxy.planSequence([{ kind: 'reset-after-commit' }]);
    const post: Bundle = tx({ resource: patient(uuid()), request: { method: 'POST', url: 'Patient' } });
    const err = await failure(transport.transaction(post));
    expect(err.outcome.issue[0]?.code).toBe('transient');
    expect(err.outcome.issue[0]?.diagnostics).toMatch(/may or may not have applied/);
    expect(sleeps.length).toBe(2);
  });

  it('turns broken replies into precise outcomes instead of crashing', async () => {
    const { transport } = rig(proxy.baseUrl, { retry: { maxAttempts: 1 } });
    proxy.planSequence([{ kind: 'respond', status: 502, body: '<!DOCTYPE html><html><body>Bad gateway</body></html>', contentType: 'text/html' }]);
    const html = await failure(transport.read('Patient', 'x'));
    expect(html.outcome.issue[0]?.code).toBe('transient');
    expect(html.status).toBe(502);

    proxy.planSequence([{ kind: 'respond', status: 200, body: '<html>portal cautivo</html>', contentType: 'text/html' }]);
    const portal = await failure(transport.metadata());
    expect(portal.outcome.issue[0]?.code).toBe('structure');
    expect(portal.outcome.issue[0]?.diagnostics).toMatch(/text\/html \(an HTML page\), not FHIR JSON/);
    expect(portal.outcome.issue[0]?.details?.text).toMatch(/incompleta o no es FHIR/);

    proxy.planSequence([{ kind: 'respond', status: 200, body: '{"resourceType":"Bundle","type":"sea' }]);
    const truncated = await failure(transport.search('Patient', {}));
    expect(truncated.outcome.issue[0]?.diagnostics).toMatch(/not valid JSON/);

    proxy.planSequence([{ kind: 'respond', status: 200, body: '{"resourceType":"Patient","id":"x"}' }]);
    const wrongType = await failure(transport.metadata());
    expect(wrongType.outcome.issue[0]?.diagnostics).toMatch(/expected a CapabilityStatement, got a Patient/);
  });
});

describe('sync transport authentication', () => {
  let fx: CentralFixture;
  beforeEach(async () => {
    fx = await CentralFixture.start({ authToken: 's3cret' });
  });
  afterEach(async () => {
    await fx.dispose();
  });

  it('sends a static bearer token, and stops on a rejected one with a login outcome', async () => {
    const id = uuid();
    const good = rig(fx.baseUrl, { auth: { kind: 'bearer', token: 's3cret' } });
    await good.transport.transaction(tx(putEntry(patient(id))));
    expect((await good.transport.read('Patient', id)).kind).toBe('found');

    const bad = rig(fx.baseUrl, { auth: { kind: 'bearer', token: 'wrong' } });
    const err = await failure(bad.transport.read('Patient', id));
    expect(err.status).toBe(401);
    expect(err.outcome.issue[0]?.code).toBe('login');
    expect(err.outcome.issue[0]?.details?.text).toMatch(/^El servidor central rechazó las credenciales/);
    expect(bad.sleeps).toEqual([]);
  });

  it('fetches an OAuth2 client-credentials token, caches it, and refreshes it once on a 401', async () => {
    const issued: string[] = [];
    const grants: string[] = [];
    const tokenServer = createServer((req, res) => {
      let form = '';
      req.on('data', (c: Buffer) => (form += c.toString()));
      req.on('end', () => {
        grants.push(`${req.headers.authorization ?? ''} ${form}`);
        // The first token issued is stale (the server does not know it); the next ones are good.
        const token = issued.length === 0 ? 'stale' : 's3cret';
        issued.push(token);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    try {
      const tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
      const { transport } = rig(fx.baseUrl, { auth: { kind: 'client-credentials', tokenUrl, clientId: 'puesto 1', clientSecret: 'clave', scope: 'system/*.*' } });
      const id = uuid();
      await transport.transaction(tx(putEntry(patient(id))));
      expect((await transport.read('Patient', id)).kind).toBe('found');
      expect(issued).toEqual(['stale', 's3cret']);
      expect(grants[0]).toBe(`Basic ${Buffer.from('puesto+1:clave').toString('base64')} grant_type=client_credentials&scope=system%2F*.*`);
    } finally {
      await new Promise((resolve) => tokenServer.close(resolve));
    }
  });

  it('stops with a login outcome when the token endpoint refuses the client', async () => {
    const tokenServer = createServer((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"error":"invalid_client"}');
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    try {
      const tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
      const { transport } = rig(fx.baseUrl, { auth: { kind: 'client-credentials', tokenUrl, clientId: 'a', clientSecret: 'b' } });
      const err = await failure(transport.read('Patient', uuid()));
      expect(err.outcome.issue[0]?.code).toBe('login');
      expect(err.outcome.issue[0]?.diagnostics).toMatch(/token endpoint rejected/);
    } finally {
      await new Promise((resolve) => tokenServer.close(resolve));
    }
  });

  it('sends HTTP basic credentials (this server wants a bearer token, so the 401 stops the call)', async () => {
    const { transport, sleeps } = rig(fx.baseUrl, { auth: { kind: 'basic', username: 'enfermera', password: 'ñandú' } });
    const err = await failure(transport.read('Patient', uuid()));
    expect(err.outcome.issue[0]?.code).toBe('login');
    expect(sleeps).toEqual([]);
  });
});
