// base64url without padding (RFC 4648 §5): how key records and index tokens carry bytes in JSON
// and in IndexedDB index keys. Platform-free (no Buffer); btoa/atob exist in browsers and Node 20.

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes base64url (padding optional); returns undefined for anything that is not base64url. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  const unpadded = text.replace(/=+$/, '');
  if (!BASE64URL.test(unpadded) || unpadded.length % 4 === 1) return undefined;
  const binary = atob(unpadded.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
