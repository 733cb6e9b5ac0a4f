// Drafts of consultations, kept so that a crash or a power cut loses nothing the nurse typed.
//
// The store holds FHIR resources only (every write is validated against the profiles), and a
// half-typed form is not one, so drafts live in their own small IndexedDB database, sealed with
// the signed-in session's StoreCipher (AES-GCM, the store's data key) exactly like the store's
// resource bodies: nothing of the patient is on disk in plain text, and a locked session cannot
// read or write drafts. A draft's key is a keyed hash (the cipher's HMAC token) of the user and
// the subject ("new consultation for patient X", "edit of consultation Y"), so the database does
// not show whose or which patient's drafts it holds; the sealed body is bound to that key (AAD),
// so a draft cannot be moved to another user or patient.
import type { StoreCipher } from '../../../src-core/store/store-cipher';

export const DRAFT_DATABASE = 'ceiba-borradores';
const STORE = 'drafts';
const DB_VERSION = 1;
const TOKEN_DOMAIN = 'consultation-draft';
const FORMAT = 1;

export interface DraftScope {
  readonly userId: string;
  /** What the draft is of: `new/<patientId>` or `edit/<encounterId>`. */
  readonly subject: string;
}

export interface Draft {
  readonly value: unknown;
  /** ISO instant of the save. */
  readonly savedAt: string;
}

interface DraftRow {
  readonly key: string;
  readonly sealed: Uint8Array;
}

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('IndexedDB request failed'));
    };
  });

function openDatabase(factory: IDBFactory, name: string): Promise<IDBDatabase> {
  const open = factory.open(name, DB_VERSION);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE, { keyPath: 'key' });
  };
  return request(open);
}

/** Resolves when a read-write transaction has committed (its data is durable), rejects on abort. */
const committed = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => {
      resolve();
    };
    tx.onabort = () => {
      reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    };
    tx.onerror = () => {
      reject(tx.error ?? new Error('IndexedDB transaction failed'));
    };
  });

export class DraftBox {
  readonly #cipher: StoreCipher;
  readonly #factory: IDBFactory;
  readonly #name: string;
  #db: Promise<IDBDatabase> | undefined;

  constructor(cipher: StoreCipher, options: { readonly indexedDB?: IDBFactory; readonly databaseName?: string } = {}) {
    this.#cipher = cipher;
    this.#factory = options.indexedDB ?? globalThis.indexedDB;
    this.#name = options.databaseName ?? DRAFT_DATABASE;
  }

  #database(): Promise<IDBDatabase> {
    this.#db ??= openDatabase(this.#factory, this.#name).catch((err: unknown) => {
      this.#db = undefined;
      throw err;
    });
    return this.#db;
  }

  #key(scope: DraftScope): Promise<string> {
    return this.#cipher.token(TOKEN_DOMAIN, `${scope.userId}\u0000${scope.subject}`);
  }

  async save(scope: DraftScope, value: unknown, savedAt: Date): Promise<void> {
    const key = await this.#key(scope);
    const plain = new TextEncoder().encode(JSON.stringify({ format: FORMAT, savedAt: savedAt.toISOString(), value }));
    const sealed = await this.#cipher.seal(plain, `draft/${key}`);
    const db = await this.#database();
    const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    const done = committed(tx);
    tx.objectStore(STORE).put({ key, sealed } satisfies DraftRow);
    await done;
  }

  /** The draft, or undefined when there is none (or it cannot be opened: another data key, tampering). */
  async load(scope: DraftScope): Promise<Draft | undefined> {
    const key = await this.#key(scope);
    const db = await this.#database();
    const row = (await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(key))) as DraftRow | undefined;
    if (row === undefined) return undefined;
    let text: string;
    try {
      text = new TextDecoder().decode(await this.#cipher.open(row.sealed, `draft/${key}`));
    } catch {
      return undefined;
    }
    const parsed = JSON.parse(text) as { format?: unknown; savedAt?: unknown; value?: unknown };
    if (parsed.format !== FORMAT || typeof parsed.savedAt !== 'string') return undefined;
    return { value: parsed.value, savedAt: parsed.savedAt };
  }

  async remove(scope: DraftScope): Promise<void> {
    const key = await this.#key(scope);
    const db = await this.#database();
    const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    const done = committed(tx);
    tx.objectStore(STORE).delete(key);
    await done;
  }

  close(): void {
    void this.#db?.then((db) => {
      db.close();
    });
    this.#db = undefined;
  }
}
