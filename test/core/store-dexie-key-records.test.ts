// The crypto module's KeyRecordStore port over the store database's `keys` table: the atomic
// check-then-write rules the key vault relies on.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { KEY_RECORD_FORMAT, type KeyRecord } from '../../src-core/store/crypto/key-record';
import { DexieStore } from '../../src-core/store/dexie-store';

const record = (userId: string, wrappedKey = 'AAAA'): KeyRecord => ({
  format: KEY_RECORD_FORMAT,
  userId,
  keyId: 'k1',
  kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000, salt: 'c2FsdA' },
  wrap: { name: 'AES-GCM', iv: 'aXZpdml2aXZpdml2' },
  protection: 'none',
  wrappedKey,
  updatedAt: '2024-01-01T00:00:00.000Z',
});

describe('key records in the Dexie store', () => {
  it('adds, lists, replaces and deletes with the port’s atomic rules, and survives reopening', async () => {
    const factory = new IDBFactory();
    const db = await DexieStore.open({ name: 'keys', indexedDB: factory, IDBKeyRange });
    const keys = db.keyRecords;
    expect(await keys.add(record('ana'), { onlyIfEmpty: true })).toBe(true);
    expect(await keys.add(record('beto'), { onlyIfEmpty: true })).toBe(false);
    expect(await keys.add(record('ana', 'BBBB'))).toBe(false);
    expect(await keys.add(record('beto'))).toBe(true);
    expect(await keys.replace(record('ana', 'CCCC'))).toBe(true);
    expect(await keys.replace(record('nadie'))).toBe(false);
    expect(await keys.get('ana')).toEqual(record('ana', 'CCCC'));
    expect(await keys.delete('nadie')).toBe('missing');
    expect(await keys.delete('beto')).toBe('deleted');
    expect(await keys.delete('ana')).toBe('last');
    db.close();
    const again = await DexieStore.open({ name: 'keys', indexedDB: factory, IDBKeyRange });
    expect(await again.keyRecords.list()).toEqual([record('ana', 'CCCC')]);
    again.close();
  });
});
