// The page of the on-disk encryption test (test/e2e/store-encryption.test.ts), bundled with
// esbuild and served from loopback. It writes and reads a patient through the REAL local store
// (DexieStore over Chromium's IndexedDB, the product validator on every write):
//   - encrypted: a KeyVault over the store's own `keyRecords` creates or unlocks the user, and the
//     session's cipher (AES-GCM bodies, HMAC index tokens) is the store's cipher;
//   - plain (the control run): the same store with PlainStoreCipher, which does not encrypt.
// Patient data arrives as arguments from the test, so neither the bundle nor the URL contains it
// and a leak through the HTTP or code cache is impossible.
import type { Patient } from '@medplum/fhirtypes';
import { toOutcome } from '../../src-core/fhir/outcome';
import { DexieStore } from '../../src-core/store/dexie-store';
import { KeyVault } from '../../src-core/store/crypto/key-vault';
import type { StoreCipher } from '../../src-core/store/store-cipher';
import { TEST_PBKDF2_ITERATIONS } from './encryption-vault';
import { idbDone, idbRequest, openDatabase } from './encryption-idb-key-record-store';
import { PlainStoreCipher } from './store-plain-cipher';
import { browserValidator } from './store-validator-browser';

export type CipherMode = 'encrypted' | 'plain';

export type ReadResult =
  | {
      readonly ok: true;
      readonly family: string;
      readonly fathersFamily: string;
      readonly mothersFamily: string;
      readonly identifier: string;
      /** Ids the store's search finds by a name prefix and by the identifier token. */
      readonly byName: readonly string[];
      readonly byIdentifier: readonly string[];
    }
  | { readonly ok: false; readonly text: string };

export interface EncryptionPageApi {
  /** Creates the patient through the store (creating the first user when encrypted); returns its id. */
  write(mode: CipherMode, patient: Patient, user: string, password: string): Promise<string>;
  /** Reads the patient back through the store, and finds it by name prefix and identifier. */
  read(mode: CipherMode, id: string, user: string, password: string, namePrefix: string, identifier: string): Promise<ReadResult>;
  /** How many values the store's tables hold, and how many contain a CryptoKey at any depth. */
  inventory(): Promise<{ readonly values: number; readonly cryptoKeys: number }>;
  /**
   * Writes about `megabytes` of compressible filler rows (no patient data) into another database
   * of the same origin, which shares the origin's LevelDB, so LevelDB flushes its memtable into
   * Snappy-compressed table files: the byte search must see through those.
   */
  fill(megabytes: number): Promise<void>;
}

declare global {
  interface Window {
    ceibaEncryption?: EncryptionPageApi;
  }
}

const DB = 'ceiba-encryption-store';
const FILLER_DB = 'ceiba-encryption-filler';
const FILLER = 'filler';
const FATHERS = 'http://hl7.org/fhir/StructureDefinition/humanname-fathers-family';
const MOTHERS = 'http://hl7.org/fhir/StructureDefinition/humanname-mothers-family';

/**
 * The vault over the store's key records. A low PBKDF2 count (test/harness/encryption-vault.ts)
 * keeps sign-in fast; the count changes only the work factor stored in the key record, not what
 * reaches the disk in the clear, and the production count has its own test in test/core.
 */
function vault(store: DexieStore): KeyVault {
  return new KeyVault({ records: store.keyRecords, pbkdf2Iterations: TEST_PBKDF2_ITERATIONS });
}

/** Runs `body` with a FHIR store of the given mode; the session is locked and the store closed after. */
async function withStore<T>(
  mode: CipherMode,
  user: string,
  password: string,
  firstUser: boolean,
  body: (store: ReturnType<DexieStore['fhir']>) => Promise<T>,
): Promise<T> {
  const database = await DexieStore.open({ name: DB });
  try {
    let cipher: StoreCipher;
    let lock = (): void => undefined;
    if (mode === 'encrypted') {
      const session = firstUser ? await vault(database).createFirstUser(user, password) : await vault(database).unlock(user, password);
      cipher = session.cipher;
      lock = () => { session.lock(); };
    } else {
      cipher = new PlainStoreCipher();
    }
    try {
      return await body(database.fhir({ cipher, validator: await browserValidator() }));
    } finally {
      lock();
    }
  } finally {
    database.close();
  }
}

/** The primitive extensions of `name[0].family` (FHIR JSON `_family`, which @medplum/fhirtypes does not declare). */
interface FamilyElement {
  readonly _family?: { readonly extension?: readonly { readonly url: string; readonly valueString?: string }[] };
}

function extensionString(patient: Patient, url: string): string {
  const name = patient.name?.[0] as FamilyElement | undefined;
  return name?._family?.extension?.find((e) => e.url === url)?.valueString ?? '';
}

function containsCryptoKey(value: unknown): boolean {
  if (value instanceof CryptoKey) return true;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return false;
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsCryptoKey);
  return false;
}

const api: EncryptionPageApi = {
  async write(mode, patient, user, password) {
    return withStore(mode, user, password, true, async (store) => (await store.create(patient)).id);
  },

  async read(mode, id, user, password, namePrefix, identifier) {
    try {
      return await withStore(mode, user, password, false, async (store) => {
        const patient = await store.read('Patient', id);
        const byName = await store.search('Patient', { name: namePrefix });
        const byIdentifier = await store.search('Patient', { identifier });
        return {
          ok: true,
          family: patient.name?.[0]?.family ?? '',
          fathersFamily: extensionString(patient, FATHERS),
          mothersFamily: extensionString(patient, MOTHERS),
          identifier: patient.identifier?.[0]?.value ?? '',
          byName: byName.resources.map((r) => r.id ?? ''),
          byIdentifier: byIdentifier.resources.map((r) => r.id ?? ''),
        };
      });
    } catch (err) {
      return { ok: false, text: toOutcome(err).issue[0]?.details?.text ?? 'sin detalle' };
    }
  },

  async inventory() {
    // The store's database read raw (no version: opens what exists), every table.
    const db = await idbRequest(indexedDB.open(DB));
    try {
      const stores = [...db.objectStoreNames];
      const tx = db.transaction(stores, 'readonly');
      const values = (await Promise.all(stores.map((s) => idbRequest(tx.objectStore(s).getAll())))).flat();
      return { values: values.length, cryptoKeys: values.filter(containsCryptoKey).length };
    } finally {
      db.close();
    }
  },

  async fill(megabytes) {
    const db = await openDatabase(FILLER_DB, (d) => { d.createObjectStore(FILLER); });
    const row = 'centro de salud ceiba, registro de relleno para compactar tablas; '.repeat(30);
    const rows = Math.ceil((megabytes * 1024 * 1024) / row.length);
    for (let start = 0; start < rows; start += 500) {
      const tx = db.transaction(FILLER, 'readwrite');
      for (let i = start; i < Math.min(rows, start + 500); i++) tx.objectStore(FILLER).put(`${i} ${row}`, i);
      await idbDone(tx);
    }
    db.close();
  },
};

window.ceibaEncryption = api;
