// The key-encryption key of one user: PBKDF2-HMAC-SHA-256 over the password, as an AES-GCM-256
// key that can only wrap and unwrap (never encrypt data, never be exported).
//
// Work factor: 600,000 iterations, OWASP's 2023 Password Storage Cheat Sheet figure for
// PBKDF2-HMAC-SHA256. The count is stored in each record, so raising this constant later upgrades
// records one by one as their users sign in (KeyVault re-wraps on unlock). WebCrypto offers no
// memory-hard KDF (scrypt, Argon2), hence PBKDF2 at this count.
import { utf8 } from './buffer-source';

export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

/**
 * Passwords are NFC-normalized before UTF-8 encoding (as RFC 8265's OpaqueString profile does),
 * so "contraseña" typed as n + combining tilde on one keyboard and as ñ on another is one password.
 */
export function passwordBytes(password: string): Uint8Array<ArrayBuffer> {
  return utf8.encode(password.normalize('NFC'));
}

export async function derivePasswordKey(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  const secret = passwordBytes(password);
  const base = await subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
  secret.fill(0);
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}
