// The SyncStore contract (src-core/store/sync-store.ts): one suite, run against the memory store in
// Node, the Dexie store in Node (fake-indexeddb) and the Dexie store in Chromium (real IndexedDB).
// Platform-free, so the browser project can run it as it is; a store whose commits can be made to
// fail midway (IndexedDB) passes a CommitFault and also runs the tests that need one.
import fc from 'fast-check';
import type { OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResourceValidator } from '../../src-core/fhir/validation';
import type { FhirStore } from '../../src-core/store/fhir-store';
import type { AttentionItem, RemoteVersion, SyncConflict, SyncStore } from '../../src-core/store/sync-store';
import { outcomeOf, patient, steppingClock, type StoreDeps } from './store-contract';

export interface SyncStoreUnderTest {
  readonly store: SyncStore;
  close(): Promise<void>;
}

export type SyncStoreFactory = (deps: StoreDeps) => Promise<SyncStoreUnderTest>;

/** Makes every put into the named object store throw until the returned function is called. */
export type CommitFault = (objectStore: string) => () => void;

/**
 * A CommitFault over an IndexedDB implementation's IDBObjectStore prototype (fake-indexeddb's in
 * Node, the browser's own in Chromium): test instrumentation only. The put fails the way a full
 * disk does, inside the commit's transaction, after the commit's other writes were issued.
 */
export function failingPuts(prototype: { put: (...args: never[]) => unknown }): CommitFault {
  return (objectStore) => {
    const original = prototype.put;
    prototype.put = function (this: { name: string }, ...args: never[]): unknown {
      if (this.name === objectStore) throw new DOMException('test: disk full', 'QuotaExceededError');
      return original.apply(this, args);
    };
    return () => {
      prototype.put = original;
    };
  };
}

const T0 = '2024-01-01T00:00:00.000Z';

/**
 * The invariant property's seed: fixed, so CI runs the same scenarios every time;
 * CEIBA_STORE_PROPERTY_SEED=<n> explores others (read where there is a process: not in a browser).
 */
const PROPERTY_SEED = Number(
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.CEIBA_STORE_PROPERTY_SEED ?? 20_251_125,
);
const PROPERTY_RUNS = 25;

/** A server version of a resource (numeric versionIds, as HAPI FHIR gives). */
export function remoteVersion(resource: Resource & { id: string }, serverVersionId: string, serverLastUpdated?: string): RemoteVersion {
  return {
    resourceType: resource.resourceType,
    id: resource.id,
    serverVersionId,
    ...(serverLastUpdated === undefined ? {} : { serverLastUpdated }),
    resource: { ...resource, meta: { versionId: serverVersionId, lastUpdated: serverLastUpdated ?? T0 } },
  };
}

export function remoteDelete(resourceType: string, id: string, serverVersionId: string): RemoteVersion {
  return { resourceType, id, serverVersionId };
}

const serverPatient = (id: string, family: string, extra: Partial<Patient> = {}): Patient & { id: string } => ({
  ...patient(family, ['Remoto'], extra),
  id,
});

const familyOf = (resource: Resource | undefined): string | undefined => (resource as Patient | undefined)?.name?.[0]?.family;

async function outbox(store: FhirStore): Promise<string[]> {
  return (await store.pendingChanges()).map((c) => `${c.op} ${c.resourceType}/${c.id} v${c.versionId} base=${c.baseServerVersionId ?? '-'}`);
}

