// The KeyStore port (OS protection of the wrapped key, Electron safeStorage on the desktop): the
// vault routes every wrapped key through it, and a record protected by one OS account opens
// neither without the OS key store nor under another account.
import { describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../src-core/store/crypto/base64url';
import { parseKeyRecord, type KeyRecord } from '../../src-core/store/crypto/key-record';
import type { KeyRecordStore } from '../../src-core/store/crypto/key-record-store';
import { noOsKeyStore } from '../../src-core/store/crypto/key-store';
import { MemoryKeyRecordStore } from '../../src-core/store/crypto/memory-key-record-store';
import { FakeOsKeyStore } from '../harness/encryption-fake-os-key-store';
import { rejectionOf, testVault } from '../harness/encryption-vault';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ANA = { user: 'ana.lopez', password: 'ceiba-Ana-2024' };
const BETO = { user: 'beto.cux', password: 'ceiba-Beto-2024' };

async function recordOf(records: KeyRecordStore, userId: string): Promise<KeyRecord> {
  return parseKeyRecord(await records.get(userId)).record;
}

describe('noOsKeyStore (web shell)', () => {
  it('is kind "none" and passes bytes through as copies', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const out = await noOsKeyStore.protect(bytes);
    expect(noOsKeyStore.kind).toBe('none');
    expect(out).toEqual(bytes);
    expect(out).not.toBe(bytes);
    expect(await noOsKeyStore.unprotect(out)).toEqual(bytes);
  });
});

describe('a vault with an OS key store', () => {
  it('protects every wrapped key it writes and unprotects every one it opens', async () => {
    const os = new FakeOsKeyStore();
    const { vault, records } = testVault({ keyStore: os });
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    await vault.addUser(ana, BETO.user, BETO.password);
    expect(os.protectCalls).toBe(2);
    for (const user of [ANA.user, BETO.user]) {
      const record = await recordOf(records, user);
      expect(record.protection).toBe('os');
      expect(FakeOsKeyStore.isProtected(fromBase64Url(record.wrappedKey) ?? new Uint8Array(0))).toBe(true);
    }

    const sealed = await ana.cipher.seal(encoder.encode('cuerpo'), 'Patient/p1');
    const beto = await vault.unlock(BETO.user, BETO.password);
    expect(os.unprotectCalls).toBe(1);
    expect(decoder.decode(await beto.cipher.open(sealed, 'Patient/p1'))).toBe('cuerpo');

    await vault.changePassword(BETO.user, BETO.password, 'nueva-Clave-2025');
    expect(os.unprotectCalls).toBe(2);
    expect(os.protectCalls).toBe(3);
    expect((await recordOf(records, BETO.user)).protection).toBe('os');
  });

  it('both locks are needed: without the OS key store, or under another OS account, the right password does not open it', async () => {
    const records = new MemoryKeyRecordStore();
    await testVault({ records, keyStore: new FakeOsKeyStore() }).vault.createFirstUser(ANA.user, ANA.password);

    const web = await rejectionOf(testVault({ records }).vault.unlock(ANA.user, ANA.password));
    expect(web.issue[0]).toMatchObject({ code: 'security', details: { text: expect.stringMatching(/protegida por el sistema operativo/) as unknown } });

    const otherAccount = await rejectionOf(testVault({ records, keyStore: new FakeOsKeyStore() }).vault.unlock(ANA.user, ANA.password));
    expect(otherAccount.issue[0]).toMatchObject({
      code: 'security',
      details: { text: 'No se pudo abrir la llave protegida por el sistema operativo de este equipo.' },
    });
  });

  it('the OS layer alone is not enough either: a wrong password still fails with "Contraseña incorrecta."', async () => {
    const os = new FakeOsKeyStore();
    const { vault } = testVault({ keyStore: os });
    await vault.createFirstUser(ANA.user, ANA.password);
    expect((await rejectionOf(vault.unlock(ANA.user, 'no-es-la-clave'))).issue[0]?.details?.text).toBe('Contraseña incorrecta.');
  });

  it('relabelling an OS-protected record as unprotected does not bypass anything', async () => {
    const os = new FakeOsKeyStore();
    const { vault, records } = testVault({ keyStore: os });
    await vault.createFirstUser(ANA.user, ANA.password);
    await records.replace({ ...(await recordOf(records, ANA.user)), protection: 'none' });
    expect((await rejectionOf(vault.unlock(ANA.user, ANA.password))).issue[0]?.code).toBe('security');
    expect((await rejectionOf(testVault({ records }).vault.unlock(ANA.user, ANA.password))).issue[0]?.code).toBe('security');
  });

  it('upgrades a password-only record to OS protection at the first sign-in on the desktop', async () => {
    const records = new MemoryKeyRecordStore();
    const first = await testVault({ records }).vault.createFirstUser(ANA.user, ANA.password);
    const sealed = await first.cipher.seal(encoder.encode('cuerpo'), 'Patient/p1');
    expect((await recordOf(records, ANA.user)).protection).toBe('none');

    const os = new FakeOsKeyStore();
    const desktop = await testVault({ records, keyStore: os }).vault.unlock(ANA.user, ANA.password);
    expect(decoder.decode(await desktop.cipher.open(sealed, 'Patient/p1'))).toBe('cuerpo');
    expect((await recordOf(records, ANA.user)).protection).toBe('os');
    expect(os.protectCalls).toBe(1);
    expect((await testVault({ records, keyStore: os }).vault.unlock(ANA.user, ANA.password)).keyId).toBe(first.keyId);
  });
});
