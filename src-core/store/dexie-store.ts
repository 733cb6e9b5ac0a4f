// The encrypted IndexedDB store (DESIGN §4). One database per health-post PC holds the wrapped
// data-key records (readable before anyone signs in) and the FHIR data, which a signed-in
// session reads and writes through its StoreCipher: rows keep sync metadata in the clear, bodies
// are sealed and index entries are keyed hashes. Only this file and src-core/store/dexie-store/
// import dexie.
import { Dexie } from 'dexie';
import type { ResourceValidator } from '../fhir/validation';
import { systemClock, type Clock } from '../platform/clock';
import { cryptoIds, type Ids } from '../platform/ids';
import type { KeyRecordStore } from './crypto/key-record-store';
import { DexieBackend, type StoreDatabase } from './dexie-store/dexie-backend';
import { DexieKeyRecordStore } from './dexie-store/dexie-key-record-store';
import { applyMigrations, SCHEMA_VERSION } from './dexie-store/schema';
import type { StoreCipher } from './store-cipher';
import { StoreEngine } from './store-engine';
import { storeUnavailable } from './store-errors';
import type { SyncStore } from './sync-store';

export interface DexieDatabaseOptions {
  /** IndexedDB database name. */
  readonly name: string;
  /** An IndexedDB implementation other than the global one (fake-indexeddb in Node tests). */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
  /**
   * Chromium's commit durability. 'strict' (the default) reports a transaction complete only once
   * it is flushed to disk, so a power cut right after a save cannot lose it; bulk imports pay it
   * once per bundle.
   */
  readonly durability?: 'strict' | 'relaxed' | 'default';
}

/** What an unlocked session brings to the store. */
export interface StoreSessionOptions {
  readonly cipher: StoreCipher;
  /** Called on every write. */
  readonly validator: ResourceValidator;
  readonly ids?: Ids;
  readonly clock?: Clock;
}

export class DexieStore {
  readonly keyRecords: KeyRecordStore;

  private constructor(private readonly db: StoreDatabase) {
    this.keyRecords = new DexieKeyRecordStore(db);
  }

  /** Opens (creating or upgrading as needed) the database. */
  static async open(options: DexieDatabaseOptions): Promise<DexieStore> {
    const db = new Dexie(options.name, {
      chromeTransactionDurability: options.durability ?? 'strict',
      ...(options.indexedDB === undefined ? {} : { indexedDB: options.indexedDB }),
      ...(options.IDBKeyRange === undefined ? {} : { IDBKeyRange: options.IDBKeyRange }),
    }) as StoreDatabase;
    applyMigrations(db);
    try {
      await db.open();
    } catch (err) {
      db.close();
      throw storeUnavailable(`cannot open ${options.name}: ${err instanceof Error ? err.name : 'unknown error'}`);
    }
    // Dexie opens a database a newer app version upgraded and carries on; this code cannot know
    // what that version changed, so it must not read or write it (no downgrades).
    const installed = db.backendDB().version / 10;
    if (installed > SCHEMA_VERSION) {
      db.close();
      throw storeUnavailable(`VersionError: ${options.name} is at schema ${installed}, newer than this app's ${SCHEMA_VERSION}`);
    }
    return new DexieStore(db);
  }

  /** The FHIR store of a session: every body, index entry and sync record goes through its cipher. */
  fhir(session: StoreSessionOptions): SyncStore {
    return new StoreEngine(new DexieBackend(this.db, session.cipher), {
      validator: session.validator,
      ids: session.ids ?? cryptoIds,
      clock: session.clock ?? systemClock,
    });
  }

  close(): void {
    this.db.close();
  }
}

export interface DexieFhirStore extends SyncStore {
  close(): void;
}

/** Opens the database and a SyncStore on it in one step (tests, tools, benchmarks). */
export async function openDexieStore(options: DexieDatabaseOptions & StoreSessionOptions): Promise<DexieFhirStore> {
  const database = await DexieStore.open(options);
  return Object.assign(database.fhir(options), { close: () => { database.close(); } });
}
