// The store cipher's on-disk format, checked against an independent implementation (node:crypto
// over OpenSSL, not WebCrypto): HKDF labels, the AAD layout, the sealed layout and the token
// truncation are exactly what aes-gcm-store-cipher.ts documents. The same vectors run in
// Chromium (test/browser/crypto-webcrypto.test.ts).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AesGcmStoreCipher } from '../../src-core/store/crypto/aes-gcm-store-cipher';
import { fromBase64Url, toBase64Url } from '../../src-core/store/crypto/base64url';
import { deriveDataKeys, importDataKeyMaterial } from '../../src-core/store/crypto/data-key';
import { VECTOR_DATA_KEY, VECTOR_SEALED, VECTOR_TOKENS } from '../harness/encryption-vectors';

const raw = Buffer.from(VECTOR_DATA_KEY);
const subkey = (info: string): Buffer => Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), info, 32));
const sealKey = subkey('ceiba.store.seal.aes-gcm-256.v1');
const tokenKey = subkey('ceiba.store.token.hmac-sha-256.v1');
const aadBytes = (aad: string): Buffer => Buffer.concat([Buffer.from([1]), Buffer.from(aad, 'utf8')]);

async function vectorCipher(): Promise<AesGcmStoreCipher> {
  return new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(new Uint8Array(VECTOR_DATA_KEY))));
}

describe('store cipher format', () => {
  it('tokens are HMAC-SHA-256(HKDF subkey, domain NUL value) truncated to 16 bytes, base64url', async () => {
    const cipher = await vectorCipher();
    for (const { domain, value, token } of VECTOR_TOKENS) {
      const independent = createHmac('sha256', tokenKey).update(`${domain}\u0000${value}`, 'utf8').digest().subarray(0, 16).toString('base64url');
      expect(independent).toBe(token);
      expect(await cipher.token(domain, value)).toBe(token);
    }
  });

  it('a vector sealed body opens with OpenSSL directly (AAD = version byte + UTF-8 aad) and with the cipher', async () => {
    const sealed = Buffer.from(VECTOR_SEALED.sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', sealKey, sealed.subarray(1, 13));
    decipher.setAAD(aadBytes(VECTOR_SEALED.aad));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]).toString('utf8');
    expect(plain).toBe(VECTOR_SEALED.plain);
    const cipher = await vectorCipher();
    expect(new TextDecoder().decode(await cipher.open(new Uint8Array(sealed), VECTOR_SEALED.aad))).toBe(VECTOR_SEALED.plain);
  });

  it('what OpenSSL seals in the documented layout, the cipher opens; what the cipher seals, OpenSSL opens', async () => {
    const cipher = await vectorCipher();
    const iv = Buffer.alloc(12, 7);
    const encryptor = createCipheriv('aes-256-gcm', sealKey, iv);
    encryptor.setAAD(aadBytes('Observation/o1'));
    const body = Buffer.concat([encryptor.update('{"status":"final"}', 'utf8'), encryptor.final(), encryptor.getAuthTag()]);
    const external = toBase64Url(Buffer.concat([Buffer.from([1]), iv, body]));
    expect(new TextDecoder().decode(await cipher.open(fromBase64Url(external) ?? new Uint8Array(0), 'Observation/o1'))).toBe('{"status":"final"}');

    const ours = Buffer.from(await cipher.seal(new TextEncoder().encode('Xiloj Tzoc'), 'Patient/p9'));
    const decipher = createDecipheriv('aes-256-gcm', sealKey, ours.subarray(1, 13));
    decipher.setAAD(aadBytes('Patient/p9'));
    decipher.setAuthTag(ours.subarray(ours.length - 16));
    expect(Buffer.concat([decipher.update(ours.subarray(13, ours.length - 16)), decipher.final()]).toString('utf8')).toBe('Xiloj Tzoc');
  });
});
