// Local users and the data key they share (DESIGN §4): create, unlock, add, change password,
// remove, lock; what the persisted records contain; how the PBKDF2 work factor is kept and raised.
import { describe, expect, it } from 'vitest';
import { toBase64Url, fromBase64Url } from '../../src-core/store/crypto/base64url';
import { AesGcmStoreCipher } from '../../src-core/store/crypto/aes-gcm-store-cipher';
import { isStoreLocked } from '../../src-core/store/crypto/crypto-errors';
import { DATA_KEY_BYTES, deriveDataKeys, importDataKeyMaterial } from '../../src-core/store/crypto/data-key';
import { KEY_RECORD_FORMAT, parseKeyRecord, wrapAad, type KeyRecord } from '../../src-core/store/crypto/key-record';
import type { KeyRecordStore } from '../../src-core/store/crypto/key-record-store';
import { KeyVault } from '../../src-core/store/crypto/key-vault';
import { MemoryKeyRecordStore } from '../../src-core/store/crypto/memory-key-record-store';
import { DEFAULT_PBKDF2_ITERATIONS, derivePasswordKey } from '../../src-core/store/crypto/password-key';
import { createLoggerFactory, memorySink } from '../../src-core/platform/logger';
import { rejectionOf, TEST_PBKDF2_ITERATIONS, testVault } from '../harness/encryption-vault';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const BODY = '{"resourceType":"Patient","id":"p1","name":[{"family":"Xiloj Tzoc"}]}';
const ANA = { user: 'ana.lopez', password: 'ceiba-Ana-2024' };
const BETO = { user: 'beto.cux', password: 'ceiba-Beto-2024' };

async function allRecords(records: KeyRecordStore): Promise<KeyRecord[]> {
  return (await records.list()).map((row) => parseKeyRecord(row).record);
}

async function recordOf(records: KeyRecordStore, userId: string): Promise<KeyRecord> {
  const record = (await allRecords(records)).find((r) => r.userId === userId);
  if (record === undefined) throw new Error(`no record for ${userId}`);
  return record;
}

async function sealBody(cipher: { seal(p: Uint8Array, aad: string): Promise<Uint8Array> }): Promise<Uint8Array> {
  return cipher.seal(encoder.encode(BODY), 'Patient/p1');
}

describe('first user', () => {
  it('creates the data key, a record that names its parameters, and an unlocked session', async () => {
    const { vault, records } = testVault();
    expect(await vault.users()).toEqual([]);
    const session = await vault.createFirstUser(ANA.user, ANA.password);
    expect(session.userId).toBe(ANA.user);
    expect(session.locked).toBe(false);
    const sealed = await sealBody(session.cipher);
    expect(decoder.decode(await session.cipher.open(sealed, 'Patient/p1'))).toBe(BODY);

    expect(await vault.users()).toEqual([ANA.user]);
    const record = await recordOf(records, ANA.user);
    expect(record).toMatchObject({
      format: KEY_RECORD_FORMAT,
      userId: ANA.user,
      keyId: session.keyId,
      kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: TEST_PBKDF2_ITERATIONS },
      wrap: { name: 'AES-GCM' },
      protection: 'none',
    });
    expect(fromBase64Url(record.kdf.salt)?.length).toBe(16);
    expect(fromBase64Url(record.wrap.iv)?.length).toBe(12);
    // 32-byte key + 16-byte GCM tag, no OS envelope in the web shell.
    expect(fromBase64Url(record.wrappedKey)?.length).toBe(48);
  });

  it('uses 600,000 PBKDF2 iterations unless told otherwise', async () => {
    const records = new MemoryKeyRecordStore();
    const vault = new KeyVault({ records });
    expect(vault.pbkdf2Iterations).toBe(600_000);
    await vault.createFirstUser(ANA.user, ANA.password);
    expect((await recordOf(records, ANA.user)).kdf.iterations).toBe(DEFAULT_PBKDF2_ITERATIONS);
    expect(DEFAULT_PBKDF2_ITERATIONS).toBe(600_000);
  });

  it('is created once: a second first user is refused, also when two windows race', async () => {
    const { vault } = testVault();
    await vault.createFirstUser(ANA.user, ANA.password);
    const again = await rejectionOf(vault.createFirstUser(BETO.user, BETO.password));
    expect(again.issue[0]).toMatchObject({ code: 'duplicate', details: { text: expect.stringMatching(/ya tiene usuarios/) as unknown } });

    const { vault: fresh } = testVault();
    const race = await Promise.allSettled([fresh.createFirstUser(ANA.user, ANA.password), fresh.createFirstUser(BETO.user, BETO.password)]);
    expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await fresh.users()).length).toBe(1);
  });

  it('refuses an empty user name and a password shorter than the minimum', async () => {
    const { vault } = testVault();
    expect((await rejectionOf(vault.createFirstUser('  ', ANA.password))).issue[0]?.code).toBe('invalid');
    const short = await rejectionOf(vault.createFirstUser(ANA.user, 'corta'));
    expect(short.issue[0]).toMatchObject({ code: 'invalid', details: { text: 'La contraseña debe tener al menos 8 caracteres.' } });
    expect(await vault.users()).toEqual([]);
  });
});

