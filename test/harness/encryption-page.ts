// The page of the on-disk encryption test (test/e2e/store-encryption.test.ts), bundled with
// esbuild and served from loopback. It writes one patient into IndexedDB either sealed through the
// key vault's cipher (bodies AES-GCM, index values HMAC tokens, key records in a `keys` store) or
// in plain form (the control run). Patient data arrives as arguments from the test, so neither
// the bundle nor the URL contains it and a leak through the HTTP or code cache is impossible.
//
// Until the Dexie store exists this writes rows of the shape the store will use (row key,
// sealed body, multi-entry token indexes) into a raw object store.
import { toOutcome } from '../../src-core/fhir/outcome';
import { KeyVault } from '../../src-core/store/crypto/key-vault';
import type { StoreCipher } from '../../src-core/store/store-cipher';
import { IdbKeyRecordStore, idbDone, idbRequest, openDatabase } from './encryption-idb-key-record-store';

export interface PagePatient {
  readonly id: string;
  readonly family: string;
  readonly given: string;
  readonly identifierSystem: string;
  readonly identifierValue: string;
}

export type ReadResult = { readonly ok: true; readonly family: string; readonly identifier: string } | { readonly ok: false; readonly text: string };

export interface EncryptionPageApi {
  writeEncrypted(patient: PagePatient, user: string, password: string): Promise<void>;
  writePlain(patient: PagePatient): Promise<void>;
  readEncrypted(id: string, user: string, password: string): Promise<ReadResult>;
  /** How many values the patient and key stores hold, and how many contain a CryptoKey at any depth. */
  inventory(): Promise<{ readonly values: number; readonly cryptoKeys: number }>;
  /**
   * Writes about `megabytes` of compressible filler rows (no patient data), so LevelDB flushes
   * its memtable into Snappy-compressed table files: the byte search must see through those.
   */
  fill(megabytes: number): Promise<void>;
}

declare global {
  interface Window {
    ceibaEncryption?: EncryptionPageApi;
  }
}

const DB = 'ceiba-encryption-page';
const RESOURCES = 'resources';
const FILLER = 'filler';

interface Row {
  readonly key: string;
  readonly resourceType: string;
  readonly id: string;
  readonly body: Uint8Array | string;
  readonly family: readonly string[];
  readonly identifier: readonly string[];
}

function open(): Promise<IDBDatabase> {
  return openDatabase(DB, (db) => {
    IdbKeyRecordStore.createSchema(db);
    const resources = db.createObjectStore(RESOURCES, { keyPath: 'key' });
    resources.createIndex('family', 'family', { multiEntry: true });
    resources.createIndex('identifier', 'identifier', { multiEntry: true });
    db.createObjectStore(FILLER);
  });
}

function resource(p: PagePatient): string {
  return JSON.stringify({
    resourceType: 'Patient',
    id: p.id,
    identifier: [{ system: p.identifierSystem, value: p.identifierValue }],
    name: [{ family: p.family, given: [p.given] }],
  });
}

/** Normalized name words and every prefix of each, as a name-prefix index holds them. */
function nameKeys(family: string): string[] {
  const folded = family.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const words = folded.split(/\s+/).filter((w) => w.length > 0);
  const keys = new Set<string>([folded]);
  for (const word of words) for (let i = 1; i <= word.length; i++) keys.add(word.slice(0, i));
  return [...keys];
}

async function putRow(db: IDBDatabase, row: Row): Promise<void> {
  const tx = db.transaction(RESOURCES, 'readwrite');
  tx.objectStore(RESOURCES).put(row);
  await idbDone(tx);
}

async function sealedRow(cipher: StoreCipher, p: PagePatient): Promise<Row> {
  const key = `Patient/${p.id}`;
  return {
    key,
    resourceType: 'Patient',
    id: p.id,
    body: await cipher.seal(new TextEncoder().encode(resource(p)), key),
    family: await cipher.tokens('Patient.name', nameKeys(p.family)),
    identifier: [await cipher.token('Patient.identifier', `${p.identifierSystem}|${p.identifierValue}`)],
  };
}

function containsCryptoKey(value: unknown): boolean {
  if (value instanceof CryptoKey) return true;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return false;
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsCryptoKey);
  return false;
}

const api: EncryptionPageApi = {
  async writeEncrypted(patient, user, password) {
    const db = await open();
    // The production work factor: this is the configuration whose disk image is being checked.
    const vault = new KeyVault({ records: new IdbKeyRecordStore(db) });
    const session = await vault.createFirstUser(user, password);
    await putRow(db, await sealedRow(session.cipher, patient));
    session.lock();
    db.close();
  },

  async writePlain(patient) {
    const db = await open();
    await putRow(db, {
      key: `Patient/${patient.id}`,
      resourceType: 'Patient',
      id: patient.id,
      body: resource(patient),
      family: nameKeys(patient.family),
      identifier: [`${patient.identifierSystem}|${patient.identifierValue}`],
    });
    db.close();
  },

  async readEncrypted(id, user, password) {
    const db = await open();
    try {
      const session = await new KeyVault({ records: new IdbKeyRecordStore(db) }).unlock(user, password);
      const key = `Patient/${id}`;
      const row = (await idbRequest(db.transaction(RESOURCES, 'readonly').objectStore(RESOURCES).get(key))) as Row;
      if (typeof row.body === 'string') throw new Error('row is not sealed');
      const patient = JSON.parse(new TextDecoder().decode(await session.cipher.open(row.body, key))) as {
        name: { family: string }[];
        identifier: { value: string }[];
      };
      session.lock();
      return { ok: true, family: patient.name[0]?.family ?? '', identifier: patient.identifier[0]?.value ?? '' };
    } catch (err) {
      return { ok: false, text: toOutcome(err).issue[0]?.details?.text ?? 'sin detalle' };
    } finally {
      db.close();
    }
  },

  async inventory() {
    const db = await open();
    const stores = [...db.objectStoreNames].filter((name) => name !== FILLER);
    const tx = db.transaction(stores, 'readonly');
    const values = (await Promise.all(stores.map((s) => idbRequest(tx.objectStore(s).getAll())))).flat();
    db.close();
    return { values: values.length, cryptoKeys: values.filter(containsCryptoKey).length };
  },

  async fill(megabytes) {
    const db = await open();
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
