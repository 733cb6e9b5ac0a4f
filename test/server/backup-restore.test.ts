// Backup and restore (issue 8 acceptance): a round trip onto an empty store restores every
// resource with the same content (local version stamps aside), the pending work with its sync
// base, conflicts and the needs-attention list — and the restored PC then syncs with the real
// central server to the same contents as everyone else, losing and duplicating nothing. A backup
// with one flipped byte, a truncated one, one opened with another password, and one whose records
// were changed inside a validly sealed file are each refused with their own message, writing nothing.
import type { Patient, Resource } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup, restoreBackup } from '../../src-core/backup';
import { openSealedFile, sealFile } from '../../src-core/files/sealed-file';
import { OutcomeError } from '../../src-core/fhir/outcome';
import type { SyncStore } from '../../src-core/store';
import { CentralFixture } from './central-fixture';
import type { Device, StoreKind } from './sync-engine-rig';
import { contents, newObservation, newPatient, openDevice, serverContents } from './sync-engine-rig';

const PASSWORD = 'copia-Chicoj-2026';
const POST = { name: 'Puesto de Salud Chicoj', code: '16-01-PS-007' };
const ITERATIONS = 1000;

/** A resource without the device's own version stamps: what "the same content" means across PCs. */
function content(resource: Resource): Resource {
  const { meta, ...rest } = resource;
  const kept = { ...meta };
  delete kept.versionId;
  delete kept.lastUpdated;
  return Object.keys(kept).length === 0 ? rest : { ...rest, meta: kept };
}

async function outbox(store: SyncStore): Promise<string[]> {
  return (await store.pendingChanges()).map((c) => `${c.op} ${c.resourceType}/${c.id} base=${c.baseServerVersionId ?? '-'}`).sort();
}

