// What the Dexie store keeps on disk for sync: conflict bodies and needs-attention outcomes are
// sealed like resource bodies and bound to their row (type, id, versions, time — the only plain
// fields beside them); sync state is plain metadata. And a locked session can do none of it.
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openDexieStore, type DexieFhirStore } from '../../src-core/store/dexie-store';
import type { StoreCipher } from '../../src-core/store/store-cipher';
import { CUI, outcomeOf, patient, steppingClock } from '../harness/store-contract';
import { remoteDelete, remoteVersion } from '../harness/store-sync-contract';
import { createTestCipher, randomTestCipherKeys } from '../harness/store-test-cipher';
import { nodeValidator } from '../harness/store-validator-node';

async function open(factory: IDBFactory, cipher: StoreCipher): Promise<DexieFhirStore> {
  return openDexieStore({ name: 'at-rest', cipher, validator: nodeValidator(), clock: steppingClock(), indexedDB: factory, IDBKeyRange });
}

function rawDb(factory: IDBFactory): Dexie {
  return new Dexie('at-rest', { indexedDB: factory, IDBKeyRange });
}

const secretPatient = patient('Xiloj Tzoc', ['Tecún'], { identifier: [{ system: CUI, value: '2500123400101' }], birthDate: '1990-05-17' });

describe('Dexie sync records at rest', () => {
  it('seal conflict bodies and attention outcomes; only type, id, versions and times are plain', async () => {
    const factory = new IDBFactory();
    const store = await open(factory, await createTestCipher());
    await store.applyRemote([remoteVersion({ ...secretPatient, id: 'p-1' }, '1')], { 'pull.Patient': '2024-01-01T00:00:00Z' });
    await store.putConflict({
      resourceType: 'Patient',
      id: 'p-1',
      base: { ...secretPatient, id: 'p-1' },
      local: { ...secretPatient, id: 'p-1', gender: 'male' },
      remote: { ...secretPatient, id: 'p-1', gender: 'female' },
      remoteVersionId: '2',
      paths: ['Patient.gender'],
      recorded: '2024-02-01T00:00:00Z',
    });
    await store.putAttention({
      resourceType: 'Patient',
      id: 'p-1',
      versionId: '1',
      outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Xiloj Tzoc: 2500123400101 already used' }] },
      recorded: '2024-02-01T00:00:00Z',
    });
    store.close();

    const db = rawDb(factory);
    await db.open();
    const conflicts = (await db.table('conflicts').toArray()) as Record<string, unknown>[];
    const attention = (await db.table('attention').toArray()) as Record<string, unknown>[];
    const state = await db.table('syncState').toArray();
    const resources = (await db.table('resources').toArray()) as Record<string, unknown>[];
    db.close();
    expect(Object.keys(conflicts[0] ?? {}).sort()).toEqual(['id', 'key', 'recorded', 'remoteVersionId', 'resourceType', 'sealed']);
    expect(Object.keys(attention[0] ?? {}).sort()).toEqual(['id', 'key', 'recorded', 'resourceType', 'sealed', 'versionId']);
    expect(conflicts[0]?.sealed).toBeInstanceOf(Uint8Array);
    expect(state).toEqual([{ key: 'pull.Patient', value: '2024-01-01T00:00:00Z' }]);
    expect(resources[0]).toMatchObject({ key: 'Patient/p-1', versionId: 1, serverVersionId: '1', syncedVersionId: 1 });
    const text = JSON.stringify([conflicts, attention, state, resources], (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    for (const secret of ['Xiloj', 'Tzoc', 'Tecún', '2500123400101', '1990-05-17', 'already used', 'Patient.gender']) expect(text).not.toContain(secret);
  });

  it('refuses a sealed record moved to another row or with its plain fields edited', async () => {
    const factory = new IDBFactory();
    const store = await open(factory, await createTestCipher());
    const conflict = (id: string) => ({ resourceType: 'Patient', id, local: { ...secretPatient, id }, remoteVersionId: '2', paths: [], recorded: '2024-02-01T00:00:00Z' });
    await store.putConflict(conflict('a'));
    await store.putConflict(conflict('b'));
    const db = rawDb(factory);
    await db.open();
    const table = db.table<{ key: string; sealed: Uint8Array; remoteVersionId: string }, string>('conflicts');
    const b = await table.get('Patient/b');
    if (b === undefined) throw new Error('conflict b missing');
    await table.update('Patient/a', { sealed: b.sealed });
    await expect(store.conflicts()).rejects.toThrow();
    await store.removeConflict('Patient', 'a');
    expect((await store.conflicts()).map((c) => c.id)).toEqual(['b']);
    await table.update('Patient/b', { remoteVersionId: '99' });
    await expect(store.conflicts()).rejects.toThrow();
    db.close();
    store.close();
  });

  it('a locked session fails every sync operation with "store locked" and writes nothing', async () => {
    const factory = new IDBFactory();
    const keys = randomTestCipherKeys();
    const cipher = await createTestCipher(keys);
    const store = await open(factory, cipher);
    await store.applyRemote([remoteVersion({ ...secretPatient, id: 'p-1' }, '1')], { 'pull.Patient': 'w1' });
    const conflict = { resourceType: 'Patient', id: 'p-1', remoteVersionId: '2', paths: [], recorded: '2024-02-01T00:00:00Z' };
    const item = { resourceType: 'Patient', id: 'p-1', versionId: '1', outcome: { resourceType: 'OperationOutcome' as const, issue: [] }, recorded: '2024-02-01T00:00:00Z' };
    await store.putConflict(conflict);
    await store.putAttention(item);
    const before = { stats: await store.stats(), conflicts: await store.conflicts(), attention: await store.attention() };
    cipher.lock();
    const attempts: (() => Promise<unknown>)[] = [
      () => store.applyRemote([remoteVersion({ ...secretPatient, id: 'p-2' }, '1')], { 'pull.Patient': 'w2' }),
      () => store.applyRemote([remoteDelete('Patient', 'p-1', '2')]),
      () => store.applyRemote([], { 'pull.Patient': 'w2' }),
      () => store.rebase(remoteVersion({ ...secretPatient, id: 'p-1' }, '2'), 'delete'),
      () => store.syncBase('Patient', 'p-1'),
      () => store.readSyncState('pull.Patient'),
      () => store.writeSyncState({ 'pull.Patient': 'w2' }),
      () => store.putConflict({ ...conflict, remoteVersionId: '3' }),
      () => store.conflicts(),
      () => store.removeConflict('Patient', 'p-1'),
      () => store.putAttention({ ...item, versionId: '2' }),
      () => store.attention(),
      () => store.removeAttention('Patient', 'p-1'),
    ];
    for (const attempt of attempts) expect((await outcomeOf(attempt)).issue[0]?.code).toBe('login');
    store.close();
    const again = await open(factory, await createTestCipher(keys));
    expect({ stats: await again.stats(), conflicts: await again.conflicts(), attention: await again.attention() }).toEqual(before);
    expect(await again.readSyncState('pull.Patient')).toBe('w1');
    again.close();
  });
});
