// The store cipher (DESIGN §4) with Node's WebCrypto: AES-GCM sealing bound to the row, tamper
// and wrong-key rejection, HMAC index tokens, and what a locked cipher does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutcomeError } from '../../src-core/fhir/outcome';
import { AesGcmStoreCipher, IV_BYTES, SEAL_OVERHEAD, SEAL_VERSION, TAG_BYTES } from '../../src-core/store/crypto/aes-gcm-store-cipher';
import { isStoreLocked } from '../../src-core/store/crypto/crypto-errors';
import { DATA_KEY_BYTES, deriveDataKeys, importDataKeyMaterial } from '../../src-core/store/crypto/data-key';
import { rejectionOf } from '../harness/encryption-vault';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const PATIENT = '{"resourceType":"Patient","id":"p1","name":[{"family":"Xiloj Tzoc","given":["Rosa"]}]}';

async function cipherFrom(raw: Uint8Array<ArrayBuffer>): Promise<AesGcmStoreCipher> {
  return new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(raw)));
}

const randomKey = (): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(DATA_KEY_BYTES));

function flipped(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ mask;
  return copy;
}

describe('seal and open', () => {
  it('round-trips a resource body, and the sealed bytes are version | IV | ciphertext | tag', async () => {
    const cipher = await cipherFrom(randomKey());
    const plain = encoder.encode(PATIENT);
    const sealed = await cipher.seal(plain, 'Patient/p1');
    expect(sealed.length).toBe(plain.length + SEAL_OVERHEAD);
    expect(sealed[0]).toBe(SEAL_VERSION);
    expect(decoder.decode(sealed)).not.toContain('Xiloj');
    expect(decoder.decode(await cipher.open(sealed, 'Patient/p1'))).toBe(PATIENT);
  });

  it('round-trips empty and large bodies', async () => {
    const cipher = await cipherFrom(randomKey());
    const large = new Uint8Array(256 * 1024).map((_, i) => (i * 31) & 0xff);
    for (const plain of [new Uint8Array(0), large]) {
      const sealed = await cipher.seal(plain, 'Binary/b1');
      expect(Buffer.from(await cipher.open(sealed, 'Binary/b1')).equals(plain)).toBe(true);
    }
  });

  it('uses a fresh IV per message: sealing the same body twice gives different bytes', async () => {
    const cipher = await cipherFrom(randomKey());
    const plain = encoder.encode(PATIENT);
    const a = await cipher.seal(plain, 'Patient/p1');
    const b = await cipher.seal(plain, 'Patient/p1');
    expect(a.slice(1, 1 + IV_BYTES)).not.toEqual(b.slice(1, 1 + IV_BYTES));
    expect(a.slice(1 + IV_BYTES)).not.toEqual(b.slice(1 + IV_BYTES));
  });

  it('rejects a flipped bit in the version, the IV, the ciphertext and the tag, with a security outcome and no data', async () => {
    const cipher = await cipherFrom(randomKey());
    const sealed = await cipher.seal(encoder.encode(PATIENT), 'Patient/p1');
    const positions = {
      version: 0,
      iv: 1 + 5,
      ciphertext: 1 + IV_BYTES + 10,
      tag: sealed.length - TAG_BYTES + 3,
    };
    for (const [part, index] of Object.entries(positions)) {
      const result = await rejectionOf(cipher.open(flipped(sealed, index), 'Patient/p1'));
      expect(result.issue[0]?.code, part).toBe('security');
      expect(result.issue[0]?.diagnostics, part).toMatch(/^sealed data rejected/);
      expect(result.issue[0]?.details?.text, part).toMatch(/dañados o fueron alterados/);
      expect(JSON.stringify(result), part).not.toMatch(/Xiloj|Patient\/p1/);
    }
  });

  it('rejects truncated input and bytes that were never sealed', async () => {
    const cipher = await cipherFrom(randomKey());
    const sealed = await cipher.seal(encoder.encode(PATIENT), 'Patient/p1');
    for (const bad of [sealed.slice(0, SEAL_OVERHEAD - 1), sealed.slice(0, sealed.length - 1), new Uint8Array(0), encoder.encode(PATIENT)]) {
      expect((await rejectionOf(cipher.open(bad, 'Patient/p1'))).issue[0]?.code).toBe('security');
    }
  });

  it('rejects the wrong associated data: a body moved to another row does not open', async () => {
    const cipher = await cipherFrom(randomKey());
    const sealed = await cipher.seal(encoder.encode(PATIENT), 'Patient/p1');
    for (const aad of ['Patient/p2', 'Patient/p1 ', '', 'Observation/p1']) {
      expect((await rejectionOf(cipher.open(sealed, aad))).issue[0]?.code).toBe('security');
    }
  });

  it('rejects another data key', async () => {
    const sealed = await (await cipherFrom(randomKey())).seal(encoder.encode(PATIENT), 'Patient/p1');
    const other = await cipherFrom(randomKey());
    expect((await rejectionOf(other.open(sealed, 'Patient/p1'))).issue[0]?.code).toBe('security');
  });

  it('opens with a cipher derived again from the same data key (as after a new sign-in)', async () => {
    const raw = randomKey();
    const sealed = await (await cipherFrom(raw.slice())).seal(encoder.encode(PATIENT), 'Patient/p1');
    expect(decoder.decode(await (await cipherFrom(raw)).open(sealed, 'Patient/p1'))).toBe(PATIENT);
  });

  it('property: open(seal(x, aad), aad) = x, and any single-byte change or another aad is rejected', async () => {
    const cipher = await cipherFrom(randomKey());
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.string({ maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.string({ maxLength: 64 }),
        async (plain, aad, at, mask, otherAad) => {
          const sealed = await cipher.seal(plain, aad);
          expect(await cipher.open(sealed, aad)).toEqual(plain);
          await expect(cipher.open(flipped(sealed, at % sealed.length, mask), aad)).rejects.toBeInstanceOf(OutcomeError);
          if (otherAad !== aad) await expect(cipher.open(sealed, otherAad)).rejects.toBeInstanceOf(OutcomeError);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('index tokens', () => {
  it('are 128-bit base64url strings, deterministic for one data key across sessions', async () => {
    const raw = randomKey();
    const a = await cipherFrom(raw.slice());
    const b = await cipherFrom(raw);
    const token = await a.token('Patient.family', 'xiloj');
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await a.token('Patient.family', 'xiloj')).toBe(token);
    expect(await b.token('Patient.family', 'xiloj')).toBe(token);
  });

  it('differ across data keys, domains and values', async () => {
    const a = await cipherFrom(randomKey());
    const b = await cipherFrom(randomKey());
    const tokens = new Set([
      await a.token('Patient.family', 'xiloj'),
      await b.token('Patient.family', 'xiloj'),
      await a.token('Patient.given', 'xiloj'),
      await a.token('Patient.family', 'xilo'),
      await a.token('Patient.family', 'Xiloj'),
    ]);
    expect(tokens.size).toBe(5);
  });

  it('do not encode the value: the token of a name says nothing readable about it', async () => {
    const cipher = await cipherFrom(randomKey());
    const token = await cipher.token('Patient.family', 'xiloj tzoc');
    expect(token.toLowerCase()).not.toContain('xiloj');
  });

  it('batch form equals the single form, in order', async () => {
    const cipher = await cipherFrom(randomKey());
    const values = ['x', 'xi', 'xil', 'xilo', 'xiloj', 'x'];
    const batch = await cipher.tokens('Patient.name', values);
    expect(batch).toEqual(await Promise.all(values.map((v) => cipher.token('Patient.name', v))));
    expect(batch[0]).toBe(batch[5]);
    expect(await cipher.tokens('Patient.name', [])).toEqual([]);
  });

  it('reject a domain containing U+0000 or empty, so (domain, value) pairs cannot be confused', async () => {
    const cipher = await cipherFrom(randomKey());
    // Without the rule, ("a", "b\0c") and ("a\0b", "c") would hash the same input.
    for (const domain of ['a\u0000b', '']) {
      expect((await rejectionOf(cipher.token(domain, 'c'))).issue[0]?.code).toBe('invalid');
      expect((await rejectionOf(cipher.tokens(domain, ['c']))).issue[0]?.code).toBe('invalid');
    }
    expect(await cipher.token('a', 'b\u0000c')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('a locked cipher', () => {
  it('fails every operation with "store locked" (code login, Spanish text), even with nothing to do', async () => {
    const cipher = await cipherFrom(randomKey());
    const sealed = await cipher.seal(encoder.encode(PATIENT), 'Patient/p1');
    expect(cipher.locked).toBe(false);
    cipher.lock();
    expect(cipher.locked).toBe(true);
    const attempts = [
      cipher.seal(encoder.encode(PATIENT), 'Patient/p1'),
      cipher.open(sealed, 'Patient/p1'),
      cipher.token('Patient.family', 'xiloj'),
      cipher.tokens('Patient.family', []),
    ];
    for (const attempt of attempts) {
      const result = await rejectionOf(attempt);
      expect(isStoreLocked(result)).toBe(true);
      expect(result.issue[0]).toMatchObject({
        severity: 'error',
        code: 'login',
        diagnostics: expect.stringMatching(/^store locked/) as unknown,
        details: { text: 'El expediente está bloqueado. Inicie sesión para continuar.' },
      });
    }
  });
});
