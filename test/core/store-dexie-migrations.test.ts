// Schema migrations (STYLE §9). Version 1 has no predecessor, so its test opens an empty database
// and checks the exact schema it creates. Every later version must add a test here that upgrades a
// fixture database of the version before it; the first test fails until that is done.
import { Dexie } from 'dexie';
import type { Patient } from '@medplum/fhirtypes';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DexieStore } from '../../src-core/store/dexie-store';
import { applyMigrations, MIGRATIONS, SCHEMA_VERSION } from '../../src-core/store/dexie-store/schema';
import type { StoreCipher } from '../../src-core/store/store-cipher';
import { outcomeOf, patient, steppingClock } from '../harness/store-contract';
import { createTestCipher } from '../harness/store-test-cipher';
import { nodeValidator } from '../harness/store-validator-node';

/** Versions whose migration has a test in this file. */
const TESTED_VERSIONS = [1, 2];

interface StoreShape {
  readonly keyPath: string | string[] | null;
  readonly indexes: Record<string, { keyPath: string | string[]; multiEntry: boolean; unique: boolean }>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB request failed'));
    };
  });
}

/** The schema as IndexedDB itself reports it, without Dexie. */
async function rawSchema(factory: IDBFactory, name: string): Promise<{ version: number; stores: Record<string, StoreShape> }> {
  const db = await request(factory.open(name));
  const stores: Record<string, StoreShape> = {};
  const names = [...db.objectStoreNames];
  const tx = db.transaction(names, 'readonly');
  for (const storeName of names) {
    const store = tx.objectStore(storeName);
    const indexes: StoreShape['indexes'] = {};
    for (const indexName of [...store.indexNames]) {
      const index = store.index(indexName);
      indexes[indexName] = { keyPath: index.keyPath, multiEntry: index.multiEntry, unique: index.unique };
    }
    stores[storeName] = { keyPath: store.keyPath, indexes };
  }
  const version = db.version;
  db.close();
  return { version, stores };
}

/** Opens (creating or upgrading) `name` with the migrations up to `version` only, as that app version did. */
async function openAtVersion(factory: IDBFactory, name: string, version: number): Promise<Dexie> {
  const db = new Dexie(name, { indexedDB: factory, IDBKeyRange });
  applyMigrations(db, MIGRATIONS.filter((m) => m.version <= version));
  await db.open();
  return db;
}

/** Every row of every table, opened without declaring a schema. */
async function rawRows(factory: IDBFactory, name: string): Promise<Record<string, Record<string, unknown>[]>> {
  const db = new Dexie(name, { indexedDB: factory, IDBKeyRange });
  await db.open();
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of db.tables) out[table.name] = (await table.toArray()) as Record<string, unknown>[];
  db.close();
  return out;
}

const V1_TABLES = ['changes', 'history', 'keys', 'meta', 'resources'];
/** Fields v2 added to resource rows: a v1 app never wrote them. */
const V2_ROW_FIELDS = ['syncedVersionId', 'serverLastUpdated'];

/**
 * A v1 database with data in every sync situation. The rows are written by today's store (the same
 * sealing, index hashing and outbox as v1) into a scratch database, then copied table by table
 * into a database created at schema v1 without the fields v1 did not have: byte for byte what v1
 * left on disk.
 */
async function v1Fixture(factory: IDBFactory, name: string, cipher: StoreCipher): Promise<Record<string, string>> {
  const session = { cipher, validator: nodeValidator(), clock: steppingClock() };
  const scratch = await DexieStore.open({ name: `${name}-scratch`, indexedDB: factory, IDBKeyRange });
  const store = scratch.fhir(session);
  const ack = (id: string, versionId: string, serverVersionId?: string) =>
    store.markSent([{ resourceType: 'Patient', id, versionId, ...(serverVersionId === undefined ? {} : { serverVersionId }) }]);
  const synced = await store.create(patient('Xiloj', ['Ana']));
  await ack(synced.id, '1', 's1');
  const edited = await store.create(patient('Tzoc', ['Beto']));
  await ack(edited.id, '1', 's1');
  await store.update({ ...edited, gender: 'male' });
  const fresh = await store.create(patient('Cux', ['Carla']));
  const deletedPending = await store.create(patient('Ajpop', ['Diego']));
  await ack(deletedPending.id, '1', 's4');
  await store.delete('Patient', deletedPending.id);
  scratch.close();

  const source = await rawRows(factory, `${name}-scratch`);
  const v1 = await openAtVersion(factory, name, 1);
  for (const table of V1_TABLES) {
    const rows = (source[table] ?? []).map((row) =>
      table === 'resources' ? Object.fromEntries(Object.entries(row).filter(([k]) => !V2_ROW_FIELDS.includes(k))) : row,
    );
    await v1.table(table).bulkPut(rows);
  }
  v1.close();
  return { synced: synced.id, edited: edited.id, fresh: fresh.id, deletedPending: deletedPending.id };
}