export function describeSyncStoreContract(
  name: string,
  factory: SyncStoreFactory,
  validator: () => ResourceValidator,
  options: { readonly commitFault?: CommitFault } = {},
): void {
  describe(`SyncStore contract: ${name}`, () => {
    let sut: SyncStoreUnderTest;
    let store: SyncStore;
    let clock: ReturnType<typeof steppingClock>;

    beforeEach(async () => {
      clock = steppingClock();
      sut = await factory({ validator: validator(), ids: { uuid: () => globalThis.crypto.randomUUID() }, clock });
      store = sut.store;
    });

    afterEach(async () => {
      await sut.close();
    });

    /** Counts, outbox and sync state, to show a call changed nothing. */
    async function snapshot(stateKeys: readonly string[] = []): Promise<unknown> {
      return {
        stats: await store.stats(),
        outbox: await outbox(store),
        state: await Promise.all(stateKeys.map((k) => store.readSyncState(k))),
        conflicts: await store.conflicts(),
      };
    }

    describe('applyRemote', () => {
      it('writes server versions as local versions in sync: local meta, indexed, no outbox entry', async () => {
        const result = await store.applyRemote([
          remoteVersion(serverPatient('p-1', 'Xiloj'), '3', '2023-05-01T10:00:00Z'),
          remoteVersion(serverPatient('p-2', 'Tzoc'), '1'),
        ]);
        expect(result).toEqual({ applied: 2, unchanged: 0, pending: [], rejected: [] });
        const read = await store.read('Patient', 'p-1');
        expect(read.meta).toEqual({ versionId: '1', lastUpdated: T0 }); // the local counter and write time
        expect(familyOf(read)).toBe('Xiloj');
        expect(await store.versionInfo('Patient', 'p-1')).toEqual({
          resourceType: 'Patient',
          id: 'p-1',
          versionId: '1',
          lastUpdated: T0,
          deleted: false,
          serverVersionId: '3',
        });
        expect(await outbox(store)).toEqual([]);
        expect((await store.search('Patient', { family: 'xil' })).resources.map((r) => r.id)).toEqual(['p-1']);
        expect(await store.syncBase('Patient', 'p-1')).toEqual(read);
        expect(await store.stats()).toEqual({ resources: 2, deleted: 0, versions: 2, pendingChanges: 0 });
      });

      it('writes a newer server version on top; the same or an older one is unchanged', async () => {
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Uno'), '1')]);
        expect(await store.applyRemote([remoteVersion(serverPatient('p-1', 'Dos'), '2')])).toMatchObject({ applied: 1, unchanged: 0 });
        // A page overlapping the last one at the watermark, and a version older than the one held.
        const again = await store.applyRemote([remoteVersion(serverPatient('p-1', 'Dos'), '2'), remoteVersion(serverPatient('p-1', 'Uno'), '1')]);
        expect(again).toEqual({ applied: 0, unchanged: 2, pending: [], rejected: [] });
        expect(await store.applyRemote([remoteVersion(serverPatient('p-1', 'Diez'), '10')])).toMatchObject({ applied: 1 }); // 10 > 2 as numbers
        expect((await store.history('Patient', 'p-1')).map((h) => [h.versionId, h.serverVersionId, familyOf(h.resource)])).toEqual([
          ['3', '10', 'Diez'],
          ['2', '2', 'Dos'],
          ['1', '1', 'Uno'],
        ]);
      });

      it('orders opaque server versionIds by the server time when both are known', async () => {
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Nueva'), 'b6d2', '2024-03-02T00:00:00Z')]);
        const older = await store.applyRemote([remoteVersion(serverPatient('p-1', 'Vieja'), 'a1f0', '2024-03-01T00:00:00Z')]);
        expect(older).toMatchObject({ applied: 0, unchanged: 1 });
        const newer = await store.applyRemote([remoteVersion(serverPatient('p-1', 'Más nueva'), 'c3e9', '2024-03-03T00:00:00Z')]);
        expect(newer).toMatchObject({ applied: 1, unchanged: 0 });
        expect(familyOf(await store.read('Patient', 'p-1'))).toBe('Más nueva');
      });

      it('applies several versions of one resource in one call in order', async () => {
        const result = await store.applyRemote([remoteVersion(serverPatient('p-1', 'Uno'), '1'), remoteVersion(serverPatient('p-1', 'Dos'), '2')]);
        expect(result).toMatchObject({ applied: 2, unchanged: 0 });
        expect((await store.versionInfo('Patient', 'p-1'))?.versionId).toBe('2');
        expect(familyOf(await store.syncBase('Patient', 'p-1'))).toBe('Dos');
      });

      it('leaves a resource with a pending local change alone and returns its version in pending', async () => {
        const created = await store.create(patient('Local', ['Nuevo']));
        const synced = await store.create(patient('Xiloj', ['Ana']));
        await store.markSent([{ resourceType: 'Patient', id: synced.id, versionId: '1', serverVersionId: '1' }]);
        await store.update({ ...synced, gender: 'female' });
        const theirs = [remoteVersion(serverPatient(created.id, 'Servidor'), '1'), remoteVersion(serverPatient(synced.id, 'Servidor'), '2')];
        const before = await snapshot();
        const result = await store.applyRemote(theirs);
        expect(result).toEqual({ applied: 0, unchanged: 0, pending: theirs, rejected: [] });
        expect(await snapshot()).toEqual(before);
        expect(familyOf(await store.read('Patient', synced.id))).toBe('Xiloj');
        // The server version the pending change is based on is not news: unchanged, not pending.
        expect(await store.applyRemote([remoteVersion(serverPatient(synced.id, 'Xiloj'), '1')])).toMatchObject({ unchanged: 1, pending: [] });
        // A server delete of a resource edited here is pending too.
        expect((await store.applyRemote([remoteDelete('Patient', synced.id, '2')])).pending).toHaveLength(1);
      });

      it('rejects versions that fail validation, with the outcome, and commits the rest', async () => {
        const result = await store.applyRemote(
          [
            remoteVersion(serverPatient('good', 'Bueno'), '1'),
            remoteVersion({ ...serverPatient('bad-date', 'Malo'), birthDate: 12 } as unknown as Patient & { id: string }, '4'),
            { ...remoteVersion(serverPatient('other-id', 'Otro'), '1'), id: 'not-the-body-id' },
            remoteVersion({ resourceType: 'Patientt', id: 'x' } as unknown as Patient & { id: string }, '1'),
            { ...remoteVersion(serverPatient('no-version', 'Sin'), '1'), serverVersionId: '' },
          ],
          { 'pull.Patient': '2024-02-01T00:00:00Z' },
        );
        expect(result.applied).toBe(1);
        expect(result.unchanged).toBe(0);
        expect(result.rejected.map((r) => [r.id, r.serverVersionId])).toEqual([
          ['bad-date', '4'],
          ['not-the-body-id', '1'],
          ['x', '1'],
          ['no-version', ''],
        ]);
        const expressions = result.rejected.map((r): unknown => r.outcome.issue[0]?.expression);
        expect(expressions).toEqual([['Patient.birthDate'], ['Patient.id'], ['resourceType'], ['Patient.meta.versionId']]);
        for (const r of result.rejected) expect(r.outcome.issue[0]?.severity).toBe('error');
        expect(await store.readSyncState('pull.Patient')).toBe('2024-02-01T00:00:00Z');
        expect(await store.versionInfo('Patient', 'bad-date')).toBeUndefined();
        expect(await store.versionInfo('Patient', 'not-the-body-id')).toBeUndefined();
        expect(await store.stats()).toEqual({ resources: 1, deleted: 0, versions: 1, pendingChanges: 0 });
      });

      it('a server delete leaves a tombstone in sync; deleting what is absent or already deleted is unchanged', async () => {
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Xiloj'), '1')]);
        expect(await store.applyRemote([remoteDelete('Patient', 'p-1', '2')])).toEqual({ applied: 1, unchanged: 0, pending: [], rejected: [] });
        expect((await outcomeOf(() => store.read('Patient', 'p-1'))).issue[0]?.code).toBe('deleted');
        expect(await store.versionInfo('Patient', 'p-1')).toMatchObject({ versionId: '2', deleted: true, serverVersionId: '2' });
        expect(await store.syncBase('Patient', 'p-1')).toBeUndefined();
        expect((await store.search('Patient', { family: 'xiloj' })).total).toBe(0);
        expect(await outbox(store)).toEqual([]);

        const before = await snapshot();
        expect(await store.applyRemote([remoteDelete('Patient', 'p-1', '3'), remoteDelete('Patient', 'never-here', '5')])).toEqual({
          applied: 0,
          unchanged: 2,
          pending: [],
          rejected: [],
        });
        expect(await snapshot()).toEqual(before);
        expect(await store.versionInfo('Patient', 'never-here')).toBeUndefined();

        // Written again on the server: a local write after that is an update on the new version.
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Vuelve'), '4')]);
        await store.update({ ...(await store.read('Patient', 'p-1')), gender: 'male' });
        expect(await outbox(store)).toEqual(['update Patient/p-1 v4 base=4']);
      });

      it('a server delete of a resource deleted here too settles the pending delete', async () => {
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Xiloj'), '1')]);
        await store.delete('Patient', 'p-1');
        expect(await outbox(store)).toEqual(['delete Patient/p-1 v2 base=1']);
        expect(await store.applyRemote([remoteDelete('Patient', 'p-1', '2')])).toMatchObject({ applied: 0, unchanged: 1, pending: [] });
        expect(await outbox(store)).toEqual([]);
        expect(await store.versionInfo('Patient', 'p-1')).toMatchObject({ versionId: '2', deleted: true, serverVersionId: '2' });
        expect((await store.stats()).versions).toBe(2); // no version written for it
      });

      it('a page with a delete and then a newer version of the same resource applies both in order', async () => {
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Xiloj'), '1')]);
        await store.delete('Patient', 'p-1');
        const result = await store.applyRemote([remoteDelete('Patient', 'p-1', '2'), remoteVersion(serverPatient('p-1', 'Restaurado'), '3')]);
        expect(result).toEqual({ applied: 1, unchanged: 1, pending: [], rejected: [] });
        expect(familyOf(await store.read('Patient', 'p-1'))).toBe('Restaurado');
        expect(await store.versionInfo('Patient', 'p-1')).toMatchObject({ versionId: '3', serverVersionId: '3' });
        expect(await outbox(store)).toEqual([]);
      });
    });

    describe('sync state', () => {
      it('is committed with the page it describes, and read back by key', async () => {
        expect(await store.readSyncState('pull.Patient')).toBeUndefined();
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Xiloj'), '1')], { 'pull.Patient': '2024-01-05T00:00:00Z', 'pull.run': 'r1' });
        expect(await store.readSyncState('pull.Patient')).toBe('2024-01-05T00:00:00Z');
        await store.applyRemote([], { 'pull.Patient': '2024-01-06T00:00:00Z' }); // an empty page still moves the watermark
        await store.writeSyncState({ 'push.last': 'ok' });
        expect(await Promise.all(['pull.Patient', 'pull.run', 'push.last', 'other'].map((k) => store.readSyncState(k)))).toEqual([
          '2024-01-06T00:00:00Z',
          'r1',
          'ok',
          undefined,
        ]);
      });

      it('a call that fails commits neither its page nor its state', async () => {
        await store.writeSyncState({ 'pull.Patient': 'w1' });
        const before = await snapshot(['pull.Patient']);
        const bad = { 'pull.Patient': 'w2', broken: 42 } as unknown as Record<string, string>;
        const failed = await outcomeOf(() => store.applyRemote([remoteVersion(serverPatient('p-1', 'Xiloj'), '1')], bad));
        expect(failed.issue[0]).toMatchObject({ code: 'invalid', severity: 'error' });
        expect(await outcomeOf(() => store.writeSyncState(bad))).toMatchObject({ issue: [expect.objectContaining({ code: 'invalid' })] });
        expect(await snapshot(['pull.Patient'])).toEqual(before);
        expect(await store.versionInfo('Patient', 'p-1')).toBeUndefined();
        expect((await outcomeOf(() => store.readSyncState(''))).issue[0]?.code).toBe('invalid');
      });

      if (options.commitFault !== undefined) {
        const commitFault = options.commitFault;
        it('a commit that fails inside its transaction writes nothing: no version, no outbox change, no watermark', async () => {
          await store.applyRemote([remoteVersion(serverPatient('p-0', 'Antes'), '1')], { 'pull.Patient': 'w1' });
          await store.delete('Patient', 'p-0'); // a pending delete the page would settle
          const before = await snapshot(['pull.Patient']);
          const page = [remoteVersion(serverPatient('p-1', 'Xiloj'), '1'), remoteVersion(serverPatient('p-2', 'Tzoc'), '1'), remoteDelete('Patient', 'p-0', '2')];
          const restore = commitFault('syncState');
          let failed: OperationOutcome;
          try {
            failed = await outcomeOf(() => store.applyRemote(page, { 'pull.Patient': 'w2' }));
          } finally {
            restore();
          }
          expect(failed.issue[0]).toMatchObject({ code: 'exception', details: { text: 'El disco está lleno: no se pudo guardar.' } });
          expect(await snapshot(['pull.Patient'])).toEqual(before);
          expect(await store.versionInfo('Patient', 'p-1')).toBeUndefined();
          // The same page commits once the disk has room.
          expect(await store.applyRemote(page, { 'pull.Patient': 'w2' })).toMatchObject({ applied: 2, unchanged: 1 });
          expect(await store.readSyncState('pull.Patient')).toBe('w2');
          expect(await outbox(store)).toEqual([]);
        });
      }
    });

    describe('syncBase', () => {
      it('is the version the server acknowledged, kept through later local edits', async () => {
        const v1 = await store.create(patient('Uno', ['A']));
        expect(await store.syncBase('Patient', v1.id)).toBeUndefined(); // the server never saw it
        await store.markSent([{ resourceType: 'Patient', id: v1.id, versionId: '1', serverVersionId: '1' }]);
        expect(await store.syncBase('Patient', v1.id)).toEqual(v1);
        const v2 = await store.update({ ...v1, name: [{ family: 'Dos' }] });
        expect(await store.syncBase('Patient', v1.id)).toEqual(v1); // from history
        await store.update({ ...v2, name: [{ family: 'Tres' }] });
        // The server took v2 while v3 was being written: v2 is the base, v3 still pending on it.
        await store.markSent([{ resourceType: 'Patient', id: v1.id, versionId: '2', serverVersionId: '2' }]);
        expect(await store.syncBase('Patient', v1.id)).toEqual(v2);
        expect(await outbox(store)).toEqual([`update Patient/${v1.id} v3 base=2`]);
        // A stale acknowledgement of an older version does not move the base back.
        await store.markSent([{ resourceType: 'Patient', id: v1.id, versionId: '1', serverVersionId: '1' }]);
        expect(await store.syncBase('Patient', v1.id)).toEqual(v2);
        await store.markSent([{ resourceType: 'Patient', id: v1.id, versionId: '3', serverVersionId: '3' }]);
        expect(familyOf(await store.syncBase('Patient', v1.id))).toBe('Tres');
        expect(await outbox(store)).toEqual([]);
      });

      it('is the pulled version after applyRemote, and stays the base of a local edit or delete', async () => {
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Servidor'), '7')]);
        const pulled = await store.read('Patient', 'p-1');
        await store.update({ ...pulled, gender: 'female' });
        expect(await store.syncBase('Patient', 'p-1')).toEqual(pulled);
        await store.delete('Patient', 'p-1');
        expect(await store.syncBase('Patient', 'p-1')).toEqual(pulled);
        expect(await outbox(store)).toEqual(['delete Patient/p-1 v3 base=7']);
      });

      it('is undefined for an unknown resource; an unknown type is an outcome', async () => {
        expect(await store.syncBase('Patient', 'nobody')).toBeUndefined();
        expect((await outcomeOf(() => store.syncBase('Nonsense', 'x'))).issue[0]?.code).toBe('not-supported');
      });
    });

    describe('rebase', () => {
      /** A resource in sync at server version 1, then edited here (local v2, pending). */
      async function editedAfterSync(): Promise<Patient & { id: string }> {
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Xiloj', { gender: 'female' }), '1')]);
        return store.update({ ...(await store.read('Patient', 'p-1')), birthDate: '1990-05-17' });
      }

      const conflict = (recorded: string): SyncConflict => ({
        resourceType: 'Patient',
        id: 'p-1',
        remoteVersionId: '2',
        paths: ['Patient.birthDate'],
        recorded,
      });

      it('stores the server version as the base and the merge on top, pending on the server version', async () => {
        await editedAfterSync();
        await store.putConflict(conflict('2024-02-01T00:00:00Z'));
        const theirs = remoteVersion(serverPatient('p-1', 'Xiloj', { gender: 'female', active: true }), '2');
        const merged: Patient = { ...serverPatient('p-1', 'Xiloj', { gender: 'female', active: true }), birthDate: '1990-05-17' };
        const written = await store.rebase(theirs, merged);
        expect(written).toMatchObject({ id: 'p-1', birthDate: '1990-05-17', active: true, meta: { versionId: '4' } });
        expect(await store.read('Patient', 'p-1')).toEqual(written);
        expect((await store.history('Patient', 'p-1')).map((h) => {
          const body = h.resource as Patient | undefined;
          return [h.versionId, body?.birthDate, body?.active];
        })).toEqual([
          ['4', '1990-05-17', true],
          ['3', undefined, true], // the server's version 2
          ['2', '1990-05-17', undefined],
          ['1', undefined, undefined],
        ]);
        expect(await outbox(store)).toEqual(['update Patient/p-1 v4 base=2']);
        expect((await store.pendingChanges())[0]?.resource).toEqual(written);
        expect((await store.syncBase('Patient', 'p-1'))?.meta?.versionId).toBe('3');
        expect(await store.conflicts()).toEqual([]);
        await store.markSent([{ resourceType: 'Patient', id: 'p-1', versionId: '4', serverVersionId: '3' }]);
        expect(await store.syncBase('Patient', 'p-1')).toEqual(written);
        expect(await outbox(store)).toEqual([]);
      });

      it('drops the change when the merge says what the server says (version stamps and key order aside)', async () => {
        await editedAfterSync();
        const theirs = remoteVersion(serverPatient('p-1', 'Xiloj', { birthDate: '1990-05-17', gender: 'female' }), '2');
        const same = { birthDate: '1990-05-17', gender: 'female', name: [{ given: ['Remoto'], family: 'Xiloj' }], id: 'p-1', resourceType: 'Patient', meta: { versionId: '2', lastUpdated: '2030-01-01T00:00:00Z' } } as Patient;
        const written = await store.rebase(theirs, same);
        expect(written?.meta.versionId).toBe('3');
        expect(await outbox(store)).toEqual([]);
        expect(await store.syncBase('Patient', 'p-1')).toEqual(await store.read('Patient', 'p-1'));
        // A tag is content, not a stamp: a merge that adds one is still uploaded.
        const tagged = { ...same, meta: { tag: [{ system: 'urn:ceiba:puesto', code: 'P-01' }] } };
        await store.rebase(remoteVersion(serverPatient('p-1', 'Xiloj', { birthDate: '1990-05-17', gender: 'female' }), '3'), tagged);
        expect(await outbox(store)).toEqual(['update Patient/p-1 v5 base=3']);
      });

      it('a merged delete is pending on the server version; a delete on both sides leaves nothing pending', async () => {
        await editedAfterSync();
        const theirs = remoteVersion(serverPatient('p-1', 'Xiloj', { active: false }), '2');
        expect(await store.rebase(theirs, 'delete')).toBeUndefined();
        expect((await outcomeOf(() => store.read('Patient', 'p-1'))).issue[0]?.code).toBe('deleted');
        expect(await outbox(store)).toEqual(['delete Patient/p-1 v4 base=2']);
        expect(((await store.syncBase('Patient', 'p-1')) as Patient | undefined)?.active).toBe(false);

        // The server deleted it too: the tombstone is marked in sync, nothing is written or pending.
        const versions = (await store.stats()).versions;
        expect(await store.rebase(remoteDelete('Patient', 'p-1', '3'), 'delete')).toBeUndefined();
        expect(await outbox(store)).toEqual([]);
        expect(await store.versionInfo('Patient', 'p-1')).toMatchObject({ versionId: '4', deleted: true, serverVersionId: '3' });
        expect((await store.stats()).versions).toBe(versions);
      });

      it('keeping a resource the server deleted is an update on the server delete', async () => {
        const mine = await editedAfterSync();
        const written = await store.rebase(remoteDelete('Patient', 'p-1', '2'), mine);
        expect(written).toMatchObject({ birthDate: '1990-05-17', meta: { versionId: '4' } });
        expect((await store.history('Patient', 'p-1')).map((h) => [h.versionId, h.deleted, h.serverVersionId])).toEqual([
          ['4', false, '2'],
          ['3', true, '2'],
          ['2', false, '1'],
          ['1', false, '1'],
        ]);
        expect(await outbox(store)).toEqual(['update Patient/p-1 v4 base=2']);
        expect(await store.syncBase('Patient', 'p-1')).toBeUndefined();
      });

      it('validates both versions and writes nothing when either fails; If-Match guards newer local edits', async () => {
        await editedAfterSync();
        await store.putConflict(conflict('2024-02-01T00:00:00Z'));
        const before = await snapshot();
        const theirs = remoteVersion(serverPatient('p-1', 'Xiloj'), '2');
        const badMerge = await outcomeOf(() => store.rebase(theirs, { ...serverPatient('p-1', 'X'), birthDate: 12 } as unknown as Patient));
        expect(badMerge.issue[0]).toMatchObject({ severity: 'error', expression: ['Patient.birthDate'] });
        const badRemote = await outcomeOf(() => store.rebase({ ...theirs, resource: { ...serverPatient('p-1', 'X'), gender: 'x' } as unknown as Patient }, 'delete'));
        expect(badRemote.issue[0]?.expression).toEqual(['Patient.gender']);
        const otherId = await outcomeOf(() => store.rebase(theirs, serverPatient('p-2', 'X')));
        expect(otherId.issue[0]?.expression).toEqual(['Patient.id']);
        const stale = await outcomeOf(() => store.rebase(theirs, serverPatient('p-1', 'X'), { ifMatch: '1' }));
        expect(stale.issue[0]).toMatchObject({ code: 'conflict', expression: ['Patient.meta.versionId'] });
        expect(await snapshot()).toEqual(before);
        await store.rebase(theirs, serverPatient('p-1', 'Fusionado'), { ifMatch: '2' });
        expect(await outbox(store)).toEqual(['update Patient/p-1 v4 base=2']);
      });
    });

    describe('conflicts and needs-attention', () => {
      const base = serverPatient('p-1', 'Base');
      const conflictFor = (id: string, recorded: string, family: string): SyncConflict => ({
        resourceType: 'Patient',
        id,
        base: { ...base, id },
        local: serverPatient(id, `${family} local`),
        remote: serverPatient(id, `${family} servidor`),
        remoteVersionId: '5',
        paths: ['Patient.name[0].family'],
        recorded,
      });

      it('keeps one conflict per resource, replaced by a newer one, oldest first, until removed', async () => {
        const a = conflictFor('a', '2024-02-02T00:00:00Z', 'Primero');
        const b = conflictFor('b', '2024-02-01T00:00:00Z', 'Otro');
        const deletedHere: SyncConflict = { resourceType: 'Patient', id: 'c', remote: serverPatient('c', 'Solo servidor'), remoteVersionId: '9', paths: [], recorded: '2024-02-03T00:00:00Z' };
        await store.putConflict(a);
        await store.putConflict(b);
        await store.putConflict(deletedHere);
        expect(await store.conflicts()).toEqual([b, a, deletedHere]);
        const newer = { ...conflictFor('a', '2024-02-04T00:00:00Z', 'Segundo'), remoteVersionId: '6' };
        await store.putConflict(newer);
        const listed = await store.conflicts();
        expect(listed).toEqual([b, deletedHere, newer]);
        // What a caller gets is a copy.
        (listed[0]?.paths as string[]).push('Patient.gender');
        expect((await store.conflicts())[0]).toEqual(b);
        await store.removeConflict('Patient', 'b');
        await store.removeConflict('Patient', 'never-recorded');
        expect(await store.conflicts()).toEqual([deletedHere, newer]);
        expect(await store.stats()).toEqual({ resources: 0, deleted: 0, versions: 0, pendingChanges: 0 });
        expect((await outcomeOf(() => store.putConflict({ ...b, resourceType: 'Nonsense' }))).issue[0]?.code).toBe('not-supported');
        expect((await outcomeOf(() => store.putConflict({ ...b, recorded: 'ayer' }))).issue[0]?.expression).toEqual(['SyncConflict.recorded']);
      });

      it('keeps one needs-attention item per resource with the server outcome, until removed', async () => {
        const refused = (id: string, versionId: string, recorded: string, text: string): AttentionItem => ({
          resourceType: 'Observation',
          id,
          versionId,
          outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: text, expression: ['Observation.code'] }] },
          recorded,
        });
        const first = refused('o-1', '2', '2024-02-01T00:00:00Z', 'unknown code');
        const other = refused('o-2', '1', '2024-02-01T00:00:00Z', 'missing subject');
        await store.putAttention(first);
        await store.putAttention(other);
        expect(await store.attention()).toEqual([first, other]);
        const again = refused('o-1', '3', '2024-02-05T00:00:00Z', 'still unknown');
        await store.putAttention(again);
        expect(await store.attention()).toEqual([other, again]);
        await store.removeAttention('Observation', 'o-2');
        expect(await store.attention()).toEqual([again]);
        expect((await outcomeOf(() => store.putAttention({ ...first, outcome: { issue: [] } as unknown as OperationOutcome }))).issue[0]?.expression).toEqual([
          'AttentionItem.outcome',
        ]);
      });
    });

    describe('a resource the server holds deleted', () => {
      // Regression (property counterexample `write r0, remoteBurst r2, write r2, delete r2`): a
      // write and a delete on top of a tombstone in sync leave the resource as the server holds it.
      it('a write on a tombstone pulled in sync is pending; deleting it again leaves nothing pending', async () => {
        expect(await store.applyRemote([remoteVersion(serverPatient('p-1', 'Xiloj'), '1'), remoteDelete('Patient', 'p-1', '2')])).toMatchObject({
          applied: 2,
          pending: [],
        });
        expect(await outbox(store)).toEqual([]);
        await store.update(serverPatient('p-1', 'Vuelve'));
        expect(await outbox(store)).toEqual(['update Patient/p-1 v3 base=2']);
        await store.delete('Patient', 'p-1');
        expect(await outbox(store)).toEqual([]);
        expect(await store.versionInfo('Patient', 'p-1')).toMatchObject({ versionId: '4', deleted: true, serverVersionId: '2' });
        expect(await store.syncBase('Patient', 'p-1')).toBeUndefined();

        // Written again here: pending again, still on the server's deletion.
        await store.update(serverPatient('p-1', 'Otra vez'));
        expect(await outbox(store)).toEqual(['update Patient/p-1 v5 base=2']);
      });

      it('the same on a tombstone marked in sync (deleted on both sides) and on an acknowledged delete', async () => {
        await store.applyRemote([remoteVersion(serverPatient('p-1', 'Xiloj'), '1')]);
        await store.delete('Patient', 'p-1');
        await store.applyRemote([remoteDelete('Patient', 'p-1', '2')]);
        await store.update(serverPatient('p-1', 'Vuelve'));
        await store.delete('Patient', 'p-1');
        expect(await outbox(store)).toEqual([]);

        const created = await store.create(patient('Ajú', ['Rosa']));
        await store.markSent([{ resourceType: 'Patient', id: created.id, versionId: '1', serverVersionId: '1' }]);
        await store.delete('Patient', created.id);
        expect(await outbox(store)).toEqual([`delete Patient/${created.id} v2 base=1`]);
        await store.markSent([{ resourceType: 'Patient', id: created.id, versionId: '2', serverVersionId: '2' }]);
        await store.update({ ...created, meta: {} });
        expect(await outbox(store)).toEqual([`update Patient/${created.id} v3 base=2`]);
        await store.delete('Patient', created.id);
        expect(await outbox(store)).toEqual([]);
      });

      it('a delete acknowledged after a newer write and delete leaves nothing pending; a body pulled on top makes a delete pending again', async () => {
        const created = await store.create(patient('Ajú', ['Rosa']));
        await store.markSent([{ resourceType: 'Patient', id: created.id, versionId: '1', serverVersionId: '1' }]);
        await store.delete('Patient', created.id);
        // The delete (v2) is on its way; meanwhile the person writes and deletes again.
        await store.update({ ...created, meta: {} });
        await store.delete('Patient', created.id);
        expect(await outbox(store)).toEqual([`delete Patient/${created.id} v4 base=1`]);
        await store.markSent([{ resourceType: 'Patient', id: created.id, versionId: '2', serverVersionId: '2' }]);
        expect(await outbox(store)).toEqual([]);

        await store.applyRemote([remoteVersion(serverPatient(created.id, 'Vuelve'), '3')]);
        await store.delete('Patient', created.id);
        expect(await outbox(store)).toEqual([`delete Patient/${created.id} v6 base=3`]);
      });
    });

    describe('invariant', () => {
      it(`property (seed ${String(PROPERTY_SEED)}): under any interleaving of local writes, pushes, pulls and rebases, a resource has an outbox entry exactly when its newest local state differs from its synced state, and it converges`, async () => {
        interface Op {
          readonly kind: 'write' | 'delete' | 'push' | 'remoteWrite' | 'remoteDelete' | 'remoteBurst' | 'repull' | 'rebase';
          readonly target: number;
        }
        const opArb: fc.Arbitrary<Op> = fc.record({
          kind: fc.constantFrom<Op['kind']>('write', 'write', 'delete', 'push', 'push', 'remoteWrite', 'remoteDelete', 'remoteBurst', 'repull', 'rebase'),
          target: fc.integer({ min: 0, max: 2 }),
        });
        /** The central server: per id, its version and body (family name; null when deleted). */
        interface ServerResource {
          version: number;
          family: string | null;
        }

        const property = fc.asyncProperty(fc.array(opArb, { maxLength: 12 }), async (ops) => {
          const local = await factory({ validator: validator(), ids: { uuid: () => globalThis.crypto.randomUUID() }, clock: steppingClock() });
          const db = local.store;
          const server = new Map<string, ServerResource>();
          /** Per id, the server content the local copy is in sync with (null: deleted there). */
          const synced = new Map<string, string | null>();
          /** Per id, what the local copy must say (null: deleted or absent): no edit is ever lost. */
          const mine = new Map<string, string | null>();
          /** Per id, the newest server version the device knows (its If-Match base). */
          const held = new Map<string, number>();
          let serial = 0;
          const current = (id: string): RemoteVersion | undefined => {
            const s = server.get(id);
            if (s === undefined) return undefined;
            return s.family === null ? remoteDelete('Patient', id, String(s.version)) : remoteVersion(serverPatient(id, s.family), String(s.version));
          };
          const pendingOf = async (id: string) => (await db.pendingChanges()).find((c) => c.id === id);
          const pushOne = async (id: string): Promise<boolean> => {
            const change = await pendingOf(id);
            if (change === undefined) return false;
            const s = server.get(id);
            // The server takes a create only of something it never had and an update or
            // delete only on its current version (If-Match); anything else is a 412.
            const accepted = change.op === 'create' ? s === undefined : change.baseServerVersionId === String(s?.version);
            if (!accepted) return false;
            const family = change.op === 'delete' ? null : (familyOf(change.resource) ?? null);
            const version = (s?.version ?? 0) + 1;
            server.set(id, { version, family });
            await db.markSent([{ resourceType: 'Patient', id, versionId: change.versionId, serverVersionId: String(version) }]);
            synced.set(id, family);
            held.set(id, version);
            return true;
          };
          /** Pulls the server's versions of `id` (its latest, or several in one page, oldest first). */
          const pull = async (id: string, versions = [current(id)]): Promise<void> => {
            const page = versions.filter((v): v is RemoteVersion => v !== undefined);
            if (page.length === 0) return;
            // What the store must do with each version, walked on the model.
            let pending = (await pendingOf(id)) !== undefined;
            const info = await db.versionInfo('Patient', id);
            let exists = info !== undefined;
            let deleted = info?.deleted ?? false;
            const want = { applied: 0, unchanged: 0, pending: 0 };
            for (const v of page) {
              const n = Number(v.serverVersionId);
              const family = familyOf(v.resource) ?? null;
              const h = held.get(id);
              if (h !== undefined && n <= h) {
                want.unchanged++;
              } else if (v.resource === undefined && (!exists || deleted)) {
                want.unchanged++;
                if (exists) {
                  held.set(id, n);
                  synced.set(id, null);
                  pending = false;
                }
              } else if (pending) {
                want.pending++;
              } else {
                want.applied++;
                held.set(id, n);
                synced.set(id, family);
                mine.set(id, family);
                exists = true;
                deleted = family === null;
              }
            }
            const result = await db.applyRemote(page);
            expect(result.rejected).toEqual([]);
            expect({ applied: result.applied, unchanged: result.unchanged, pending: result.pending.length }).toEqual(want);
          };
          const rebaseKeepingMine = async (id: string): Promise<void> => {
            const change = await pendingOf(id);
            const theirs = current(id);
            if (change === undefined || theirs === undefined) return;
            await db.rebase(theirs, change.op === 'delete' ? 'delete' : (change.resource ?? 'delete'));
            synced.set(id, server.get(id)?.family ?? null);
            held.set(id, Number(theirs.serverVersionId));
          };
          const check = async (): Promise<void> => {
            const changes = await db.pendingChanges();
            for (const id of ['r0', 'r1', 'r2']) {
              const info = await db.versionInfo('Patient', id);
              const base = await db.syncBase('Patient', id);
              const entry = changes.find((c) => c.id === id);
              const want = synced.get(id);
              // The synced state: the base's content, or nothing (deleted there, or never seen).
              expect(familyOf(base) ?? null).toBe(want ?? null);
              const content = info === undefined || info.deleted ? null : (familyOf(await db.read('Patient', id)) ?? null);
              expect(content).toBe(mine.get(id) ?? null);
              if (info === undefined) {
                expect(entry).toBeUndefined();
                continue;
              }
              const differs = info.deleted ? base !== undefined : base?.meta?.versionId !== info.versionId;
              expect(entry !== undefined).toBe(differs);
              if (entry !== undefined) expect(entry.versionId).toBe(info.versionId);
            }
          };
          try {
            for (const op of ops) {
              const id = `r${String(op.target)}`;
              const info = await db.versionInfo('Patient', id);
              switch (op.kind) {
                case 'write': {
                  const family = `L${String(serial++)}`;
                  await db.update({ ...patient(family, ['G']), id });
                  mine.set(id, family);
                  break;
                }
                case 'delete':
                  if (info !== undefined) await db.delete('Patient', id);
                  mine.set(id, null);
                  break;
                case 'push':
                  await pushOne(id);
                  break;
                case 'remoteWrite':
                case 'remoteDelete': {
                  const s = server.get(id);
                  if (op.kind === 'remoteDelete' && (s === undefined || s.family === null)) break;
                  server.set(id, { version: (s?.version ?? 0) + 1, family: op.kind === 'remoteDelete' ? null : `S${String(serial++)}` });
                  await pull(id);
                  break;
                }
                case 'remoteBurst': {
                  // Two server versions (a delete and a write, in either order) in one page.
                  const page: (RemoteVersion | undefined)[] = [];
                  for (const remove of serial % 2 === 0 ? [true, false] : [false, true]) {
                    const s = server.get(id);
                    if (remove && (s === undefined || s.family === null)) continue;
                    server.set(id, { version: (s?.version ?? 0) + 1, family: remove ? null : `S${String(serial++)}` });
                    page.push(current(id));
                  }
                  serial++;
                  await pull(id, page);
                  break;
                }
                case 'repull':
                  await pull(id);
                  break;
                case 'rebase':
                  await rebaseKeepingMine(id);
                  break;
              }
              await check();
            }
            // Converge: settle every pending change (rebasing where the server moved on), then pull.
            for (const id of ['r0', 'r1', 'r2']) {
              if ((await pendingOf(id)) !== undefined && !(await pushOne(id))) {
                await rebaseKeepingMine(id);
                await pushOne(id);
              }
              await pull(id);
              await check();
              expect(await pendingOf(id)).toBeUndefined();
              const info = await db.versionInfo('Patient', id);
              const s = server.get(id);
              if (s === undefined || s.family === null) expect(info === undefined || info.deleted).toBe(true);
              else expect(familyOf(await db.read('Patient', id))).toBe(s.family);
            }
          } finally {
            await local.close();
          }
        });
        try {
          await fc.assert(property, { numRuns: PROPERTY_RUNS, seed: PROPERTY_SEED });
        } catch (err) {
          console.error(`store sync property failed on ${name} (seed ${String(PROPERTY_SEED)}, rerun with CEIBA_STORE_PROPERTY_SEED=${String(PROPERTY_SEED)})`);
          throw err;
        }
      }, 60_000);
    });
  });
}
