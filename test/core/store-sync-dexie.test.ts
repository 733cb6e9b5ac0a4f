// The SyncStore contract against the Dexie store in Node, over fake-indexeddb, with a real
// (AES-GCM + HMAC) cipher. fake-indexeddb's IDBObjectStore can be made to fail a put, so the
// tests of a commit that fails inside its transaction run here too.
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import { openDexieStore } from '../../src-core/store/dexie-store';
import { describeSyncStoreContract, failingPuts } from '../harness/store-sync-contract';
import { createTestCipher } from '../harness/store-test-cipher';
import { nodeValidator } from '../harness/store-validator-node';

describeSyncStoreContract(
  'Dexie store (Node, fake-indexeddb)',
  async (deps) => {
    const store = await openDexieStore({ ...deps, name: 'ceiba-sync-test', cipher: await createTestCipher(), indexedDB: new IDBFactory(), IDBKeyRange });
    return {
      store,
      close: () => {
        store.close();
        return Promise.resolve();
      },
    };
  },
  nodeValidator,
  { commitFault: failingPuts(IDBObjectStore.prototype) },
);
