// KeyRecordStore port: where the wrapped-key records live. The Dexie store implements it over its
// `keys` table (primary key `userId`); MemoryKeyRecordStore is the reference implementation.
// Records are plain JSON-able objects; the store keeps them as given and never interprets them.
import type { KeyRecord } from './key-record';

export interface KeyRecordStore {
  /** Every record, in any order. */
  list(): Promise<readonly unknown[]>;
  /** The record of `userId`, or undefined. Values are validated by the vault, so `unknown`. */
  get(userId: string): Promise<unknown>;
  /**
   * Adds a record unless one exists for its user (then resolves false, writing nothing). With
   * `onlyIfEmpty`, also writes nothing and resolves false when the store holds any record at all.
   * The check and the write must be one atomic step (one IndexedDB transaction): two windows
   * creating the first user at once must not both succeed with different data keys.
   */
  add(record: KeyRecord, options?: { readonly onlyIfEmpty?: boolean }): Promise<boolean>;
  /**
   * Replaces the existing record of `record.userId` (a re-wrap after a password change or a work
   * factor upgrade). Resolves false, writing nothing, if the user has no record (removed meanwhile):
   * a password change racing a removal must not bring the user back.
   */
  replace(record: KeyRecord): Promise<boolean>;
  /**
   * Deletes the record of `userId`, atomically refusing to delete the only record left (the data
   * key would be lost with it): 'deleted', 'missing' (no such record) or 'last' (nothing written).
   */
  delete(userId: string): Promise<'deleted' | 'missing' | 'last'>;
}
