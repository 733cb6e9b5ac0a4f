// WebCrypto takes `BufferSource` (bytes over an ArrayBuffer). Callers hand us `Uint8Array`, which
// TypeScript also allows over a SharedArrayBuffer; WebCrypto rejects those, so copy them.

export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

/** Cryptographically secure random bytes; the default `RandomBytes` everywhere in this module. */
export type RandomBytes = (length: number) => Uint8Array<ArrayBuffer>;

export const cryptoRandomBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

export const utf8 = new TextEncoder();
