// A stand-in for the desktop's OS key store (Electron safeStorage / DPAPI) in tests: each instance
// plays one OS account with its own secret, so bytes protected by one "account" do not unprotect
// under another. It counts calls so tests can prove the vault routes records through it.
import type { KeyStore } from '../../src-core/store/crypto/key-store';

const MAGIC = new TextEncoder().encode('FAKE-OS1');

export class FakeOsKeyStore implements KeyStore {
  readonly kind = 'os' as const;
  protectCalls = 0;
  unprotectCalls = 0;
  readonly #key: Promise<CryptoKey>;

  constructor() {
    this.#key = crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  }

  async protect(bytes: Uint8Array): Promise<Uint8Array> {
    this.protectCalls++;
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await this.#key, new Uint8Array(bytes)));
    const out = new Uint8Array(MAGIC.length + iv.length + sealed.length);
    out.set(MAGIC, 0);
    out.set(iv, MAGIC.length);
    out.set(sealed, MAGIC.length + iv.length);
    return out;
  }

  async unprotect(bytes: Uint8Array): Promise<Uint8Array> {
    this.unprotectCalls++;
    if (!FakeOsKeyStore.isProtected(bytes)) throw new Error('not protected by a fake OS key store');
    const iv = bytes.slice(MAGIC.length, MAGIC.length + 12);
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, await this.#key, bytes.slice(MAGIC.length + 12));
    return new Uint8Array(plain);
  }

  /** Whether bytes carry this fake's envelope (any instance). */
  static isProtected(bytes: Uint8Array): boolean {
    return MAGIC.every((b, i) => bytes[i] === b);
  }
}
