// The store cipher keeps the index tokens it has computed (aes-gcm-store-cipher.ts), so a bulk
// import does not send the same (domain, value) to WebCrypto once per resource (tested here with a
// small cache; the product default is TOKEN_CACHE_SIZE). What must hold: a
// cached token is the token (same as a fresh cipher on the same key computes), a repeated value
// costs no HMAC, the cache stays bounded and keeps answering correctly past its size, and a
// locked cipher answers nothing from it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AesGcmStoreCipher } from '../../src-core/store/crypto/aes-gcm-store-cipher';
import { isStoreLocked } from '../../src-core/store/crypto/crypto-errors';
import { DATA_KEY_BYTES, deriveDataKeys, importDataKeyMaterial } from '../../src-core/store/crypto/data-key';
import { rejectionOf } from '../harness/encryption-vault';

const CACHE_SIZE = 200;

async function cipherFrom(raw: Uint8Array<ArrayBuffer>): Promise<AesGcmStoreCipher> {
  return new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(raw.slice())), { tokenCacheSize: CACHE_SIZE });
}

/** Counts the HMACs WebCrypto computes. */
function countSigns(): { readonly count: () => number } {
  const spy = vi.spyOn(globalThis.crypto.subtle, 'sign');
  return { count: () => spy.mock.calls.length };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('index token cache', () => {
  it('answers a repeated value without an HMAC, with the token a fresh cipher computes', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES));
    const cipher = await cipherFrom(raw);
    const first = await cipher.tokens('Observation.status', ['final', 'amended', 'final']);
    expect(first[0]).toBe(first[2]);
    const signs = countSigns();
    const again = await cipher.tokens('Observation.status', ['amended', 'final']);
    expect(again).toEqual([first[1], first[0]]);
    expect(await cipher.token('Observation.status', 'final')).toBe(first[0]);
    expect(signs.count()).toBe(0);
    // A new value is computed, and the same value in another domain is another token.
    const other = await cipher.tokens('Encounter.status', ['final']);
    expect(signs.count()).toBe(1);
    expect(other[0]).not.toBe(first[0]);
    vi.restoreAllMocks();
    const fresh = await cipherFrom(raw);
    expect(await fresh.tokens('Observation.status', ['final', 'amended'])).toEqual([first[0], first[1]]);
  });

  it('stays bounded: past its size the oldest entries are computed again, still correctly', async () => {
    const raw = crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES));
    const cipher = await cipherFrom(raw);
    const values = Array.from({ length: CACHE_SIZE + 10 }, (_, i) => `v${String(i)}`);
    const all = await cipher.tokens('Patient.family', values);
    const signs = countSigns();
    // The newest are still there; the first ten were pushed out and cost an HMAC each.
    expect(await cipher.tokens('Patient.family', values.slice(-10))).toEqual(all.slice(-10));
    expect(signs.count()).toBe(0);
    expect(await cipher.tokens('Patient.family', values.slice(0, 10))).toEqual(all.slice(0, 10));
    expect(signs.count()).toBe(10);
    vi.restoreAllMocks();
    const fresh = await cipherFrom(raw);
    expect(await fresh.tokens('Patient.family', values.slice(0, 10))).toEqual(all.slice(0, 10));
  });

  it('answers nothing once locked, not even a value it has computed', async () => {
    const cipher = await cipherFrom(crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES)));
    await cipher.tokens('Patient.family', ['xiloj']);
    cipher.lock();
    expect(isStoreLocked(await rejectionOf(cipher.token('Patient.family', 'xiloj')))).toBe(true);
    expect(isStoreLocked(await rejectionOf(cipher.tokens('Patient.family', ['xiloj'])))).toBe(true);
  });
});
