// In-memory KeyRecordStore: the reference implementation, for tests and the memory FhirStore.
// Records are copied through JSON on the way in and out, as a database would.
import type { KeyRecord } from './key-record';
import type { KeyRecordStore } from './key-record-store';

export class MemoryKeyRecordStore implements KeyRecordStore {
  readonly #rows = new Map<string, string>();

  list(): Promise<readonly unknown[]> {
    return Promise.resolve([...this.#rows.values()].map((json): unknown => JSON.parse(json)));
  }

  get(userId: string): Promise<unknown> {
    const json = this.#rows.get(userId);
    return Promise.resolve(json === undefined ? undefined : (JSON.parse(json) as unknown));
  }

  add(record: KeyRecord, options: { readonly onlyIfEmpty?: boolean } = {}): Promise<boolean> {
    if (this.#rows.has(record.userId) || (options.onlyIfEmpty === true && this.#rows.size > 0)) return Promise.resolve(false);
    this.#rows.set(record.userId, JSON.stringify(record));
    return Promise.resolve(true);
  }

  replace(record: KeyRecord): Promise<boolean> {
    if (!this.#rows.has(record.userId)) return Promise.resolve(false);
    this.#rows.set(record.userId, JSON.stringify(record));
    return Promise.resolve(true);
  }

  delete(userId: string): Promise<'deleted' | 'missing' | 'last'> {
    if (!this.#rows.has(userId)) return Promise.resolve('missing');
    if (this.#rows.size === 1) return Promise.resolve('last');
    this.#rows.delete(userId);
    return Promise.resolve('deleted');
  }
}
