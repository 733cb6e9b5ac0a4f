// The data key: 256 bits of random material, never stored in the clear, from which HKDF derives
// the two working keys of an unlocked store. Deriving (rather than storing two keys) keeps one
// secret to wrap per user, and separate keys keep AES-GCM and HMAC from ever sharing a key.
import { utf8 } from './buffer-source';

export const DATA_KEY_BYTES = 32;

/** The working keys of an unlocked session; both non-extractable. */
export interface DataKeys {
  /** AES-GCM-256: seals resource bodies. */
  readonly seal: CryptoKey;
  /** HMAC-SHA-256: turns search values into index tokens. */
  readonly token: CryptoKey;
}

// HKDF's salt is optional when the input is already uniformly random (RFC 5869 §3.1); the `info`
// labels separate the two outputs and version them.
const SEAL_INFO = utf8.encode('ceiba.store.seal.aes-gcm-256.v1');
const TOKEN_INFO = utf8.encode('ceiba.store.token.hmac-sha-256.v1');
const NO_SALT = new Uint8Array(0);

/** Derives the working keys from the data key held as a non-extractable HKDF key. */
export async function deriveDataKeys(material: CryptoKey): Promise<DataKeys> {
  const subtle = globalThis.crypto.subtle;
  const [seal, token] = await Promise.all([
    subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: NO_SALT, info: SEAL_INFO },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    ),
    subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: NO_SALT, info: TOKEN_INFO },
      material,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    ),
  ]);
  return { seal, token };
}

/** Imports raw data-key bytes as the HKDF input key (WebCrypto never lets an HKDF key be extracted). */
export function importDataKeyMaterial(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
}
