// A StoreCipher that does NOT encrypt, for the control run of the on-disk encryption test only
// (test/e2e/store-encryption.test.ts): the same store writes the same patient through it, and the
// byte search of the browser profile must then find the name and identifier, which proves the
// search can see what the store writes. It lives only under test/harness; product code never
// imports it (lint boundaries keep src-* from importing test/).
import type { StoreCipher } from '../../src-core/store/store-cipher';

/** First byte of every "sealed" body, so `open` can tell its own output from anything else. */
export const PLAIN_MARKER = 0x50; // "P"

export class PlainStoreCipher implements StoreCipher {
  /** The body unchanged, behind one marker byte; `aad` is ignored (nothing is bound). */
  seal(plain: Uint8Array): Promise<Uint8Array> {
    const out = new Uint8Array(plain.length + 1);
    out[0] = PLAIN_MARKER;
    out.set(plain, 1);
    return Promise.resolve(out);
  }

  open(sealed: Uint8Array): Promise<Uint8Array> {
    if (sealed[0] !== PLAIN_MARKER) return Promise.reject(new Error('not written by PlainStoreCipher'));
    return Promise.resolve(sealed.slice(1));
  }

  /**
   * The plain value, prefixed with its domain so values of different domains stay distinct index
   * keys (as distinct HMAC tokens would be).
   */
  token(domain: string, value: string): Promise<string> {
    return Promise.resolve(`${domain}|${value}`);
  }

  tokens(domain: string, values: readonly string[]): Promise<string[]> {
    return Promise.resolve(values.map((value) => `${domain}|${value}`));
  }
}
