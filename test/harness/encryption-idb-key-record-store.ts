// A KeyRecordStore over plain IndexedDB, for the browser tests and the on-disk encryption page.
// A stand-in until the Dexie store's `keys` table implements the port; each method is one
// transaction, so the check-then-write steps of `add`, `replace` and `delete` are atomic.
import type { KeyRecord } from '../../src-core/store/crypto/key-record';
import type { KeyRecordStore } from '../../src-core/store/crypto/key-record-store';

export const KEYS_STORE = 'keys';

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

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => {
      resolve();
    };
    tx.onabort = () => {
      reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    };
  });
}

export class IdbKeyRecordStore implements KeyRecordStore {
  constructor(private readonly db: IDBDatabase) {}

  /** Creates the `keys` object store; call from `onupgradeneeded`. */
  static createSchema(db: IDBDatabase): void {
    db.createObjectStore(KEYS_STORE, { keyPath: 'userId' });
  }

  async list(): Promise<readonly unknown[]> {
    const tx = this.db.transaction(KEYS_STORE, 'readonly');
    return request(tx.objectStore(KEYS_STORE).getAll());
  }

  async get(userId: string): Promise<unknown> {
    const tx = this.db.transaction(KEYS_STORE, 'readonly');
    return request(tx.objectStore(KEYS_STORE).get(userId));
  }

  async add(record: KeyRecord, options: { readonly onlyIfEmpty?: boolean } = {}): Promise<boolean> {
    return this.#write(async (store) => {
      if ((await request(store.getKey(record.userId))) !== undefined) return false;
      if (options.onlyIfEmpty === true && (await request(store.count())) > 0) return false;
      store.add(record);
      return true;
    });
  }

  async replace(record: KeyRecord): Promise<boolean> {
    return this.#write(async (store) => {
      if ((await request(store.getKey(record.userId))) === undefined) return false;
      store.put(record);
      return true;
    });
  }

  async delete(userId: string): Promise<'deleted' | 'missing' | 'last'> {
    return this.#write(async (store) => {
      if ((await request(store.getKey(userId))) === undefined) return 'missing';
      if ((await request(store.count())) === 1) return 'last';
      store.delete(userId);
      return 'deleted';
    });
  }

  async #write<T>(body: (store: IDBObjectStore) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(KEYS_STORE, 'readwrite');
    const committed = done(tx);
    try {
      const result = await body(tx.objectStore(KEYS_STORE));
      await committed;
      return result;
    } catch (err) {
      await committed.catch(() => undefined);
      throw err;
    }
  }
}

export function openDatabase(name: string, upgrade: (db: IDBDatabase) => void): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    upgrade(req.result);
  };
  return request(req);
}

export { request as idbRequest, done as idbDone };
