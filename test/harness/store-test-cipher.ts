// The StoreCipher the store's tests use: the product cipher of src-core/store/crypto (AES-GCM-256
// bodies, HMAC-SHA-256 tokens, both keys derived from one data key with HKDF) over a random data
// key, without the key vault around it. Raw key bytes can be passed in where two contexts (a page
// and its worker) must open the same store.
import { AesGcmStoreCipher } from '../../src-core/store/crypto/aes-gcm-store-cipher';
import { DATA_KEY_BYTES, deriveDataKeys, importDataKeyMaterial } from '../../src-core/store/crypto/data-key';

/** The raw data key, for tests where a page and its worker must share one cipher. */
export interface TestCipherKeys {
  readonly dataKey: Uint8Array<ArrayBuffer>;
}

export function randomTestCipherKeys(): TestCipherKeys {
  return { dataKey: globalThis.crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES)) };
}

/** The product cipher (a StoreCipher that can also be locked) over the given or a random data key. */
export async function createTestCipher(keys: TestCipherKeys = randomTestCipherKeys()): Promise<AesGcmStoreCipher> {
  return new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(new Uint8Array(keys.dataKey))));
}