describe('unlock', () => {
  it('opens what an earlier session sealed and gives the same index tokens', async () => {
    const { vault } = testVault();
    const first = await vault.createFirstUser(ANA.user, ANA.password);
    const sealed = await sealBody(first.cipher);
    const token = await first.cipher.token('Patient.family', 'xiloj');
    first.lock();

    const again = await vault.unlock(ANA.user, ANA.password);
    expect(again.keyId).toBe(first.keyId);
    expect(decoder.decode(await again.cipher.open(sealed, 'Patient/p1'))).toBe(BODY);
    expect(await again.cipher.token('Patient.family', 'xiloj')).toBe(token);
  });

  it('a wrong password is a distinct security error: "Contraseña incorrecta."', async () => {
    const { vault } = testVault();
    await vault.createFirstUser(ANA.user, ANA.password);
    for (const wrong of ['ceiba-Ana-2025', '', ANA.password.toUpperCase(), `${ANA.password} `]) {
      const result = await rejectionOf(vault.unlock(ANA.user, wrong));
      expect(result.issue).toHaveLength(1);
      expect(result.issue[0]).toMatchObject({ severity: 'error', code: 'security', details: { text: 'Contraseña incorrecta.' } });
      expect(result.issue[0]?.diagnostics).toMatch(/^wrong password/);
      expect(JSON.stringify(result)).not.toContain(wrong.length > 0 ? wrong : ANA.password);
    }
  });

  it('an unknown user is not-found, distinct from a wrong password', async () => {
    const { vault } = testVault();
    await vault.createFirstUser(ANA.user, ANA.password);
    const result = await rejectionOf(vault.unlock('nadie', ANA.password));
    expect(result.issue[0]).toMatchObject({ code: 'not-found', details: { text: 'No hay ningún usuario con ese nombre en este equipo.' } });
  });

  it('accepts the same password typed in another Unicode form (NFC and NFD of "ñ")', async () => {
    const { vault } = testVault();
    const composed = 'contraseña-segura'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    await vault.createFirstUser(ANA.user, composed);
    expect((await vault.unlock(ANA.user, decomposed)).locked).toBe(false);
  });
});

