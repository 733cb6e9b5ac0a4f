// The KeyRecordStore of src-core/store/crypto over the store database's `keys` table. Each
// operation is one IndexedDB transaction, so its check and its write cannot be interleaved with
// another window's (two first users at once, a password change racing a removal).
import type { KeyRecord } from '../crypto/key-record';
import type { KeyRecordStore } from '../crypto/key-record-store';
import type { StoreDatabase } from './dexie-backend';

export class DexieKeyRecordStore implements KeyRecordStore {
  constructor(private readonly db: StoreDatabase) {}

  async list(): Promise<readonly unknown[]> {
    return this.db.keys.toArray();
  }

  async get(userId: string): Promise<unknown> {
    return this.db.keys.get(userId);
  }

  add(record: KeyRecord, options: { readonly onlyIfEmpty?: boolean } = {}): Promise<boolean> {
    const { keys } = this.db;
    return this.db.transaction('rw', keys, async () => {
      if ((await keys.get(record.userId)) !== undefined) return false;
      if (options.onlyIfEmpty === true && (await keys.count()) > 0) return false;
      await keys.add(record);
      return true;
    });
  }

  replace(record: KeyRecord): Promise<boolean> {
    const { keys } = this.db;
    return this.db.transaction('rw', keys, async () => {
      if ((await keys.get(record.userId)) === undefined) return false;
      await keys.put(record);
      return true;
    });
  }

  delete(userId: string): Promise<'deleted' | 'missing' | 'last'> {
    const { keys } = this.db;
    return this.db.transaction('rw', keys, async () => {
      if ((await keys.get(userId)) === undefined) return 'missing' as const;
      if ((await keys.count()) === 1) return 'last' as const;
      await keys.delete(userId);
      return 'deleted' as const;
    });
  }
}
