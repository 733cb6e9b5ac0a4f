// Encryption at rest in real Chromium (DESIGN §4, §8): the same cipher and key vault on the
// browser's WebCrypto, the on-disk format shared with Node, keys that cannot be exported, and key
// records in real IndexedDB that let a fresh page in only through the password.
import { afterEach, describe, expect, it } from 'vitest';
import { OutcomeError } from '../../src-core/fhir/outcome';
import { AesGcmStoreCipher, IV_BYTES } from '../../src-core/store/crypto/aes-gcm-store-cipher';
import { fromBase64Url } from '../../src-core/store/crypto/base64url';
import { isStoreLocked } from '../../src-core/store/crypto/crypto-errors';
import { deriveDataKeys, importDataKeyMaterial } from '../../src-core/store/crypto/data-key';
import { parseKeyRecord } from '../../src-core/store/crypto/key-record';
import { KeyVault } from '../../src-core/store/crypto/key-vault';
import { IdbKeyRecordStore, idbDone, idbRequest, KEYS_STORE, openDatabase } from '../harness/encryption-idb-key-record-store';
import { rejectionOf, TEST_PBKDF2_ITERATIONS } from '../harness/encryption-vault';
import { VECTOR_DATA_KEY, VECTOR_SEALED, VECTOR_TOKENS } from '../harness/encryption-vectors';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const BODY = '{"resourceType":"Patient","id":"p1","name":[{"family":"Xiloj Tzoc"}]}';
const ANA = { user: 'ana.lopez', password: 'ceiba-Ana-2024' };
const ROWS = 'rows';

const opened: IDBDatabase[] = [];
const names: string[] = [];

afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
  for (const name of names.splice(0)) await idbRequest(indexedDB.deleteDatabase(name));
});

async function open(name: string): Promise<IDBDatabase> {
  const db = await openDatabase(name, (d) => {
    IdbKeyRecordStore.createSchema(d);
    d.createObjectStore(ROWS);
  });
  opened.push(db);
  return db;
}

