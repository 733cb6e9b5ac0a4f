import { describe, expect, it } from 'vitest';
import { OutcomeError } from '../../src-core/fhir/outcome';
import { createOsKeyStoreHandlers } from '../../src-main/os-key-store';
import { fakeSafeStorage } from './fake-safe-storage';

const record = new Uint8Array([0, 1, 2, 250, 255, 128, 64]);

describe('OS key store handlers (safeStorage)', () => {
  it('protects bytes so only the same OS key store can unprotect them', () => {
    const store = createOsKeyStoreHandlers(fakeSafeStorage(), 'win32');
    expect(store.kind()).toBe('os');
    const sealed = store.protect(record);
    expect(Buffer.from(sealed).includes(Buffer.from(record))).toBe(false);
    expect(store.unprotect(sealed)).toEqual(record);
    const otherAccount = createOsKeyStoreHandlers(fakeSafeStorage(), 'win32');
    expect(() => otherAccount.unprotect(sealed)).toThrow(OutcomeError);
  });

  it('reports "none" and refuses to protect when safeStorage is unavailable', () => {
    const store = createOsKeyStoreHandlers(fakeSafeStorage({ available: false }), 'win32');
    expect(store.kind()).toBe('none');
    expect(() => store.protect(record)).toThrow(/no OS key store/);
    expect(() => store.unprotect(record)).toThrow(/no OS key store/);
  });

  it('treats Linux basic_text (a hard-coded password) as no protection', () => {
    expect(createOsKeyStoreHandlers(fakeSafeStorage({ backend: 'basic_text' }), 'linux').kind()).toBe('none');
    expect(createOsKeyStoreHandlers(fakeSafeStorage({ backend: 'gnome_libsecret' }), 'linux').kind()).toBe('os');
  });

  it('turns a tampered record into a security outcome, not a crash', () => {
    const store = createOsKeyStoreHandlers(fakeSafeStorage(), 'win32');
    const sealed = store.protect(record);
    const last = sealed.length - 1;
    sealed[last] = (sealed[last] ?? 0) ^ 0xff;
    try {
      store.unprotect(sealed);
      expect.unreachable('tampered record was accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(OutcomeError);
      expect((err as OutcomeError).outcome.issue[0]?.code).toBe('security');
    }
  });
});
