// KeyStore port (STYLE §3): a second lock on the wrapped data key, held by the operating system.
// On the desktop, main implements it with Electron `safeStorage` (DPAPI on Windows, bound to the
// Windows account), reached over IPC; the web shell has no OS key store and passes `noOsKeyStore`.
// The key vault passes every wrapped key through `protect` before it is persisted and through
// `unprotect` after it is read, so a copied disk needs both the user's password and the OS
// account's secrets.

export interface KeyStore {
  /** 'os': bytes are protected by the operating system; 'none': passed through unchanged. */
  readonly kind: 'os' | 'none';
  protect(bytes: Uint8Array): Promise<Uint8Array>;
  /** Rejects if the bytes were not protected by this OS account's key store (or were altered). */
  unprotect(bytes: Uint8Array): Promise<Uint8Array>;
}

/** The web shell's key store: no OS protection; the password wrap is the only lock. */
export const noOsKeyStore: KeyStore = {
  kind: 'none',
  protect: (bytes) => Promise.resolve(bytes.slice()),
  unprotect: (bytes) => Promise.resolve(bytes.slice()),
};
