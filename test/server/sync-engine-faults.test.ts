// The sync engine when the server or the link misbehaves: a resource the server refuses, refused
// credentials, throttling with Retry-After, a failing server, paging that expires, a cancelled run,
// and a run that dies between the server's commit and the acknowledgement.
import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaultProxy } from '../harness/fault-proxy';
import { startFaultProxy } from '../harness/fault-proxy';
import { CentralFixture, uuid } from './central-fixture';
import type { Device, DeviceOptions } from './sync-engine-rig';
import { contents, newObservation, newPatient, openDevice, serverContents } from './sync-engine-rig';

/**
 * HAPI FHIR, the production server, refuses a write whose reference points to a resource it does
 * not have (referential integrity, "HAPI-1094: Resource Patient/… not found, specified in path:
 * Observation.subject"), and so does any transaction holding such an entry. The reference server
 * does not check references, and every other check it makes (base R4 validation) the device's
 * store makes first, so there is no real refusal to provoke through it: the proxy plays HAPI's
 * rule for the patient ids the test names.
 */
function refuseReferencesTo(missing: ReadonlySet<string>): (body: string) => { kind: 'respond'; status: number; body: string } | undefined {
  return (body) => {
    const bundle = JSON.parse(body) as Bundle;
    for (const [index, entry] of (bundle.entry ?? []).entries()) {
      const reference = (entry.resource as Observation | undefined)?.subject?.reference;
      const id = reference?.startsWith('Patient/') === true ? reference.slice('Patient/'.length) : undefined;
      if (id === undefined || !missing.has(id)) continue;
      return {
        kind: 'respond',
        status: 400,
        body: JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [
            {
              severity: 'error',
              code: 'processing',
              diagnostics: `HAPI-1094: Resource ${reference ?? ''} not found, specified in path: Observation.subject`,
              expression: [`Bundle.entry[${String(index)}].resource.subject`],
            },
          ],
        }),
      };
    }
    return undefined;
  };
}

