// The Dexie store in Node: each store gets its own fake-indexeddb IDBFactory, so no test sees
// another's databases and nothing is installed on globalThis.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDexieStore } from '../../src-core/store/dexie-store';
import type { StoreCipher } from '../../src-core/store/store-cipher';
import type { StoreDeps, StoreUnderTest } from './store-contract';
import { createTestCipher } from './store-test-cipher';

export interface NodeDexieStore extends StoreUnderTest {
  readonly factory: IDBFactory;
  readonly name: string;
}

export async function openNodeDexieStore(
  deps: StoreDeps,
  options: { factory?: IDBFactory; name?: string; cipher?: StoreCipher } = {},
): Promise<NodeDexieStore> {
  const factory = options.factory ?? new IDBFactory();
  const name = options.name ?? 'ceiba-test';
  const store = await openDexieStore({
    ...deps,
    name,
    cipher: options.cipher ?? (await createTestCipher()),
    indexedDB: factory,
    IDBKeyRange,
  });
  return {
    store,
    factory,
    name,
    close: () => {
      store.close();
      return Promise.resolve();
    },
  };
}
