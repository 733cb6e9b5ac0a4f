// Known-answer vectors for the store cipher's on-disk format. They were produced by
// AesGcmStoreCipher and cross-checked with an independent implementation (node:crypto's
// hkdfSync, createHmac and createDecipheriv over OpenSSL; see test/core/crypto-format.test.ts,
// which recomputes them). Index tokens and sealed bodies persist across releases and machines:
// if these stop matching, existing stores stop being searchable or readable.

/** Data key material 0x00, 0x01, ..., 0x1f. */
export const VECTOR_DATA_KEY = new Uint8Array(32).map((_, i) => i);

export const VECTOR_TOKENS = [
  { domain: 'Patient.family', value: 'xiloj', token: 'c3tus32zwK78_XOpPpaX0Q' },
  { domain: 'Patient.identifier', value: 'https://ceiba.mspas.gob.gt/fhir/sid/cui|3029154870901', token: 'MQk61mh9e2PKXI9kw-wjVA' },
] as const;

export const VECTOR_SEALED = {
  aad: 'Patient/kat',
  plain: '{"resourceType":"Patient","id":"kat"}',
  /** base64url of version | IV | ciphertext | tag */
  sealed: 'ATXm5D5ZkJcx0od-6wIe224PDFIxqVi0CzrcXGcTRGxh8gLDfGwsjbIRe-KRBMISniCTWoGBmmDvxWg9yzilaDhc',
} as const;
