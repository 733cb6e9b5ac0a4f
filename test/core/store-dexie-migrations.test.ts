// Schema migrations (STYLE §9). Version 1 has no predecessor, so its test opens an empty database
// and checks the exact schema it creates. Every later version must add a test here that upgrades a
// fixture database of the version before it; the first test fails until that is done.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DexieStore } from '../../src-core/store/dexie-store';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src-core/store/dexie-store/schema';
import { outcomeOf, patient, steppingClock } from '../harness/store-contract';
import { createTestCipher } from '../harness/store-test-cipher';
import { nodeValidator } from '../harness/store-validator-node';

/** Versions whose migration has a test in this file. */
const TESTED_VERSIONS = [1];

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

describe('store schema migrations', () => {
  it('are numbered from 1 without gaps, and each has its test', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(TESTED_VERSIONS).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('v1: opening an empty database creates the v1 schema', async () => {
    const factory = new IDBFactory();
    const database = await DexieStore.open({ name: 'fresh', indexedDB: factory, IDBKeyRange });
    database.close();
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
