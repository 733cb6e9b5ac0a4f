// The platform the local store will stand on, in real Chromium (DESIGN §4, §8): IndexedDB
// transactions that commit whole or not at all, and WebCrypto AES-GCM with a key that script can
// use but never read. Plain browser APIs, no wrappers.
import { afterEach, describe, expect, it } from 'vitest';

interface Row {
  readonly id: string;
  readonly resourceType: string;
  readonly family: string;
}

const STORE = 'resources';
const KEYS = 'keys';

/** Resolves when an IDBRequest succeeds; rejects with its error otherwise. */
function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB request failed'));
    };
  });
}

/** How a transaction ended: committed, or aborted (with the error that caused it, if any). */
function settled(tx: IDBTransaction): Promise<{ readonly outcome: 'complete' } | { readonly outcome: 'abort'; readonly error: DOMException | null }> {
  return new Promise((resolve) => {
    tx.oncomplete = () => {
      resolve({ outcome: 'complete' });
    };
    tx.onabort = () => {
      resolve({ outcome: 'abort', error: tx.error });
    };
  });
}

const opened: IDBDatabase[] = [];
const names: string[] = [];

function openDatabase(name: string): Promise<IDBDatabase> {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    const db = req.result;
    const resources = db.createObjectStore(STORE, { keyPath: 'id' });
    resources.createIndex('by-family', 'family');
    db.createObjectStore(KEYS);
  };
  return request(req).then((db) => {
    opened.push(db);
    return db;
  });
}

async function freshDatabase(): Promise<{ db: IDBDatabase; name: string }> {
  const name = `ceiba-browser-test-${crypto.randomUUID()}`;
  names.push(name);
  return { db: await openDatabase(name), name };
}

async function readAll(db: IDBDatabase): Promise<Row[]> {
  const tx = db.transaction(STORE, 'readonly');
  return (await request(tx.objectStore(STORE).getAll())) as Row[];
}

afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
  for (const name of names.splice(0)) await request(indexedDB.deleteDatabase(name));
});

const patients: Row[] = [
  { id: 'a1', resourceType: 'Patient', family: 'López' },
  { id: 'b2', resourceType: 'Patient', family: 'Xicará' },
  { id: 'c3', resourceType: 'Patient', family: 'López' },
];

describe('IndexedDB in Chromium', () => {
  it('is the real browser implementation', () => {
    expect(navigator.userAgent).toMatch(/Chrome\//);
    expect(typeof indexedDB.databases).toBe('function');
  });

  it('writes records in one transaction and reads them back, by key and by index, after reopening', async () => {
    const { db, name } = await freshDatabase();
    const tx = db.transaction(STORE, 'readwrite');
    for (const row of patients) tx.objectStore(STORE).put(row);
    expect(await settled(tx)).toEqual({ outcome: 'complete' });
    db.close();

    const again = await openDatabase(name);
    expect(await readAll(again)).toEqual(patients);
    const read = again.transaction(STORE, 'readonly').objectStore(STORE);
    expect(await request(read.get('b2'))).toEqual(patients[1]);
    const lopez = (await request(read.index('by-family').getAll('López'))) as Row[];
    expect(lopez.map((r) => r.id)).toEqual(['a1', 'c3']);
  });

  it('an explicitly aborted transaction writes nothing', async () => {
    const { db } = await freshDatabase();
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    await request(store.put(patients[0]));
    await request(store.put(patients[1]));
    tx.abort();
    expect(await settled(tx)).toEqual({ outcome: 'abort', error: null });
    expect(await readAll(db)).toEqual([]);
  });

  it('a transaction that fails part-way is rolled back whole, earlier writes included', async () => {
    const { db } = await freshDatabase();
    const seed = db.transaction(STORE, 'readwrite');
    seed.objectStore(STORE).put(patients[0]);
    await settled(seed);

    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    store.put(patients[1]); // would succeed on its own
    store.put({ ...patients[0], family: 'Changed' }); // overwrite, also fine on its own
    store.add(patients[0]); // same key: its unhandled ConstraintError aborts the whole transaction
    const end = await settled(tx);
    expect(end.outcome).toBe('abort');
    expect(end.outcome === 'abort' ? end.error?.name : undefined).toBe('ConstraintError');
    expect(await readAll(db)).toEqual([patients[0]]);
  });
});

describe('WebCrypto AES-GCM in Chromium', () => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const plaintext = '{"resourceType":"Patient","name":[{"family":"Xicará","given":["Ana"]}]}';

  function generateKey(): Promise<CryptoKey> {
    return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  }

  async function encrypt(key: CryptoKey, text: string, aad: Uint8Array<ArrayBuffer>): Promise<{ iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer }> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, encoder.encode(text));
    return { iv, data };
  }

  it('round-trips with a non-extractable key that cannot be exported', async () => {
    const key = await generateKey();
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toEqual({ name: 'AES-GCM', length: 256 });
    const aad = encoder.encode('Patient/a1');
    const { iv, data } = await encrypt(key, plaintext, aad);

    // 16-byte tag; the name is not visible in the ciphertext.
    expect(data.byteLength).toBe(encoder.encode(plaintext).byteLength + 16);
    expect(decoder.decode(data)).not.toContain('Xicará');

    const back = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, data);
    expect(decoder.decode(back)).toBe(plaintext);

    await expect(crypto.subtle.exportKey('raw', key)).rejects.toMatchObject({ name: 'InvalidAccessError' });
  });

  it('rejects tampered ciphertext, the wrong IV, the wrong associated data and the wrong key', async () => {
    const key = await generateKey();
    const aad = encoder.encode('Patient/a1');
    const { iv, data } = await encrypt(key, plaintext, aad);

    const tampered = new Uint8Array(data.slice(0));
    tampered[0] = (tampered[0] ?? 0) ^ 0x01;
    const otherIv = crypto.getRandomValues(new Uint8Array(12));
    const attempts = [
      crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, tampered),
      crypto.subtle.decrypt({ name: 'AES-GCM', iv: otherIv, additionalData: aad }, key, data),
      crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode('Patient/b2') }, key, data),
      crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, await generateKey(), data),
    ];
    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ name: 'OperationError' });
  });

  it('keeps the non-extractable key in IndexedDB and still decrypts with it after reopening', async () => {
    const { db, name } = await freshDatabase();
    const key = await generateKey();
    const aad = encoder.encode('Patient/a1');
    const { iv, data } = await encrypt(key, plaintext, aad);

    const tx = db.transaction([KEYS, STORE], 'readwrite');
    tx.objectStore(KEYS).put(key, 'data-key');
    tx.objectStore(STORE).put({ id: 'a1', resourceType: 'Patient', iv, data });
    expect(await settled(tx)).toEqual({ outcome: 'complete' });
    db.close();

    const again = await openDatabase(name);
    const read = again.transaction([KEYS, STORE], 'readonly');
    const storedKey = (await request(read.objectStore(KEYS).get('data-key'))) as CryptoKey;
    const row = (await request(read.objectStore(STORE).get('a1'))) as { iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };
    expect(storedKey).toBeInstanceOf(CryptoKey);
    expect(storedKey.extractable).toBe(false);
    const back = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: row.iv, additionalData: aad }, storedKey, row.data);
    expect(decoder.decode(back)).toBe(plaintext);
    await expect(crypto.subtle.exportKey('raw', storedKey)).rejects.toMatchObject({ name: 'InvalidAccessError' });
  });
});