describe('more users', () => {
  it('a user added from a session shares the data key: reads what the first sealed, and vice versa', async () => {
    const { vault, records } = testVault();
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    const byAna = await sealBody(ana.cipher);
    await vault.addUser(ana, BETO.user, BETO.password);
    expect(await vault.users()).toEqual([ANA.user, BETO.user]);

    const beto = await vault.unlock(BETO.user, BETO.password);
    expect(beto.keyId).toBe(ana.keyId);
    expect(decoder.decode(await beto.cipher.open(byAna, 'Patient/p1'))).toBe(BODY);
    const byBeto = await beto.cipher.seal(encoder.encode('beto'), 'Patient/p2');
    expect(decoder.decode(await ana.cipher.open(byBeto, 'Patient/p2'))).toBe('beto');
    expect(await beto.cipher.token('Patient.family', 'tzoc')).toBe(await ana.cipher.token('Patient.family', 'tzoc'));

    // Each record has its own salt, IV and wrapped bytes.
    const [a, b] = [await recordOf(records, ANA.user), await recordOf(records, BETO.user)];
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
  });

  it('refuses a name already taken, and a locked session', async () => {
    const { vault } = testVault();
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    expect((await rejectionOf(vault.addUser(ana, ANA.user, 'otra-clave-1'))).issue[0]?.code).toBe('duplicate');
    ana.lock();
    const locked = await rejectionOf(vault.addUser(ana, BETO.user, BETO.password));
    expect(isStoreLocked(locked)).toBe(true);
    expect(await vault.users()).toEqual([ANA.user]);
  });

  it('refuses a session of another store (another data key)', async () => {
    const { vault } = testVault();
    await vault.createFirstUser(ANA.user, ANA.password);
    const { vault: elsewhere } = testVault();
    const stranger = await elsewhere.createFirstUser('intruso', 'clave-intruso');
    const result = await rejectionOf(vault.addUser(stranger, BETO.user, BETO.password));
    expect(result.issue[0]?.code).toBe('security');
    expect(await vault.users()).toEqual([ANA.user]);
  });

  it('removes a user from a session; the last user cannot be removed', async () => {
    const { vault } = testVault();
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    await vault.addUser(ana, BETO.user, BETO.password);
    await vault.removeUser(ana, BETO.user);
    expect(await vault.users()).toEqual([ANA.user]);
    expect((await rejectionOf(vault.unlock(BETO.user, BETO.password))).issue[0]?.code).toBe('not-found');
    expect((await rejectionOf(vault.removeUser(ana, BETO.user))).issue[0]?.code).toBe('not-found');

    const last = await rejectionOf(vault.removeUser(ana, ANA.user));
    expect(last.issue[0]).toMatchObject({ code: 'business-rule', details: { text: expect.stringMatching(/único usuario/) as unknown } });
    expect((await vault.unlock(ANA.user, ANA.password)).locked).toBe(false);

    ana.lock();
    expect(isStoreLocked(await rejectionOf(vault.removeUser(ana, ANA.user)))).toBe(true);
  });
});

describe('change password', () => {
  it('re-wraps only the key: data sealed before still opens, the old password fails, the new one works', async () => {
    const { vault, records } = testVault();
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    await vault.addUser(ana, BETO.user, BETO.password);
    const sealed = await sealBody(ana.cipher);
    const token = await ana.cipher.token('Patient.family', 'xiloj');
    const before = await recordOf(records, ANA.user);
    const betoBefore = await recordOf(records, BETO.user);
    ana.lock();

    const newPassword = 'nueva-Clave-2025';
    await vault.changePassword(ANA.user, ANA.password, newPassword);

    const old = await rejectionOf(vault.unlock(ANA.user, ANA.password));
    expect(old.issue[0]?.details?.text).toBe('Contraseña incorrecta.');
    const after = await vault.unlock(ANA.user, newPassword);
    // The very bytes sealed before the change open unchanged: no data was re-encrypted.
    expect(decoder.decode(await after.cipher.open(sealed, 'Patient/p1'))).toBe(BODY);
    expect(await after.cipher.token('Patient.family', 'xiloj')).toBe(token);

    const record = await recordOf(records, ANA.user);
    expect(record.keyId).toBe(before.keyId);
    expect(record.kdf.salt).not.toBe(before.kdf.salt);
    expect(record.wrappedKey).not.toBe(before.wrappedKey);
    expect(await recordOf(records, BETO.user)).toEqual(betoBefore);
    expect((await vault.unlock(BETO.user, BETO.password)).keyId).toBe(before.keyId);
  });

  it('needs the right old password and a long-enough new one, and changes nothing otherwise', async () => {
    const { vault, records } = testVault();
    await vault.createFirstUser(ANA.user, ANA.password);
    const before = await recordOf(records, ANA.user);
    expect((await rejectionOf(vault.changePassword(ANA.user, 'no-es-la-clave', 'nueva-Clave-2025'))).issue[0]?.details?.text).toBe(
      'Contraseña incorrecta.',
    );
    expect((await rejectionOf(vault.changePassword(ANA.user, ANA.password, 'corta'))).issue[0]?.code).toBe('invalid');
    expect((await rejectionOf(vault.changePassword('nadie', ANA.password, 'nueva-Clave-2025'))).issue[0]?.code).toBe('not-found');
    expect(await recordOf(records, ANA.user)).toEqual(before);
  });

  it('does not bring back a user removed while the change was under way', async () => {
    const records = new MemoryKeyRecordStore();
    const { vault } = testVault({ records });
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    await vault.addUser(ana, BETO.user, BETO.password);
    const racing: KeyRecordStore = {
      list: () => records.list(),
      get: async (userId) => {
        const row = await records.get(userId);
        await records.delete(BETO.user); // an admin removes Beto between read and write
        return row;
      },
      add: (record, options) => records.add(record, options),
      replace: (record) => records.replace(record),
      delete: (userId) => records.delete(userId),
    };
    const { vault: betoWindow } = testVault({ records: racing });
    expect((await rejectionOf(betoWindow.changePassword(BETO.user, BETO.password, 'nueva-Clave-2025'))).issue[0]?.code).toBe('not-found');
    expect(await vault.users()).toEqual([ANA.user]);
  });
});

