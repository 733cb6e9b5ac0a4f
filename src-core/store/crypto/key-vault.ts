// KeyVault: the local users of one store and the data key they share (DESIGN §4).
//
// One random data key encrypts the store. Each local user has a record holding that key wrapped
// (AES-GCM) under a key derived from their password (PBKDF2-HMAC-SHA-256), then protected by the
// KeyStore (the OS on the desktop). Unlocking yields a session whose StoreCipher holds only
// non-extractable keys; locking drops them. Changing a password re-wraps the data key and touches
// no data.
//
// Wrong passwords and timing: the password is never compared in script. A wrong password derives
// a different wrapping key and AES-GCM unwrapping fails its tag check, inside WebCrypto (BoringSSL
// in Chromium and Electron, OpenSSL in Node), which compares tags in constant time. Sign-in time is
// dominated by PBKDF2 at the record's iteration count, identical for right and wrong passwords;
// what differs after it (deriving two keys on success) reveals only the outcome, which the caller
// learns anyway. An unknown user name fails before PBKDF2 and is distinguishable by time: user
// names are not secret on a shared health-post PC (the sign-in screen lists them). Timing is not
// the threat worth worrying about here: whoever copies the disk can run offline guesses against a
// record at full speed, and only the work factor (and OS protection on the desktop) slows them.
import type { Clock } from '../../platform/clock';
import { systemClock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { issue, outcome, OutcomeError, toOutcome } from '../../fhir/outcome';
import type { StoreCipher } from '../store-cipher';
import { AesGcmStoreCipher } from './aes-gcm-store-cipher';
import { toBase64Url } from './base64url';
import { cryptoRandomBytes, type RandomBytes } from './buffer-source';
import {
  alreadyInitialized,
  foreignSession,
  invalidUserId,
  lastUser,
  osProtectionUnavailable,
  osUnprotectFailed,
  passwordTooShort,
  storeLocked,
  unknownUser,
  userExists,
  wrongPassword,
} from './crypto-errors';
import { DATA_KEY_BYTES, deriveDataKeys, importDataKeyMaterial, type DataKeys } from './data-key';
import {
  KEY_RECORD_FORMAT,
  MAX_PBKDF2_ITERATIONS,
  parseKeyRecord,
  SALT_BYTES,
  WRAP_IV_BYTES,
  wrapAad,
  type KeyRecord,
  type KeyRecordBytes,
} from './key-record';
import type { KeyRecordStore } from './key-record-store';
import { noOsKeyStore, type KeyStore } from './key-store';
import { DEFAULT_PBKDF2_ITERATIONS, derivePasswordKey } from './password-key';

export const DEFAULT_MIN_PASSWORD_LENGTH = 8;
const KEY_ID_BYTES = 16;

export interface KeyVaultOptions {
  /** Where the wrapped-key records are persisted (the Dexie store's `keys` table). */
  readonly records: KeyRecordStore;
  /** OS protection of the wrapped key; `noOsKeyStore` (the default) in the web shell. */
  readonly keyStore?: KeyStore;
  /**
   * PBKDF2 iteration count for every new wrap (first user, new user, password change) and the
   * floor below which an unlocked record is re-wrapped. Default 600,000. Tests pass a low count
   * explicitly to stay fast; records keep their own count, so opening never depends on this.
   */
  readonly pbkdf2Iterations?: number;
  readonly minPasswordLength?: number;
  readonly clock?: Clock;
  /** Source of the data key, salts, IVs and key ids; injectable so tests can see the raw key. */
  readonly randomBytes?: RandomBytes;
  /** Receives English, patient-free lines about record upgrades. */
  readonly logger?: Logger;
}

/** A signed-in user's hold on the store. */
export interface VaultSession {
  readonly userId: string;
  /** Id of the data key (not secret); the store may keep it to detect a mismatched vault. */
  readonly keyId: string;
  /** The store's cipher; after `lock()` every call rejects with "store locked" (code `login`). */
  readonly cipher: StoreCipher;
  readonly locked: boolean;
  /** Drops every key reference of the session. Irreversible: unlock again for a new session. */
  lock(): void;
}

/**
 * What a session keeps to wrap the data key for a new user: its own password key and the wrapped
 * bytes it opened. Held outside the session object so nothing reachable from it exposes them.
 */
interface WrapSecrets {
  readonly passwordKey: CryptoKey;
  readonly wrapped: Uint8Array<ArrayBuffer>;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly aad: Uint8Array<ArrayBuffer>;
}

const sessionSecrets = new WeakMap<VaultSession, WrapSecrets>();

/** The working keys behind each live session, so they can be shared with a worker (shareSessionKeys). */
const sessionKeys = new WeakMap<VaultSession, DataKeys>();

/** Called once when a session locks (onSessionLock). */
const lockListeners = new WeakMap<VaultSession, Set<() => void>>();

class Session implements VaultSession {
  readonly #cipher: AesGcmStoreCipher;

  constructor(
    readonly userId: string,
    readonly keyId: string,
    cipher: AesGcmStoreCipher,
  ) {
    this.#cipher = cipher;
  }

  get cipher(): StoreCipher {
    return this.#cipher;
  }

  get locked(): boolean {
    return this.#cipher.locked;
  }

  lock(): void {
    this.#cipher.lock();
    sessionSecrets.delete(this);
    sessionKeys.delete(this);
    const listeners = lockListeners.get(this);
    lockListeners.delete(this);
    for (const listener of listeners ?? []) {
      try {
        listener();
      } catch (err) {
        // A listener's bug must not stop the lock (the keys are already dropped); report it as uncaught.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}

function liveSecrets(session: VaultSession): WrapSecrets {
  const secrets = sessionSecrets.get(session);
  if (secrets === undefined || session.locked) throw storeLocked();
  return secrets;
}

export class KeyVault {
  readonly #records: KeyRecordStore;
  readonly #keyStore: KeyStore;
  readonly #iterations: number;
  readonly #minPasswordLength: number;
  readonly #clock: Clock;
  readonly #random: RandomBytes;
  readonly #logger: Logger | undefined;

  constructor(options: KeyVaultOptions) {
    const iterations = options.pbkdf2Iterations ?? DEFAULT_PBKDF2_ITERATIONS;
    if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
      throw new RangeError(`pbkdf2Iterations must be an integer in 1..${MAX_PBKDF2_ITERATIONS}`);
    }
    this.#records = options.records;
    this.#keyStore = options.keyStore ?? noOsKeyStore;
    this.#iterations = iterations;
    this.#minPasswordLength = options.minPasswordLength ?? DEFAULT_MIN_PASSWORD_LENGTH;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.randomBytes ?? cryptoRandomBytes;
    this.#logger = options.logger;
  }

  /** The PBKDF2 iteration count this vault uses for new wraps. */
  get pbkdf2Iterations(): number {
    return this.#iterations;
  }

  /**
   * User ids with a usable key record, sorted; empty before the first user is created. A damaged
   * record is left out (and logged) rather than hiding every other user from the sign-in screen;
   * signing in as that user reports the damage.
   */
  async users(): Promise<string[]> {
    const ids: string[] = [];
    for (const row of await this.#records.list()) {
      try {
        ids.push(parseKeyRecord(row).record.userId);
      } catch (err) {
        this.#logger?.warn('damaged key record left out of the user list', { reason: toOutcome(err).issue[0]?.diagnostics });
      }
    }
    return ids.sort();
  }

  /**
   * Creates the store's data key and its first user, and signs that user in. Fails with
   * `duplicate` if the vault already has any user (the data key is created exactly once).
   */
  async createFirstUser(userId: string, password: string): Promise<VaultSession> {
    this.#checkUserId(userId);
    this.#checkNewPassword(password);
    const raw = this.#random(DATA_KEY_BYTES);
    const keyId = toBase64Url(this.#random(KEY_ID_BYTES));
    let material: CryptoKey;
    let exportable: CryptoKey;
    try {
      [material, exportable] = await Promise.all([importDataKeyMaterial(raw), importExportable(raw)]);
    } finally {
      raw.fill(0); // best effort: script cannot promise the bytes left no copy in memory
    }
    const { record, secrets } = await this.#wrap(userId, keyId, exportable, password);
    if (!(await this.#records.add(record, { onlyIfEmpty: true }))) throw alreadyInitialized();
    return this.#session(userId, keyId, material, secrets);
  }

  /** Signs a user in: derives their password key, unwraps the data key, returns a session. */
  async unlock(userId: string, password: string): Promise<VaultSession> {
    const { record, bytes } = await this.#read(userId);
    const { secrets, material } = await this.#openWrap(record, bytes, password);
    const session = await this.#session(userId, record.keyId, material, secrets);
    await this.#upgrade(record, secrets, password);
    return session;
  }

  /** Gives another local user access to the same data key; needs a signed-in session. */
  async addUser(session: VaultSession, userId: string, password: string): Promise<void> {
    const secrets = liveSecrets(session);
    this.#checkUserId(userId);
    this.#checkNewPassword(password);
    for (const row of await this.#records.list()) {
      if (parseKeyRecord(row).record.keyId !== session.keyId) throw foreignSession();
    }
    const exportable = await unwrapExportable(secrets);
    const { record } = await this.#wrap(userId, session.keyId, exportable, password);
    if (!(await this.#records.add(record))) throw userExists();
  }

  /**
   * Re-wraps the user's data key under a new password (new salt, current work factor). The data
   * itself is not touched: everything sealed before stays readable, and the old password stops
   * working because its record is replaced.
   */
  async changePassword(userId: string, oldPassword: string, newPassword: string): Promise<void> {
    this.#checkNewPassword(newPassword);
    const { record, bytes } = await this.#read(userId);
    const { secrets } = await this.#openWrap(record, bytes, oldPassword);
    const exportable = await unwrapExportable(secrets);
    const { record: next } = await this.#wrap(userId, record.keyId, exportable, newPassword);
    if (!(await this.#records.replace(next))) throw unknownUser();
  }

  /** Removes a user's key record; needs a signed-in session. The last user cannot be removed. */
  async removeUser(session: VaultSession, userId: string): Promise<void> {
    liveSecrets(session);
    const { record } = await this.#read(userId);
    if (record.keyId !== session.keyId) throw foreignSession();
    const result = await this.#records.delete(userId);
    switch (result) {
      case 'deleted':
        return;
      case 'missing':
        throw unknownUser();
      case 'last':
        throw lastUser();
    }
  }

  async #read(userId: string): Promise<{ record: KeyRecord; bytes: KeyRecordBytes }> {
    const row = await this.#records.get(userId);
    if (row === undefined) throw unknownUser();
    const parsed = parseKeyRecord(row);
    if (parsed.record.userId !== userId) throw unknownUser();
    return parsed;
  }

  async #session(userId: string, keyId: string, material: CryptoKey, secrets: WrapSecrets): Promise<VaultSession> {
    const keys = await deriveDataKeys(material);
    const session = new Session(userId, keyId, new AesGcmStoreCipher(keys));
    sessionSecrets.set(session, secrets);
    sessionKeys.set(session, keys);
    return session;
  }

  /** Password wrap, then OS protection: the record to persist and what a session keeps. */
  async #wrap(userId: string, keyId: string, exportable: CryptoKey, password: string): Promise<{ record: KeyRecord; secrets: WrapSecrets }> {
    const salt = this.#random(SALT_BYTES);
    const iv = this.#random(WRAP_IV_BYTES);
    const header = {
      format: KEY_RECORD_FORMAT,
      userId,
      keyId,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: this.#iterations, salt: toBase64Url(salt) },
      wrap: { name: 'AES-GCM', iv: toBase64Url(iv) },
      protection: this.#keyStore.kind,
    } as const;
    const aad = wrapAad(header);
    const passwordKey = await derivePasswordKey(password, salt, this.#iterations);
    const wrapped = new Uint8Array(
      await globalThis.crypto.subtle.wrapKey('raw', exportable, passwordKey, { name: 'AES-GCM', iv, additionalData: aad }),
    );
    const stored = await this.#keyStore.protect(wrapped);
    const record: KeyRecord = { ...header, wrappedKey: toBase64Url(stored), updatedAt: this.#clock.now().toISOString() };
    return { record, secrets: { passwordKey, wrapped, iv, aad } };
  }

  /** OS unprotect, then the password key; the unwrap (a GCM tag check) proves the password. */
  async #openWrap(record: KeyRecord, bytes: KeyRecordBytes, password: string): Promise<{ secrets: WrapSecrets; material: CryptoKey }> {
    const wrapped = await this.#unprotect(record, bytes.wrappedKey);
    const passwordKey = await derivePasswordKey(password, bytes.salt, record.kdf.iterations);
    const secrets: WrapSecrets = { passwordKey, wrapped, iv: bytes.iv, aad: wrapAad(record) };
    try {
      return { secrets, material: await unwrapMaterial(secrets) };
    } catch {
      throw wrongPassword();
    }
  }

  async #unprotect(record: KeyRecord, stored: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    switch (record.protection) {
      case 'none':
        return stored;
      case 'os': {
        if (this.#keyStore.kind !== 'os') throw osProtectionUnavailable();
        let plain: Uint8Array;
        try {
          plain = await this.#keyStore.unprotect(stored);
        } catch {
          throw osUnprotectFailed();
        }
        return new Uint8Array(plain);
      }
    }
  }

  /**
   * After a successful sign-in, re-wraps a record below the current work factor, or one without
   * OS protection where the OS key store is now available. Best effort: a failed write must not
   * stop a nurse from signing in; the upgrade is retried at the next sign-in.
   */
  async #upgrade(record: KeyRecord, secrets: WrapSecrets, password: string): Promise<void> {
    const weak = record.kdf.iterations < this.#iterations;
    const unprotected = record.protection === 'none' && this.#keyStore.kind === 'os';
    if (!weak && !unprotected) return;
    try {
      const { record: next } = await this.#wrap(record.userId, record.keyId, await unwrapExportable(secrets), password);
      if (await this.#records.replace(next)) {
        this.#logger?.info('key record re-wrapped', {
          fromIterations: record.kdf.iterations,
          toIterations: next.kdf.iterations,
          protection: next.protection,
        });
      }
    } catch (err) {
      this.#logger?.warn('key record upgrade failed; will retry at next sign-in', { reason: toOutcome(err).issue[0]?.diagnostics });
    }
  }

  #checkUserId(userId: string): void {
    if (userId.trim().length === 0) throw invalidUserId();
  }

  #checkNewPassword(password: string): void {
    if (Array.from(password.normalize('NFC')).length < this.#minPasswordLength) throw passwordTooShort(this.#minPasswordLength);
  }
}

/** The data key as the session's HKDF input key (non-extractable). */
function unwrapMaterial(secrets: WrapSecrets): Promise<CryptoKey> {
  return globalThis.crypto.subtle.unwrapKey(
    'raw',
    secrets.wrapped,
    secrets.passwordKey,
    { name: 'AES-GCM', iv: secrets.iv, additionalData: secrets.aad },
    'HKDF',
    false,
    ['deriveKey'],
  );
}

/**
 * The data key as a short-lived extractable key, only so `wrapKey` can wrap it for a new record.
 * The AES algorithm label is a vehicle for 32 raw bytes; the key is never used to encrypt.
 */
function unwrapExportable(secrets: WrapSecrets): Promise<CryptoKey> {
  return globalThis.crypto.subtle.unwrapKey(
    'raw',
    secrets.wrapped,
    secrets.passwordKey,
    { name: 'AES-GCM', iv: secrets.iv, additionalData: secrets.aad },
    { name: 'AES-GCM', length: 256 },
    true,
    ['encrypt'],
  );
}

function importExportable(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', raw, { name: 'AES-GCM', length: 256 }, true, ['encrypt']);
}

// ---------------------------------------------------------------------------------------------
// Sharing a session with a worker. The renderer runs sync in a Web Worker (DESIGN §5: sync never
// blocks the UI), which opens its own connection to the store and needs the same working keys.
// CryptoKey objects are structured-cloneable whatever their `extractable` flag: postMessage hands
// the worker handles to the same key material, and the key bytes stay unreadable to script on
// both sides. Only the two derived working keys travel — never the data key, the password key or
// the wrapped record — so a worker can read and write the store but cannot add users, change
// passwords or re-wrap anything (those calls reject as locked). The worker's session is
// independent: the main thread must tell it to lock (onSessionLock), and it then drops its keys.

/** An unlocked session's identity and working keys, as sent to a worker by postMessage. */
export interface SharedSessionKeys {
  readonly userId: string;
  readonly keyId: string;
  /** AES-GCM-256, non-extractable, encrypt/decrypt. */
  readonly seal: CryptoKey;
  /** HMAC-SHA-256, non-extractable, sign. */
  readonly token: CryptoKey;
}

/** The session's keys for a worker; rejects (code `login`) once the session is locked. */
export function shareSessionKeys(session: VaultSession): SharedSessionKeys {
  const keys = sessionKeys.get(session);
  if (keys === undefined || session.locked) throw storeLocked();
  return { userId: session.userId, keyId: session.keyId, seal: keys.seal, token: keys.token };
}

const sharedKeysRejected = (reason: string): OutcomeError =>
  new OutcomeError(
    outcome([issue('structure', `shared session keys rejected: ${reason}`, { details: 'Error interno al preparar la sincronización. Vuelva a iniciar sesión.' })]),
  );

function checkSharedKey(value: unknown, field: 'seal' | 'token'): CryptoKey {
  if (typeof CryptoKey === 'undefined' || !(value instanceof CryptoKey)) throw sharedKeysRejected(`${field} is not a CryptoKey`);
  if (value.extractable) throw sharedKeysRejected(`${field} is extractable`);
  const algorithm = value.algorithm.name;
  const ok =
    field === 'seal'
      ? algorithm === 'AES-GCM' && value.usages.includes('encrypt') && value.usages.includes('decrypt')
      : algorithm === 'HMAC' && value.usages.includes('sign');
  if (!ok) throw sharedKeysRejected(`${field} is ${algorithm} for ${value.usages.join('/')}`);
  return value;
}

/**
 * Rebuilds a session from keys another thread shared (after structured cloning). Checks the shape
 * first, since the value crossed a thread boundary. The result seals and opens exactly as the
 * original does; `lock()` drops its keys like any session's.
 */
export function sessionFromSharedKeys(shared: unknown): VaultSession {
  if (typeof shared !== 'object' || shared === null) throw sharedKeysRejected('not an object');
  const { userId, keyId, seal, token } = shared as Record<string, unknown>;
  if (typeof userId !== 'string' || userId.trim() === '') throw sharedKeysRejected('userId missing');
  if (typeof keyId !== 'string' || keyId === '') throw sharedKeysRejected('keyId missing');
  const keys: DataKeys = { seal: checkSharedKey(seal, 'seal'), token: checkSharedKey(token, 'token') };
  const session = new Session(userId, keyId, new AesGcmStoreCipher(keys));
  sessionKeys.set(session, keys);
  return session;
}

/**
 * Calls `listener` once when the session locks (at once if it already is). Returns the
 * unsubscribe function. The sync worker host uses it to lock the worker with the session.
 */
export function onSessionLock(session: VaultSession, listener: () => void): () => void {
  if (session.locked || !sessionKeys.has(session)) {
    listener();
    return () => undefined;
  }
  let listeners = lockListeners.get(session);
  if (listeners === undefined) {
    listeners = new Set();
    lockListeners.set(session, listeners);
  }
  listeners.add(listener);
  return () => {
    lockListeners.get(session)?.delete(listener);
  };
}
