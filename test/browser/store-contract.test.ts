// The FhirStore contract against the Dexie store in Chromium: real IndexedDB, real WebCrypto.
import { openDexieStore } from '../../src-core/store/dexie-store';
import { describeStoreContract } from '../harness/store-contract';
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

describeStoreContract(
  'Dexie store (Chromium, IndexedDB)',
  async (deps) => {
    const name = `ceiba-contract-${crypto.randomUUID()}`;
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
);