function freshName(): string {
  const name = `ceiba-crypto-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

/** Every value in a database, every object store. */
async function everything(db: IDBDatabase): Promise<unknown[]> {
  const stores = [...db.objectStoreNames];
  const tx = db.transaction(stores, 'readonly');
  const values: unknown[][] = await Promise.all(stores.map((s) => idbRequest<unknown[]>(tx.objectStore(s).getAll())));
  return values.flat();
}

function containsCryptoKey(value: unknown): boolean {
  if (value instanceof CryptoKey) return true;
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return false;
  if (Array.isArray(value)) return value.some(containsCryptoKey);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsCryptoKey);
  return false;
}

describe('store cipher on Chromium WebCrypto', () => {
  it('runs in Chromium', () => {
    expect(navigator.userAgent).toMatch(/Chrome\//);
    expect(typeof crypto.subtle.deriveKey).toBe('function');
  });

  it('matches the on-disk format vectors checked against OpenSSL in Node', async () => {
    const cipher = new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(new Uint8Array(VECTOR_DATA_KEY))));
    for (const { domain, value, token } of VECTOR_TOKENS) expect(await cipher.token(domain, value)).toBe(token);
    const sealed = fromBase64Url(VECTOR_SEALED.sealed) ?? new Uint8Array(0);
    expect(decoder.decode(await cipher.open(sealed, VECTOR_SEALED.aad))).toBe(VECTOR_SEALED.plain);
  });

  it('derives working keys that script can use but never export', async () => {
    const material = await importDataKeyMaterial(crypto.getRandomValues(new Uint8Array(32)));
    const keys = await deriveDataKeys(material);
    for (const key of [material, keys.seal, keys.token]) expect(key.extractable).toBe(false);
    // An HKDF key has no export operation at all; the derived keys refuse because non-extractable.
    await expect(crypto.subtle.exportKey('raw', material)).rejects.toMatchObject({ name: 'NotSupportedError' });
    for (const key of [keys.seal, keys.token]) {
      await expect(crypto.subtle.exportKey('raw', key)).rejects.toMatchObject({ name: 'InvalidAccessError' });
    }
    expect(keys.seal.algorithm).toEqual({ name: 'AES-GCM', length: 256 });
    expect(keys.token.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' }, length: 256 });
  });

  it('round-trips, and rejects a flipped IV, ciphertext or tag byte, the wrong aad and another key', async () => {
    const cipher = new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(crypto.getRandomValues(new Uint8Array(32)))));
    const other = new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(crypto.getRandomValues(new Uint8Array(32)))));
    const sealed = await cipher.seal(encoder.encode(BODY), 'Patient/p1');
    expect(decoder.decode(await cipher.open(sealed, 'Patient/p1'))).toBe(BODY);
    const flip = (i: number): Uint8Array => sealed.map((b, j) => (j === i ? b ^ 0x80 : b));
    const attempts = [
      cipher.open(flip(1), 'Patient/p1'),
      cipher.open(flip(1 + IV_BYTES + 3), 'Patient/p1'),
      cipher.open(flip(sealed.length - 1), 'Patient/p1'),
      cipher.open(sealed, 'Patient/p2'),
      other.open(sealed, 'Patient/p1'),
    ];
    for (const attempt of attempts) expect((await rejectionOf(attempt)).issue[0]?.code).toBe('security');
  });
});

describe('key vault on Chromium WebCrypto and IndexedDB', () => {
  it('works at the production work factor (600,000 PBKDF2 iterations)', async () => {
    const db = await open(freshName());
    const vault = new KeyVault({ records: new IdbKeyRecordStore(db) });
    const first = await vault.createFirstUser(ANA.user, ANA.password);
    const sealed = await first.cipher.seal(encoder.encode(BODY), 'Patient/p1');
    const [row] = await new IdbKeyRecordStore(db).list();
    expect(parseKeyRecord(row).record.kdf.iterations).toBe(600_000);
    expect((await rejectionOf(vault.unlock(ANA.user, 'no-es-la-clave'))).issue[0]?.details?.text).toBe('Contraseña incorrecta.');
    const again = await vault.unlock(ANA.user, ANA.password);
    expect(decoder.decode(await again.cipher.open(sealed, 'Patient/p1'))).toBe(BODY);
  });

  it('after a reload, nothing stored holds a key: sealed rows open only after unlocking again', async () => {
    const name = freshName();
    const db = await open(name);
    const vault = new KeyVault({ records: new IdbKeyRecordStore(db), pbkdf2Iterations: TEST_PBKDF2_ITERATIONS });
    const session = await vault.createFirstUser(ANA.user, ANA.password);
    const tx = db.transaction(ROWS, 'readwrite');
    tx.objectStore(ROWS).put({ body: await session.cipher.seal(encoder.encode(BODY), 'Patient/p1'), family: await session.cipher.token('Patient.family', 'xiloj') }, 'Patient/p1');
    await idbDone(tx);
    session.lock();
    db.close();

    // What a reloaded page has: the database and nothing else. A CryptoKey would survive in
    // IndexedDB (structured clone keeps it usable), so check that none was stored, at any depth.
    const reopened = await open(name);
    const stored = await everything(reopened);
    expect(stored).toHaveLength(2);
    expect(stored.some(containsCryptoKey)).toBe(false);
    expect(JSON.stringify(stored)).not.toMatch(/Xiloj|xiloj|ceiba-Ana/);

    const locked = await rejectionOf(session.cipher.open(new Uint8Array(64), 'Patient/p1'));
    expect(isStoreLocked(locked)).toBe(true);
    expect(locked.issue[0]?.details?.text).toBe('El expediente está bloqueado. Inicie sesión para continuar.');

    const fresh = new KeyVault({ records: new IdbKeyRecordStore(reopened), pbkdf2Iterations: TEST_PBKDF2_ITERATIONS });
    expect(await fresh.users()).toEqual([ANA.user]);
    const row = (await idbRequest(reopened.transaction(ROWS, 'readonly').objectStore(ROWS).get('Patient/p1'))) as { body: Uint8Array; family: string };
    await expect(fresh.unlock(ANA.user, 'otra-clave-123')).rejects.toBeInstanceOf(OutcomeError);
    const unlocked = await fresh.unlock(ANA.user, ANA.password);
    expect(decoder.decode(await unlocked.cipher.open(row.body, 'Patient/p1'))).toBe(BODY);
    expect(await unlocked.cipher.token('Patient.family', 'xiloj')).toBe(row.family);
  });

  it('the IndexedDB record store creates the first user atomically and never deletes the last record', async () => {
    const db = await open(freshName());
    const records = new IdbKeyRecordStore(db);
    const vault = new KeyVault({ records, pbkdf2Iterations: TEST_PBKDF2_ITERATIONS });
    const race = await Promise.allSettled([vault.createFirstUser(ANA.user, ANA.password), vault.createFirstUser('beto.cux', 'ceiba-Beto-2024')]);
    expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = race.find((r) => r.status === 'fulfilled');
    if (winner?.status !== 'fulfilled') throw new Error('no session');
    expect((await rejectionOf(vault.removeUser(winner.value, winner.value.userId))).issue[0]?.code).toBe('business-rule');
    expect(await idbRequest(db.transaction(KEYS_STORE, 'readonly').objectStore(KEYS_STORE).count())).toBe(1);
  });
});
