// The SyncStore contract against the Dexie store in Chromium: real IndexedDB, real WebCrypto. The
// browser's own IDBObjectStore.prototype.put is made to fail for the test of a commit that fails
// inside its transaction.
import { openDexieStore } from '../../src-core/store/dexie-store';
import { describeSyncStoreContract, failingPuts } from '../harness/store-sync-contract';
import { createTestCipher } from '../harness/store-test-cipher';
import { browserValidator } from '../harness/store-validator-browser';

const validator = await browserValidator();

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => {
      resolve();
    };
    request.onerror = () => {
      reject(request.error ?? new Error('deleteDatabase failed'));
    };
  });
}

describeSyncStoreContract(
  'Dexie store (Chromium, IndexedDB)',
  async (deps) => {
    const name = `ceiba-sync-contract-${crypto.randomUUID()}`;
    const store = await openDexieStore({ ...deps, name, cipher: await createTestCipher() });
    return {
      store,
      close: async () => {
        store.close();
        await deleteDatabase(name);
      },
    };
  },
  () => validator,
  { commitFault: failingPuts(IDBObjectStore.prototype) },
);