describe('lock', () => {
  it('after lock() every operation of the session cipher fails with "store locked"; other sessions go on', async () => {
    const { vault } = testVault();
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    const sealed = await sealBody(ana.cipher);
    const other = await vault.unlock(ANA.user, ANA.password);
    ana.lock();
    expect(ana.locked).toBe(true);
    ana.lock(); // idempotent

    const attempts = [
      ana.cipher.seal(encoder.encode(BODY), 'Patient/p1'),
      ana.cipher.open(sealed, 'Patient/p1'),
      ana.cipher.token('Patient.family', 'xiloj'),
      ana.cipher.tokens('Patient.family', ['xiloj', 'tzoc']),
    ];
    for (const attempt of attempts) {
      const result = await rejectionOf(attempt);
      expect(isStoreLocked(result)).toBe(true);
      expect(result.issue[0]).toMatchObject({
        code: 'login',
        diagnostics: expect.stringMatching(/^store locked/) as unknown,
        details: { text: 'El expediente está bloqueado. Inicie sesión para continuar.' },
      });
    }
    expect(other.locked).toBe(false);
    expect(decoder.decode(await other.cipher.open(sealed, 'Patient/p1'))).toBe(BODY);
  });

  it('a session exposes no key: its JSON and enumerable properties hold only the user and key ids', async () => {
    const { vault } = testVault();
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    expect(JSON.parse(JSON.stringify(ana))).toEqual({ userId: ANA.user, keyId: ana.keyId });
    expect(JSON.stringify(ana.cipher)).toBe('{}');
    expect(Object.values(ana).some((v) => v instanceof CryptoKey)).toBe(false);
  });
});