async function spanishFailure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OutcomeError) return err.outcome.issue[0]?.details?.text ?? '';
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each<StoreKind>(['memory', 'dexie'])('backup and restore (%s store)', (kind) => {
  let fx: CentralFixture;
  let a: Device;
  let b: Device;
  let fresh: Device;

  beforeEach(async () => {
    fx = await CentralFixture.start();
    a = await openDevice(fx.baseUrl, { store: kind });
    b = await openDevice(fx.baseUrl, { store: kind });
    fresh = await openDevice(fx.baseUrl, { store: kind });
  });
  afterEach(async () => {
    for (const d of [a, b, fresh]) await d.close();
    await fx.dispose();
  });

  /** Post A: synced records, then unsynced work of every kind, a conflict and an accent-rich body. */
  async function postWithHistory(): Promise<{ edited: string; deleted: string; created: string; conflicted: string }> {
    const ids: string[] = [];
    for (const family of ['Xiloj Tzoc', 'Caal Xol', 'Pop Choc', 'Tun Batz']) ids.push((await a.store.create(newPatient(family, { gender: 'female' }))).id);
    const [edited = '', deleted = '', conflicted = '', withObs = ''] = ids;
    await a.store.create(newObservation(withObs, 11.5));
    expect((await a.engine.run()).outcome).toBe('succeeded');
    expect((await b.engine.run()).outcome).toBe('succeeded');
    // A conflict: both posts change the same field.
    await b.store.update({ ...(await b.store.read('Patient', conflicted)), birthDate: '2001-01-01' });
    await b.engine.run();
    await a.store.update({ ...(await a.store.read('Patient', conflicted)), birthDate: '2002-02-02' });
    expect((await a.engine.run()).conflicts).toBe(1);
    // Unsynced work: an edit, a delete, a create.
    await a.store.update({ ...(await a.store.read('Patient', edited)), telecom: [{ system: 'phone', value: '5555-0101' }] });
    await a.store.delete('Patient', deleted);
    const created = (await a.store.create(newPatient('Ixcoy Batz', { name: [{ family: 'Ixcoy Batz', given: ['Aurelia', 'Q\'anil'] }] }))).id;
    return { edited, deleted, created, conflicted };
  }

  it('round trip: same content, same outbox with the same bases, same conflicts; then the restored PC converges', async () => {
    const { created, conflicted } = await postWithHistory();
    const bytes = await createBackup(a.store, { password: PASSWORD, post: POST, now: new Date('2026-11-25T15:00:00Z'), iterations: ITERATIONS });
    // Nothing of a patient in the file as it sits on the drive.
    const text = new TextDecoder('latin1').decode(bytes);
    for (const secret of ['Xiloj', 'Ixcoy', '5555-0101']) expect(text).not.toContain(secret);

    const summary = await restoreBackup(fresh.store, bytes, PASSWORD);
    expect(summary.manifest.post).toEqual(POST);
    expect(summary.pending).toBe((await a.store.pendingChanges()).length);

    for (const type of ['Patient', 'Observation'] as const) {
      const before = (await a.store.search(type, { _count: '1000' })).resources.map(content);
      const after = (await fresh.store.search(type, { _count: '1000' })).resources.map(content);
      expect(after.sort((x, y) => (x.id ?? '').localeCompare(y.id ?? ''))).toEqual(before.sort((x, y) => (x.id ?? '').localeCompare(y.id ?? '')));
    }
    expect(await outbox(fresh.store)).toEqual(await outbox(a.store));
    expect((await fresh.store.conflicts()).map((c) => `${c.resourceType}/${c.id} ${c.paths.join(',')}`)).toEqual([`Patient/${conflicted} Patient.birthDate`]);
    expect(content(await fresh.store.read('Patient', created)) as Patient).toEqual(content(await a.store.read('Patient', created)));

    // The old PC is gone; the restored one carries on. Its conflict is resolved as a person would.
    await fresh.engine.resolveConflict('Patient', conflicted, 'local');
    for (let pass = 0; pass < 2; pass++) {
      expect((await fresh.engine.run()).outcome).toBe('succeeded');
      expect((await b.engine.run()).outcome).toBe('succeeded');
    }
    const server = await serverContents(b.transport);
    expect(await contents(fresh.store)).toEqual(server);
    expect(await contents(b.store)).toEqual(server);
    expect((await fresh.store.stats()).pendingChanges).toBe(0);
    const onServer = await fx.get(`Patient/${conflicted}`);
    expect((onServer.body as Patient).birthDate).toBe('2002-02-02');
  });

  it('refuses a flipped byte, a truncated copy, another password and altered records, each with its own message, writing nothing', async () => {
    await postWithHistory();
    const bytes = await createBackup(a.store, { password: PASSWORD, post: POST, now: new Date(), iterations: ITERATIONS });
    const flipped = bytes.slice();
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] ?? 0) ^ 0x01;
    const truncated = bytes.slice(0, bytes.length - 2000);
    // Records changed inside a file sealed again with the right password: caught by the manifest digest.
    const opened = await openSealedFile('BACKUP', bytes, PASSWORD);
    const altered = new TextDecoder().decode(opened.content).replace('Caal Xol', 'Caal Xoj');
    const resealed = await sealFile({ kind: 'BACKUP', password: PASSWORD, content: new TextEncoder().encode(altered), iterations: ITERATIONS });
    const transfer = await sealFile({ kind: 'TRANSFER', password: PASSWORD, content: new Uint8Array([1]), iterations: ITERATIONS });

    const messages = [
      await spanishFailure(restoreBackup(fresh.store, flipped, PASSWORD)),
      await spanishFailure(restoreBackup(fresh.store, truncated, PASSWORD)),
      await spanishFailure(restoreBackup(fresh.store, bytes, 'otra-contraseña-9')),
      await spanishFailure(restoreBackup(fresh.store, resealed, PASSWORD)),
      await spanishFailure(restoreBackup(fresh.store, transfer, PASSWORD)),
    ];
    expect(messages[0]).toMatch(/modificado/);
    expect(messages[1]).toMatch(/incompleto/);
    expect(messages[2]).toMatch(/contraseña/);
    expect(messages[3]).toMatch(/integridad/);
    expect(messages[4]).toMatch(/no es del tipo esperado/);
    expect(new Set(messages).size).toBe(5);
    expect(await fresh.store.stats()).toMatchObject({ resources: 0, deleted: 0, pendingChanges: 0 });
  });

  it('will not restore over a store that already holds the backup\'s records', async () => {
    await postWithHistory();
    const bytes = await createBackup(a.store, { password: PASSWORD, post: POST, now: new Date(), iterations: ITERATIONS });
    const before = await outbox(a.store);
    expect(await spanishFailure(restoreBackup(a.store, bytes, PASSWORD))).toMatch(/ya tiene datos/);
    expect(await outbox(a.store)).toEqual(before);
  });
});
