// The wrapped-key record: one per local user, plain JSON, persisted through a KeyRecordStore
// (the Dexie store keeps them in its `keys` table). It holds no secret in the clear: the data key
// inside `wrappedKey` is AES-GCM encrypted under a key derived from the user's password, and then
// passed through the KeyStore (OS protection on the desktop). Salt, iteration count and IV are
// public by design; they are here so the work factor can be raised later record by record.
import { fromBase64Url } from './base64url';
import { utf8 } from './buffer-source';
import { malformedKeyRecord } from './crypto-errors';

export const KEY_RECORD_FORMAT = 'ceiba.key-record.v1';

/**
 * Upper bound on a record's PBKDF2 iteration count. Records come from disk: one edited to 2^31
 * iterations would hang sign-in for hours. 10^7 is ~16× the 2023 OWASP figure, room to grow.
 */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
export const SALT_BYTES = 16;
export const WRAP_IV_BYTES = 12;

export interface Pbkdf2Params {
  readonly name: 'PBKDF2';
  readonly hash: 'SHA-256';
  readonly iterations: number;
  /** base64url, SALT_BYTES random bytes, new on every (re)wrap. */
  readonly salt: string;
}

export interface KeyRecord {
  readonly format: typeof KEY_RECORD_FORMAT;
  readonly userId: string;
  /** Random id of the data key (base64url, 128 bits): the same in every record of one store. */
  readonly keyId: string;
  readonly kdf: Pbkdf2Params;
  readonly wrap: { readonly name: 'AES-GCM'; /** base64url, 96 bits */ readonly iv: string };
  /** Which KeyStore protected `wrappedKey` after the password wrap. */
  readonly protection: 'os' | 'none';
  /** base64url of KeyStore.protect(AES-GCM(password key, data key, aad = wrapAad(record))). */
  readonly wrappedKey: string;
  /** When this record was last (re)wrapped, ISO 8601; informative, not authenticated. */
  readonly updatedAt: string;
}

/**
 * Associated data of the password wrap: every field that says how to open the record and whose
 * record it is. Renaming a record to another user, or editing its salt, count or protection,
 * makes unwrapping fail instead of silently meaning something else. JSON of an array has no
 * delimiter ambiguity.
 */
export function wrapAad(record: Omit<KeyRecord, 'wrappedKey' | 'updatedAt'>): Uint8Array<ArrayBuffer> {
  return utf8.encode(
    JSON.stringify([
      record.format,
      record.userId,
      record.keyId,
      record.kdf.name,
      record.kdf.hash,
      record.kdf.iterations,
      record.kdf.salt,
      record.wrap.name,
      record.wrap.iv,
      record.protection,
    ]),
  );
}

/** Decoded binary fields of a record that passed `parseKeyRecord`. */
export interface KeyRecordBytes {
  readonly salt: Uint8Array<ArrayBuffer>;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly wrappedKey: Uint8Array<ArrayBuffer>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Checks a record read from storage; throws a `structure` OutcomeError naming the bad field. */
export function parseKeyRecord(value: unknown): { record: KeyRecord; bytes: KeyRecordBytes } {
  if (!isObject(value)) throw malformedKeyRecord('not an object');
  const { format, userId, keyId, kdf, wrap, protection, wrappedKey, updatedAt } = value;
  if (format !== KEY_RECORD_FORMAT) throw malformedKeyRecord('unknown format');
  if (!isText(userId)) throw malformedKeyRecord('userId');
  if (!isText(keyId) || fromBase64Url(keyId) === undefined) throw malformedKeyRecord('keyId');
  if (!isObject(kdf) || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') throw malformedKeyRecord('kdf');
  const { iterations } = kdf;
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw malformedKeyRecord('kdf.iterations');
  }
  const salt = typeof kdf.salt === 'string' ? fromBase64Url(kdf.salt) : undefined;
  if (salt === undefined || salt.length < SALT_BYTES) throw malformedKeyRecord('kdf.salt');
  if (!isObject(wrap) || wrap.name !== 'AES-GCM') throw malformedKeyRecord('wrap');
  const iv = typeof wrap.iv === 'string' ? fromBase64Url(wrap.iv) : undefined;
  if (iv?.length !== WRAP_IV_BYTES) throw malformedKeyRecord('wrap.iv');
  if (protection !== 'os' && protection !== 'none') throw malformedKeyRecord('protection');
  const wrapped = typeof wrappedKey === 'string' ? fromBase64Url(wrappedKey) : undefined;
  if (wrapped === undefined || wrapped.length === 0) throw malformedKeyRecord('wrappedKey');
  if (typeof updatedAt !== 'string') throw malformedKeyRecord('updatedAt');
  const record: KeyRecord = {
    format,
    userId,
    keyId,
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: kdf.salt as string },
    wrap: { name: 'AES-GCM', iv: wrap.iv as string },
    protection,
    wrappedKey: wrappedKey as string,
    updatedAt,
  };
  return { record, bytes: { salt, iv, wrappedKey: wrapped } };
}