describe('PBKDF2 work factor', () => {
  it('the record count is the one used: the record opens with its own salt and count, and not with one iteration less', async () => {
    const { vault, records } = testVault({ pbkdf2Iterations: 1_234 });
    await vault.createFirstUser(ANA.user, ANA.password);
    const record = await recordOf(records, ANA.user);
    expect(record.kdf.iterations).toBe(1_234);
    const { bytes } = parseKeyRecord(record);
    const unwrapWith = async (iterations: number): Promise<CryptoKey> =>
      crypto.subtle.unwrapKey(
        'raw',
        bytes.wrappedKey,
        await derivePasswordKey(ANA.password, bytes.salt, iterations),
        { name: 'AES-GCM', iv: bytes.iv, additionalData: wrapAad(record) },
        'HKDF',
        false,
        ['deriveKey'],
      );
    await expect(unwrapWith(1_234)).resolves.toBeInstanceOf(CryptoKey);
    await expect(unwrapWith(1_233)).rejects.toMatchObject({ name: 'OperationError' });
  });

  it('a vault with a higher count still opens older records with theirs, then re-wraps them at the new count', async () => {
    const records = new MemoryKeyRecordStore();
    const { vault: old } = testVault({ records, pbkdf2Iterations: 1_000 });
    const first = await old.createFirstUser(ANA.user, ANA.password);
    const sealed = await sealBody(first.cipher);
    const before = await recordOf(records, ANA.user);

    const { sink, records: lines } = memorySink();
    const { vault: raised } = testVault({ records, pbkdf2Iterations: 2_000, logger: createLoggerFactory({ sink })('store.crypto') });
    const session = await raised.unlock(ANA.user, ANA.password);
    expect(decoder.decode(await session.cipher.open(sealed, 'Patient/p1'))).toBe(BODY);
    const after = await recordOf(records, ANA.user);
    expect(after.kdf.iterations).toBe(2_000);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.keyId).toBe(before.keyId);
    expect(lines.map((l) => [l.msg, l.fields])).toEqual([['key record re-wrapped', { fromIterations: 1_000, toIterations: 2_000, protection: 'none' }]]);

    // Upgraded once; the old vault (lower count) still opens it and does not downgrade it.
    expect((await old.unlock(ANA.user, ANA.password)).keyId).toBe(before.keyId);
    expect((await recordOf(records, ANA.user)).kdf.iterations).toBe(2_000);
  });

  it('an upgrade that cannot be written does not stop the sign-in', async () => {
    const records = new MemoryKeyRecordStore();
    await testVault({ records, pbkdf2Iterations: 1_000 }).vault.createFirstUser(ANA.user, ANA.password);
    const failing: KeyRecordStore = { ...bind(records), replace: () => Promise.reject(new Error('QuotaExceededError')) };
    const { sink, records: lines } = memorySink();
    const { vault } = testVault({ records: failing, pbkdf2Iterations: 2_000, logger: createLoggerFactory({ sink })('store.crypto') });
    expect((await vault.unlock(ANA.user, ANA.password)).locked).toBe(false);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([['warn', 'key record upgrade failed; will retry at next sign-in']]);
    expect((await recordOf(records, ANA.user)).kdf.iterations).toBe(1_000);
  });
});

function bind(store: MemoryKeyRecordStore): KeyRecordStore {
  return {
    list: () => store.list(),
    get: (userId) => store.get(userId),
    add: (record, options) => store.add(record, options),
    replace: (record) => store.replace(record),
    delete: (userId) => store.delete(userId),
  };
}