describe('store schema migrations', () => {
  it('are numbered from 1 without gaps, and each has its test', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(TESTED_VERSIONS).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('v1: opening an empty database creates the v1 schema', async () => {
    const factory = new IDBFactory();
    await openAtVersion(factory, 'fresh', 1);
    const schema = await rawSchema(factory, 'fresh');
    expect(schema.version).toBe(10); // Dexie stores version × 10
    const plain = { multiEntry: false, unique: false };
    expect(schema.stores).toEqual({
      resources: {
        keyPath: 'key',
        indexes: {
          '[deleted+resourceType]': { keyPath: ['deleted', 'resourceType'], ...plain },
          '[resourceType+lastUpdated]': { keyPath: ['resourceType', 'lastUpdated'], ...plain },
          idx: { keyPath: 'idx', multiEntry: true, unique: false },
        },
      },
      history: { keyPath: ['key', 'versionId'], indexes: {} },
      changes: { keyPath: 'key', indexes: { seq: { keyPath: 'seq', ...plain } } },
      meta: { keyPath: 'key', indexes: {} },
      keys: { keyPath: 'userId', indexes: {} },
    });
  });

  it('v2: opening an empty database adds the sync tables to the v1 schema', async () => {
    const factory = new IDBFactory();
    const database = await DexieStore.open({ name: 'fresh', indexedDB: factory, IDBKeyRange });
    database.close();
    const schema = await rawSchema(factory, 'fresh');
    expect(schema.version).toBe(20);
    expect(Object.keys(schema.stores).sort()).toEqual([...V1_TABLES, 'attention', 'conflicts', 'syncState'].sort());
    expect(schema.stores.syncState).toEqual({ keyPath: 'key', indexes: {} });
    expect(schema.stores.conflicts).toEqual({ keyPath: 'key', indexes: {} });
    expect(schema.stores.attention).toEqual({ keyPath: 'key', indexes: {} });
  });

  it('v2: upgrading a v1 database keeps every row and records which version is in sync where v1 knew it', async () => {
    const factory = new IDBFactory();
    const cipher = await createTestCipher();
    const ids = await v1Fixture(factory, 'upgrade', cipher);
    const before = await rawRows(factory, 'upgrade');
    expect((await rawSchema(factory, 'upgrade')).version).toBe(10);
    for (const row of before.resources ?? []) expect(Object.keys(row)).not.toContain('syncedVersionId');

    const database = await DexieStore.open({ name: 'upgrade', indexedDB: factory, IDBKeyRange });
    const store = database.fhir({ cipher, validator: nodeValidator(), clock: steppingClock(Date.UTC(2025, 0, 1)) });
    try {
      const after = await rawRows(factory, 'upgrade');
      // Nothing lost or changed but the one new field.
      for (const table of V1_TABLES.filter((t) => t !== 'resources')) expect(after[table]).toEqual(before[table]);
      const rowOf = (rows: Record<string, unknown>[] | undefined, id: string) => rows?.find((r) => r.id === id);
      const synced = (id: string): unknown => rowOf(after.resources, id)?.syncedVersionId;
      for (const id of Object.values(ids)) {
        const rest = Object.entries(rowOf(after.resources, id) ?? {}).filter(([k]) => k !== 'syncedVersionId');
        expect(Object.fromEntries(rest)).toEqual(rowOf(before.resources, id));
      }
      expect(synced(ids.synced ?? '')).toBe(1); // server version, nothing pending: it is the synced version
      expect(synced(ids.edited ?? '')).toBeUndefined(); // pending: v1 did not record which version was acknowledged
      expect(synced(ids.fresh ?? '')).toBeUndefined(); // never reached the server
      expect(synced(ids.deletedPending ?? '')).toBeUndefined();
      expect(after.syncState).toEqual([]);
      expect(after.conflicts).toEqual([]);
      expect(after.attention).toEqual([]);

      // The upgraded store reads, searches, syncs and writes as usual.
      expect(await store.syncBase('Patient', ids.synced ?? '')).toEqual(await store.read('Patient', ids.synced ?? ''));
      expect(await store.syncBase('Patient', ids.edited ?? '')).toBeUndefined();
      expect((await store.search('Patient', { family: 'tzoc' })).total).toBe(1);
      expect((await store.pendingChanges()).map((c) => `${c.op} ${c.id} v${c.versionId} base=${c.baseServerVersionId ?? '-'}`).sort()).toEqual(
        [`update ${ids.edited ?? ''} v2 base=s1`, `create ${ids.fresh ?? ''} v1 base=-`, `delete ${ids.deletedPending ?? ''} v2 base=s4`].sort(),
      );
      await store.markSent([{ resourceType: 'Patient', id: ids.edited ?? '', versionId: '2', serverVersionId: 's2' }]);
      expect(((await store.syncBase('Patient', ids.edited ?? '')) as Patient | undefined)?.gender).toBe('male');
      await store.writeSyncState({ 'pull.Patient': '2024-01-01T00:00:00Z' });
      expect(await store.readSyncState('pull.Patient')).toBe('2024-01-01T00:00:00Z');
    } finally {
      database.close();
    }
  });

  it('v1: reopening keeps what was written', async () => {
    const factory = new IDBFactory();
    const cipher = await createTestCipher();
    const session = { cipher, validator: nodeValidator(), clock: steppingClock() };
    const first = await DexieStore.open({ name: 'kept', indexedDB: factory, IDBKeyRange });
    const created = await first.fhir(session).create(patient('Xiloj', ['Ana']));
    first.close();
    const again = await DexieStore.open({ name: 'kept', indexedDB: factory, IDBKeyRange });
    const store = again.fhir(session);
    expect(await store.read('Patient', created.id)).toEqual(created);
    expect((await store.pendingChanges()).map((c) => c.id)).toEqual([created.id]);
    again.close();
  });

  it('refuses a database written by a newer version of the app, with an outcome', async () => {
    const factory = new IDBFactory();
    const newer = await request(factory.open('newer', (SCHEMA_VERSION + 1) * 10));
    newer.close();
    const outcome = await outcomeOf(() => DexieStore.open({ name: 'newer', indexedDB: factory, IDBKeyRange }));
    expect(outcome.issue[0]).toMatchObject({ code: 'exception', details: { text: 'No se pudo abrir la base de datos local.' } });
    expect(outcome.issue[0]?.diagnostics).toMatch(/VersionError/);
  });
});
