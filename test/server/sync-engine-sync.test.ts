// The sync engine against the reference central server over HTTP on loopback: devices with their
// own stores push and pull through the real protocol. Runs against the memory store and the Dexie
// store (fake-indexeddb, real cipher).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src-core/platform/clock';
import { createInProcessLock, createSyncEngine } from '../../src-core/sync';
import { CentralFixture, uuid } from './central-fixture';
import type { Device, StoreKind } from './sync-engine-rig';
import { contents, lastProgress, newObservation, newPatient, openDevice, serverContents } from './sync-engine-rig';

describe.each<StoreKind>(['memory', 'dexie'])('sync engine with the %s store', (storeKind) => {
  let fx: CentralFixture;
  const devices: Device[] = [];
  const device = async (options: Parameters<typeof openDevice>[1] = {}): Promise<Device> => {
    const d = await openDevice(fx.baseUrl, { store: storeKind, ...options });
    devices.push(d);
    return d;
  };

  beforeEach(async () => {
    fx = await CentralFixture.start();
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
    await fx.dispose();
  });

  it('first sync both ways: A pushes what it recorded offline, B pulls it, both hold what the server holds', async () => {
    const a = await device();
    const b = await device();
    const p1 = await a.store.create(newPatient('Xol'));
    const p2 = await a.store.create(newPatient('Tzoc'));
    const o1 = await a.store.create(newObservation(p1.id, 13.1));
    // Something B did not make and A never saw, already on the server.
    const central = uuid();
    await fx.put({ ...newPatient('Central'), id: central });

    const ra = await a.engine.run();
    expect(ra.outcome).toBe('succeeded');
    expect(ra.pushed).toBe(3);
    expect(ra.transactions).toBe(1);
    expect((await a.store.stats()).pendingChanges).toBe(0);
    // The server's versions were written back: the next change carries If-Match on them.
    expect((await a.store.versionInfo('Patient', p1.id))?.serverVersionId).toBe('1');
    // The pull brought the server's patient and dropped A's own uploads as versions it holds.
    expect(await a.store.read('Patient', central)).toMatchObject({ id: central });
    expect(ra.unchanged).toBeGreaterThanOrEqual(3);

    const rb = await b.engine.run();
    expect(rb.outcome).toBe('succeeded');
    expect(rb.pushed).toBe(0);
    expect(rb.pulled).toBe(4);
    expect((await b.store.read('Observation', o1.id)).subject?.reference).toBe(`Patient/${p1.id}`);
    expect((await b.store.read('Patient', p2.id)).name?.[0]?.family).toBe('Tzoc');

    const server = await serverContents(a.transport);
    expect(await contents(a.store)).toEqual(server);
    expect(await contents(b.store)).toEqual(server);
    expect(server).toHaveLength(4);
    // Each device ends with its status in the store.
    const status = await b.engine.status();
    expect(status.lastRun?.outcome).toBe('succeeded');
    expect(status.lastSuccessAt).toBeDefined();
    expect(status.pendingChanges).toBe(0);
  });

  it('incremental sync moves only the changes: one update up, one page with it (and the boundary version) down', async () => {
    const a = await device();
    const b = await device();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await a.store.create(newPatient(`Fam${String(i)}`))).id);
    await a.engine.run();
    await b.engine.run();

    const target = ids[5] ?? '';
    const patient = await a.store.read('Patient', target);
    await a.store.update({ ...patient, gender: 'other' });
    a.requests.length = 0;
    const ra = await a.engine.run();
    expect(ra.pushed).toBe(1);
    // One transaction up; count, search and history for each type down; nothing else.
    expect(a.requests.filter((r) => r.startsWith('POST'))).toHaveLength(1);

    b.requests.length = 0;
    const before = b.events.length;
    const rb = await b.engine.run();
    expect(rb.outcome).toBe('succeeded');
    expect(rb.pulled).toBe(1);
    const progress = b.events.slice(before);
    const patients = lastProgress(progress, 'Patient');
    // The changed patient, plus the version at the old watermark (`ge`), dropped as unchanged.
    expect(patients?.total).toBeLessThanOrEqual(2);
    expect(patients?.done).toBe(patients?.total);
    expect(rb.unchanged).toBeLessThanOrEqual(2);
    expect(b.requests.filter((r) => r.startsWith('POST'))).toHaveLength(0);
    expect((await b.store.read('Patient', target)).gender).toBe('other');
    expect(await contents(b.store)).toEqual(await serverContents(b.transport));
  });

  it('pulls across several pages, drops the boundary duplicates, and reports totals that match', async () => {
    const a = await device({ engine: { pageSize: 4 } });
    for (let i = 0; i < 11; i++) await fx.put({ ...newPatient(`P${String(i)}`), id: uuid() });
    const r1 = await a.engine.run();
    expect(r1.pulled).toBe(11);
    // Patients: the count, the first page and two next pages (4, 4, 3); no history yet (nothing of
    // the type was held before this pull). Observations: the count and one empty page.
    expect(a.requests).toEqual(['GET Patient', 'GET Patient', 'GET  (next)', 'GET  (next)', 'GET Observation', 'GET Observation']);
    const progress = a.events.filter((e) => e.type === 'progress' && e.phase === 'pull' && e.resourceType === 'Patient');
    expect(progress.map((e) => (e.type === 'progress' ? [e.done, e.total] : []))).toEqual([
      [0, 11],
      [4, 11],
      [8, 11],
      [11, 11],
    ]);

    // Five more, written on the server after the watermark: the next run reads from the boundary.
    for (let i = 0; i < 5; i++) await fx.put({ ...newPatient(`Q${String(i)}`), id: uuid() });
    const before = a.events.length;
    const r2 = await a.engine.run();
    expect(r2.pulled).toBe(5);
    expect(r2.unchanged).toBe(1);
    expect(lastProgress(a.events.slice(before), 'Patient')).toMatchObject({ done: 6, total: 6 });
    expect(await contents(a.store)).toEqual(await serverContents(a.transport));
    expect((await a.store.stats()).resources).toBe(16);
  });

  it('a delete made centrally arrives as a tombstone; a local delete reaches the server', async () => {
    const a = await device();
    const b = await device();
    const kept = await a.store.create(newPatient('Queda'));
    const goneCentrally = await a.store.create(newPatient('Borrado'));
    const goneLocally = await a.store.create(newPatient('Local'));
    await a.engine.run();
    await b.engine.run();
    expect((await b.store.stats()).resources).toBe(3);

    // The central office deletes one; device A deletes another.
    const del = await fx.send('DELETE', `Patient/${goneCentrally.id}`);
    expect(del.status).toBe(200);
    await a.store.delete('Patient', goneLocally.id);
    const ra = await a.engine.run();
    expect(ra.pushed).toBe(1);
    expect(ra.deleted).toBe(1);
    expect((await a.store.versionInfo('Patient', goneCentrally.id))?.deleted).toBe(true);
    expect((await fx.get(`Patient/${goneLocally.id}`)).status).toBe(410);

    const rb = await b.engine.run();
    expect(rb.deleted).toBe(2);
    expect((await b.store.versionInfo('Patient', goneCentrally.id))?.deleted).toBe(true);
    expect((await b.store.versionInfo('Patient', goneLocally.id))?.deleted).toBe(true);
    expect((await b.store.read('Patient', kept.id)).name?.[0]?.family).toBe('Queda');
    expect(await contents(b.store)).toEqual(await serverContents(b.transport));
    // Nothing left to send anywhere, and a further run changes nothing.
    const again = await b.engine.run();
    expect([again.pushed, again.pulled, again.deleted]).toEqual([0, 0, 0]);
  });

  it('never runs twice at once (same engine, or two engines sharing the lock), and status comes from the store', async () => {
    const a = await device();
    await a.store.create(newPatient('Xol'));
    const [first, second] = await Promise.all([a.engine.run(), a.engine.run()]);
    expect([first.outcome, second.outcome].sort()).toEqual(['busy', 'succeeded']);

    const lock = createInProcessLock();
    const one = createSyncEngine({ store: a.store, transport: a.transport, clock: systemClock, scope: [{ resourceType: 'Patient' }], lock });
    const other = createSyncEngine({ store: a.store, transport: a.transport, clock: systemClock, scope: [{ resourceType: 'Patient' }], lock });
    const both = await Promise.all([one.run(), other.run()]);
    expect(both.map((r) => r.outcome).sort()).toEqual(['busy', 'succeeded']);
    expect(both.find((r) => r.outcome === 'busy')?.error?.issue[0]?.details?.text).toBe('Ya hay una sincronización en curso.');
    // A new engine over the same store (as after a restart) reports the last run and success.
    const status = await other.status();
    expect(status).toMatchObject({ running: false, pendingChanges: 0, lastRun: { outcome: 'succeeded', pushed: 0 }, conflicts: [], attention: [] });
    expect(status.lastSuccessAt).toBeDefined();
  });

  it('pulls only the scope it is given (a tag), with its own watermark', async () => {
    const tag = { system: 'https://ceiba.example/puesto', code: 'PS-017' };
    const a = await device({ scope: [{ resourceType: 'Patient', params: { _tag: `${tag.system}|${tag.code}` } }] });
    const mine = uuid();
    const other = uuid();
    await fx.put({ ...newPatient('Mia'), id: mine, meta: { tag: [tag] } });
    await fx.put({ ...newPatient('Otra'), id: other });
    const r = await a.engine.run();
    expect(r.pulled).toBe(1);
    expect((await a.store.versionInfo('Patient', mine))?.deleted).toBe(false);
    expect(await a.store.versionInfo('Patient', other)).toBeUndefined();
  });
});