describe('records on disk', () => {
  it('hold no key material and no password in the clear, in any common encoding', async () => {
    // Record every random draw; the 32-byte one is the data key. The test then proves it is the
    // data key (a cipher built from it opens the session's data) before searching the records.
    const draws: Uint8Array[] = [];
    const randomBytes = (n: number): Uint8Array<ArrayBuffer> => {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      draws.push(bytes.slice());
      return bytes;
    };
    const { vault, records } = testVault({ randomBytes });
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    await vault.addUser(ana, BETO.user, BETO.password);
    await vault.changePassword(BETO.user, BETO.password, 'nueva-Clave-2025');
    const dataKeys = draws.filter((d) => d.length === DATA_KEY_BYTES);
    expect(dataKeys).toHaveLength(1);
    const raw = new Uint8Array(dataKeys[0] ?? []);

    const witness = new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(raw.slice())));
    expect(decoder.decode(await witness.open(await sealBody(ana.cipher), 'Patient/p1'))).toBe(BODY);

    const json = JSON.stringify(await records.list());
    const hex = Buffer.from(raw).toString('hex');
    const forms = [hex, hex.toUpperCase(), Buffer.from(raw).toString('base64'), toBase64Url(raw), Buffer.from(raw).toString('latin1'), raw.join(',')];
    // Any 8-byte window of the key, so a partial leak is caught too.
    for (let i = 0; i + 8 <= raw.length; i += 4) {
      const part = raw.subarray(i, i + 8);
      forms.push(Buffer.from(part).toString('hex'), toBase64Url(part).slice(0, 8), Buffer.from(part).toString('latin1'));
    }
    for (const form of forms) expect(json.includes(form), `key material as ${form}`).toBe(false);
    expect(Buffer.from(json, 'utf8').includes(Buffer.from(raw))).toBe(false);
    for (const password of [ANA.password, BETO.password, 'nueva-Clave-2025']) expect(json).not.toContain(password);
  });

  it('bind the user name: a record copied under another name does not open with its password', async () => {
    const { vault, records } = testVault();
    await vault.createFirstUser(ANA.user, ANA.password);
    const copy = { ...(await recordOf(records, ANA.user)), userId: 'eva.copia' };
    expect(await records.add(copy)).toBe(true);
    expect((await rejectionOf(vault.unlock('eva.copia', ANA.password))).issue[0]?.details?.text).toBe('Contraseña incorrecta.');
  });

  it('bind their parameters: an edited iteration count or salt fails instead of meaning something else', async () => {
    for (const edit of [
      (r: KeyRecord): KeyRecord => ({ ...r, kdf: { ...r.kdf, iterations: r.kdf.iterations + 1 } }),
      (r: KeyRecord): KeyRecord => ({ ...r, kdf: { ...r.kdf, salt: toBase64Url(new Uint8Array(16)) } }),
      (r: KeyRecord): KeyRecord => ({ ...r, wrap: { ...r.wrap, iv: toBase64Url(new Uint8Array(12)) } }),
      (r: KeyRecord): KeyRecord => ({ ...r, keyId: toBase64Url(new Uint8Array(16)) }),
    ]) {
      const { vault, records } = testVault();
      await vault.createFirstUser(ANA.user, ANA.password);
      expect(await records.replace(edit(await recordOf(records, ANA.user)))).toBe(true);
      expect((await rejectionOf(vault.unlock(ANA.user, ANA.password))).issue[0]?.code).toBe('security');
    }
  });

  it('a malformed record is a structure error naming the field, not a crash', async () => {
    const records = new MemoryKeyRecordStore();
    const { vault } = testVault({ records });
    await vault.createFirstUser(ANA.user, ANA.password);
    const record = await recordOf(records, ANA.user);
    const cases: [unknown, string][] = [
      [{ ...record, kdf: { ...record.kdf, iterations: 0 } }, 'kdf.iterations'],
      [{ ...record, kdf: { ...record.kdf, iterations: 2 ** 31 } }, 'kdf.iterations'],
      [{ ...record, kdf: { ...record.kdf, salt: 'not base64url!' } }, 'kdf.salt'],
      [{ ...record, wrap: { name: 'AES-KW', iv: record.wrap.iv } }, 'wrap'],
      [{ ...record, protection: 'maybe' }, 'protection'],
      [{ ...record, wrappedKey: '' }, 'wrappedKey'],
      [{ ...record, format: 'other' }, 'unknown format'],
    ];
    for (const [row, field] of cases) {
      const broken: KeyRecordStore = { ...bind(records), get: () => Promise.resolve(row) };
      const result = await rejectionOf(testVault({ records: broken }).vault.unlock(ANA.user, ANA.password));
      expect(result.issue[0]?.code, field).toBe('structure');
      expect(result.issue[0]?.diagnostics, field).toBe(`malformed key record: ${field}`);
      expect(result.issue[0]?.details?.text, field).toBe('El registro de la llave de este usuario está dañado.');
    }
  });

  it('a damaged record does not hide the other users from the sign-in list', async () => {
    const records = new MemoryKeyRecordStore();
    const { vault } = testVault({ records });
    const ana = await vault.createFirstUser(ANA.user, ANA.password);
    await vault.addUser(ana, BETO.user, BETO.password);
    const damaged: KeyRecordStore = { ...bind(records), list: async () => [...(await records.list()), { format: KEY_RECORD_FORMAT, userId: 'roto' }] };
    const { sink, records: lines } = memorySink();
    const { vault: listing } = testVault({ records: damaged, logger: createLoggerFactory({ sink })('store.crypto') });
    expect(await listing.users()).toEqual([ANA.user, BETO.user]);
    expect(lines.map((l) => [l.level, l.msg, l.fields])).toEqual([
      ['warn', 'damaged key record left out of the user list', { reason: 'malformed key record: keyId' }],
    ]);
  });
});