describe('sync engine under faults', () => {
  let fx: CentralFixture;
  let proxy: FaultProxy;
  const devices: Device[] = [];
  const device = async (options: DeviceOptions = {}, through: 'proxy' | 'direct' = 'proxy'): Promise<Device> => {
    const d = await openDevice(through === 'proxy' ? proxy.baseUrl : fx.baseUrl, options);
    devices.push(d);
    return d;
  };

  beforeEach(async () => {
    fx = await CentralFixture.start();
    proxy = await startFaultProxy({ target: fx.baseUrl });
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    await proxy.close();
    await fx.dispose();
  });

  it('isolates a resource the server refuses: the rest lands, the refused one waits on the needs-attention list', async () => {
    const a = await device();
    const patients: string[] = [];
    for (let i = 0; i < 6; i++) patients.push((await a.store.create(newPatient(`Fam${String(i)}`))).id);
    const ghost = uuid();
    const observations: string[] = [];
    for (const [i, p] of patients.entries()) observations.push((await a.store.create(newObservation(p, 12 + i / 10))).id);
    // Recorded for a patient the central office has merged away (the device still refers to it).
    const poison = await a.store.create(newObservation(ghost, 11.5));
    proxy.plan((q) => (q.method === 'POST' ? { kind: 'inspect', answer: refuseReferencesTo(new Set([ghost])) } : { kind: 'pass' }));

    const r = await a.engine.run();
    expect(r.outcome).toBe('succeeded');
    expect(r.pushed).toBe(12);
    expect(r.attention).toBe(1);
    expect(r.transactions).toBeGreaterThan(1);
    // Split until the refused entry stood alone: log2(13) levels at most.
    expect(a.transitions.filter((t) => t.event.type === 'batch-ready').length).toBeLessThanOrEqual(2 * 13);
    const [item] = await a.store.attention();
    expect(item).toMatchObject({ resourceType: 'Observation', id: poison.id, versionId: '1' });
    expect(item?.outcome.issue[0]?.details?.text).toMatch(/rechazó este registro/);
    expect(item?.outcome.issue.some((i) => i.diagnostics?.startsWith('HAPI-1094') === true)).toBe(true);
    expect((await fx.get(`Observation/${poison.id}`)).status).toBe(404);
    const onServer = await serverContents(a.transport);
    expect(onServer).toHaveLength(12);
    expect(onServer.filter((s) => s.startsWith(`Observation/${poison.id}`))).toEqual([]);
    expect((await a.engine.status()).attention).toHaveLength(1);

    // The next run does not send it again while nobody has touched it.
    a.requests.length = 0;
    const again = await a.engine.run();
    expect(again.pushed).toBe(0);
    expect(a.requests.filter((q) => q.startsWith('POST'))).toEqual([]);

    // Asked to try again untouched, it is sent (alone: it is the whole outbox) and refused again.
    await a.engine.retryAttention('Observation', poison.id);
    expect(await a.store.attention()).toEqual([]);
    a.requests.length = 0;
    const retried = await a.engine.run();
    expect([retried.pushed, retried.attention]).toEqual([0, 1]);
    expect(a.requests.filter((q) => q.startsWith('POST'))).toHaveLength(1);
    proxy.plan(() => ({ kind: 'pass' }));

    // A person corrects it: the new version goes up and the item leaves the list.
    const fixed = await a.store.read('Observation', poison.id);
    await a.store.update({ ...fixed, subject: { reference: `Patient/${patients[0] ?? ''}` } });
    const afterFix = await a.engine.run();
    expect(afterFix.pushed).toBe(1);
    expect(await a.store.attention()).toEqual([]);
    expect(await contents(a.store)).toEqual(await serverContents(a.transport));
  });

  describe('with a server that wants a bearer token', () => {
    let secured: CentralFixture;
    beforeEach(async () => {
      secured = await CentralFixture.start({ authToken: 's3cret' });
    });
    afterEach(async () => {
      await secured.dispose();
    });

    it('stops at the first 401 with a Spanish message, retries nothing, and keeps the outbox', async () => {
      const bad = await openDevice(secured.baseUrl, { auth: { kind: 'bearer', token: 'vieja' } });
      devices.push(bad);
      await bad.store.create(newPatient('Xol'));
      const r = await bad.engine.run();
      expect(r.outcome).toBe('login-required');
      expect(r.error?.issue[0]?.code).toBe('login');
      expect(r.error?.issue[0]?.details?.text).toMatch(/^La sincronización se detuvo porque el servidor central no aceptó las credenciales/);
      expect(bad.requests).toEqual(['POST ']);
      expect(bad.sleeps).toEqual([]);
      expect((await bad.store.stats()).pendingChanges).toBe(1);
      expect(await bad.store.attention()).toEqual([]);
      const status = await bad.engine.status();
      expect(status.lastRun).toMatchObject({ outcome: 'login-required', code: 'login' });
      expect(status.lastSuccessAt).toBeUndefined();

      // Nothing to push: the pull's first request meets the same wall.
      const reader = await openDevice(secured.baseUrl, { auth: { kind: 'bearer', token: 'vieja' } });
      devices.push(reader);
      expect((await reader.engine.run()).outcome).toBe('login-required');
      expect(reader.requests).toEqual(['GET Patient']);

      const good = await openDevice(secured.baseUrl, { auth: { kind: 'bearer', token: 's3cret' } });
      devices.push(good);
      await good.store.create(newPatient('Tzoc'));
      expect((await good.engine.run()).outcome).toBe('succeeded');
    });
  });

  it('honours Retry-After on 429 and 503, then completes', async () => {
    const a = await device();
    await a.store.create(newPatient('Xol'));
    proxy.planSequence([
      { kind: 'respond', status: 429, retryAfter: '2' },
      { kind: 'respond', status: 503, retryAfter: '1' },
    ]);
    const r = await a.engine.run();
    expect(r.outcome).toBe('succeeded');
    expect(r.pushed).toBe(1);
    expect(a.sleeps).toEqual([2_000, 1_000]);
    expect(proxy.log.slice(0, 3).map((q) => `${q.method} ${q.action}`)).toEqual(['POST respond', 'POST respond', 'POST pass']);
  });

  it('ends as "retry later" when the server asks to wait longer than the transport will, with nothing put on a list', async () => {
    const a = await device();
    await a.store.create(newPatient('Xol'));
    // The push goes through; the pull's first request (the count) is told to come back in an hour.
    proxy.plan((q) => (q.method === 'GET' ? { kind: 'respond', status: 503, retryAfter: '3600' } : { kind: 'pass' }));
    const r = await a.engine.run();
    expect(r.outcome).toBe('failed');
    expect(r.pushed).toBe(1);
    expect(r.retryAfterMs).toBe(3_600_000);
    expect(r.error?.issue[0]?.details?.text).toMatch(/se reintentará automáticamente/);
    expect(a.sleeps).toEqual([]);
    expect(await a.store.attention()).toEqual([]);
    expect(await a.store.conflicts()).toEqual([]);
    expect((await a.engine.status()).lastRun?.outcome).toBe('failed');

    proxy.plan(() => ({ kind: 'pass' }));
    expect((await a.engine.run()).outcome).toBe('succeeded');
    expect(await contents(a.store)).toEqual(await serverContents(a.transport));
  });

  it('a server failing every attempt ends the run for later, never on the needs-attention list', async () => {
    const a = await device();
    await a.store.create(newPatient('Xol'));
    proxy.plan(() => ({ kind: 'respond', status: 500 }));
    const r = await a.engine.run();
    expect(r.outcome).toBe('failed');
    expect(r.error?.issue[0]?.code).toBe('transient');
    // The transport's attempts with backoff; no splitting of a batch for a server failure.
    expect(a.sleeps).toHaveLength(5);
    expect(await a.store.attention()).toEqual([]);
    expect((await a.store.stats()).pendingChanges).toBe(1);
    proxy.plan(() => ({ kind: 'pass' }));
    expect((await a.engine.run()).pushed).toBe(1);
  });

  it('starts a type again from its watermark when the server forgot the paging (410), without duplicates', async () => {
    for (let i = 0; i < 9; i++) await fx.put({ ...newPatient(`P${String(i)}`), id: uuid() });
    const a = await device({ engine: { pageSize: 3 } });
    let evicted = false;
    a.engine.onTransition(async (t) => {
      if (evicted || t.event.type !== 'page-applied') return;
      evicted = true;
      // The server keeps at most 100 page sets: 101 other paged searches push ours out.
      for (let i = 0; i < 101; i++) await fx.get('Patient?_count=1');
    });
    const r = await a.engine.run();
    expect(r.outcome).toBe('succeeded');
    expect(a.transitions.filter((t) => t.event.type === 'restart-type')).toHaveLength(1);
    expect(r.pulled).toBe(9);
    // The restart re-read the first page's last version (the watermark boundary) and dropped it.
    expect(r.unchanged).toBe(1);
    expect(await contents(a.store)).toEqual(await serverContents(a.transport));
  });

  it('a cancelled run stops where it is and the next one finishes the job', async () => {
    for (let i = 0; i < 6; i++) await fx.put({ ...newPatient(`P${String(i)}`), id: uuid() });
    const a = await device({ engine: { pageSize: 2 } });
    const abort = new AbortController();
    a.engine.onTransition((t) => {
      if (t.event.type === 'page-applied') abort.abort();
    });
    const r = await a.engine.run({ signal: abort.signal });
    expect(r.outcome).toBe('cancelled');
    expect(r.pulled).toBe(2);
    const again = await a.engine.run();
    expect(again.outcome).toBe('succeeded');
    expect(again.pulled).toBe(4);
    expect(await contents(a.store)).toEqual(await serverContents(a.transport));
  });

  it('dies after the server committed and before the acknowledgement was written: the next run converges with no duplicate version', async () => {
    const a = await device();
    const p = await a.store.create(newPatient('Xol'));
    await a.engine.run();
    await a.store.update({ ...(await a.store.read('Patient', p.id)), gender: 'other' });
    await a.store.create(newPatient('Nuevo'));
    const crash = new Error('power cut');
    const off = a.engine.onTransition((t) => {
      if (t.to.name === 'recording-acks') throw crash;
    });
    await expect(a.engine.run()).rejects.toBe(crash);
    off();
    // The server has both; the device still thinks neither went.
    expect(((await fx.get(`Patient/${p.id}`)).body as Patient).meta?.versionId).toBe('2');
    expect((await a.store.stats()).pendingChanges).toBe(2);
    expect((await a.engine.status()).lastRun?.outcome).toBe('succeeded');

    const r = await a.engine.run();
    expect(r.outcome).toBe('succeeded');
    expect(r.conflicts).toBe(0);
    expect((await a.store.stats()).pendingChanges).toBe(0);
    // The update's second send answered 412 and merged as local == remote; the create's was a no-op.
    expect(((await fx.get(`Patient/${p.id}`)).body as Patient).meta?.versionId).toBe('2');
    expect(await serverContents(a.transport)).toHaveLength(2);
    expect(await contents(a.store)).toEqual(await serverContents(a.transport));
  });

  it('sizes transactions by bytes: small at first, growing while they go fast, each acknowledged before the next', async () => {
    const a = await device({ engine: { initialTransactionBytes: 1_500, minTransactionBytes: 1_000, maxTransactionBytes: 64_000 } });
    for (let i = 0; i < 40; i++) await a.store.create(newPatient(`Fam${String(i)}`));
    const r = await a.engine.run();
    expect(r.pushed).toBe(40);
    const batches = a.transitions.flatMap((t) => (t.event.type === 'batch-ready' ? [t.event] : []));
    expect(batches.length).toBe(r.transactions);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.length).toBeLessThan(40);
    const first = batches[0];
    const biggest = Math.max(...batches.map((b) => b.bytes));
    expect(first?.bytes).toBeLessThanOrEqual(1_500);
    expect(biggest).toBeGreaterThan(3_000);
    // Every commit is written back before the next batch goes.
    const names = a.transitions.map((t) => t.to.name).filter((n) => n === 'sending' || n === 'recording-acks');
    expect(names).toEqual(batches.flatMap(() => ['sending', 'recording-acks']));
    const pushProgress = a.events.flatMap((e) => (e.type === 'progress' && e.phase === 'push' ? [[e.done, e.total]] : []));
    expect(pushProgress[0]).toEqual([0, 40]);
    expect(pushProgress.at(-1)).toEqual([40, 40]);
  });
});
