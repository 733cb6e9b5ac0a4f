// The StoreCipher of an unlocked session (DESIGN §4): AES-GCM-256 bodies and HMAC-SHA-256 index
// tokens, with keys that `lock()` drops. After that every operation rejects with "store locked".
//
// Sealed layout:  version (1 byte, 0x01) | IV (12 bytes) | ciphertext | GCM tag (16 bytes)
// - The IV is 96 random bits per message. NIST SP 800-38D caps random-IV use at 2^32 messages
//   per key; a health post writes some hundreds of thousands of versions, orders of magnitude
//   below, so the data key never needs rotating for IV exhaustion.
// - The additional authenticated data is the version byte followed by the UTF-8 `aad` string (the
//   row identity, e.g. "Patient/123"): a body moved to another row, or relabelled as another
//   format version, fails authentication.
//
// Tokens: HMAC-SHA-256 over UTF-8(domain + U+0000 + value), truncated to 128 bits, base64url
// (22 characters). Domains may not contain U+0000, so (domain, value) pairs map to distinct inputs.
// Why 128 bits: a token only has to tell index values apart. For n distinct values the chance that
// any two collide is about n^2 / 2^129; at 10^7 values per domain that is ~10^-25. A collision
// would only add a false candidate to a search result, and the store reads the matching bodies
// anyway. 128 bits also keeps index keys short (22 bytes instead of 43).
//
// Token cache: the same (domain, value) pairs come back all the time (a status, a category, the
// patient every Observation of an import points at, the year bucket of its date), and each HMAC is
// a round trip to WebCrypto's thread pool. Tokens already computed are kept, up to
// TOKEN_CACHE_SIZE, oldest first out, and dropped with the keys on lock(): the values are search
// terms of resources this unlocked session is reading or writing anyway, and nothing of them
// outlives the session.
import type { StoreCipher } from '../store-cipher';
import { bufferSource, utf8 } from './buffer-source';
import { toBase64Url } from './base64url';
import { invalidTokenDomain, sealRejected, storeLocked } from './crypto-errors';
import type { DataKeys } from './data-key';

export const SEAL_VERSION = 0x01;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
export const SEAL_OVERHEAD = 1 + IV_BYTES + TAG_BYTES;
export const TOKEN_BYTES = 16;
/** Most tokens kept in memory by default (a few MB); a miss only costs an HMAC. */
export const TOKEN_CACHE_SIZE = 50_000;

function additionalData(version: number, aad: string): Uint8Array<ArrayBuffer> {
  const label = utf8.encode(aad);
  const out = new Uint8Array(1 + label.length);
  out[0] = version;
  out.set(label, 1);
  return out;
}

export class AesGcmStoreCipher implements StoreCipher {
  #keys: DataKeys | undefined;
  /** `${domain}\u0000${value}` → token, in insertion order (the first key is the oldest). */
  readonly #tokens = new Map<string, string>();
  readonly #tokenCacheSize: number;

  constructor(keys: DataKeys, options: { readonly tokenCacheSize?: number } = {}) {
    this.#keys = keys;
    this.#tokenCacheSize = options.tokenCacheSize ?? TOKEN_CACHE_SIZE;
  }

  get locked(): boolean {
    return this.#keys === undefined;
  }

  /** Drops the key references; the keys become unreachable from this object for good. */
  lock(): void {
    this.#keys = undefined;
    this.#tokens.clear();
  }

  #current(): DataKeys {
    if (this.#keys === undefined) throw storeLocked();
    return this.#keys;
  }

  async seal(plain: Uint8Array, aad: string): Promise<Uint8Array> {
    const { seal } = this.#current();
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    const encrypted = await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(SEAL_VERSION, aad), tagLength: TAG_BYTES * 8 },
      seal,
      bufferSource(plain),
    );
    const out = new Uint8Array(1 + IV_BYTES + encrypted.byteLength);
    out[0] = SEAL_VERSION;
    out.set(iv, 1);
    out.set(new Uint8Array(encrypted), 1 + IV_BYTES);
    return out;
  }

  async open(sealed: Uint8Array, aad: string): Promise<Uint8Array> {
    const { seal } = this.#current();
    if (sealed.length < SEAL_OVERHEAD) throw sealRejected(`too short (${sealed.length} bytes, minimum ${SEAL_OVERHEAD})`);
    const version = sealed[0] ?? -1;
    if (version !== SEAL_VERSION) throw sealRejected(`unknown format version ${version}`);
    const bytes = bufferSource(sealed);
    try {
      const plain = await globalThis.crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: bytes.subarray(1, 1 + IV_BYTES),
          additionalData: additionalData(version, aad),
          tagLength: TAG_BYTES * 8,
        },
        seal,
        bytes.subarray(1 + IV_BYTES),
      );
      return new Uint8Array(plain);
    } catch {
      // WebCrypto reports only "OperationError" here, by design: which byte was wrong is not said.
      throw sealRejected('authentication failed (tampered, wrong key or wrong aad)');
    }
  }

  async token(domain: string, value: string): Promise<string> {
    const [token] = await this.tokens(domain, [value]);
    return token ?? '';
  }

  async tokens(domain: string, values: readonly string[]): Promise<string[]> {
    const { token: key } = this.#current();
    checkDomain(domain);
    const out: string[] = new Array<string>(values.length);
    const pending: Promise<void>[] = [];
    values.forEach((value, i) => {
      const input = `${domain}\u0000${value}`;
      const cached = this.#tokens.get(input);
      if (cached !== undefined) out[i] = cached;
      else pending.push(tokenOf(key, input).then((token) => { out[i] = token; this.#remember(input, token); }));
    });
    await Promise.all(pending);
    return out;
  }

  #remember(input: string, token: string): void {
    // A lock while the HMAC was running must not leave the token behind.
    if (this.#keys === undefined) return;
    this.#tokens.set(input, token);
    if (this.#tokens.size > this.#tokenCacheSize) {
      const oldest = this.#tokens.keys().next();
      if (oldest.done !== true) this.#tokens.delete(oldest.value);
    }
  }
}

function checkDomain(domain: string): void {
  if (domain.length === 0 || domain.includes('\u0000')) throw invalidTokenDomain();
}

async function tokenOf(key: CryptoKey, input: string): Promise<string> {
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, utf8.encode(input));
  return toBase64Url(new Uint8Array(mac, 0, TOKEN_BYTES));
}
