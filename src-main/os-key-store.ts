// The desktop's KeyStore (src-core/store/crypto/key-store.ts) on the main side: Electron
// safeStorage protects the wrapped data key with the OS account's secrets (DPAPI on Windows), so
// a copied disk needs both a user's password and the Windows account. Takes the part of
// safeStorage it uses as an argument, so it is tested without the Electron runtime.
import { errorOutcome, OutcomeError } from '../src-core/fhir/outcome';
import type { OsKeyStoreKind } from '../src-core/ipc/contract';

/** The part of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron; 'basic_text' means a fixed built-in password, i.e. no protection. */
  getSelectedStorageBackend?: () => string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface OsKeyStoreHandlers {
  kind(): OsKeyStoreKind;
  protect(bytes: Uint8Array): Uint8Array;
  unprotect(bytes: Uint8Array): Uint8Array;
}

/** Backends that exist but protect nothing: treated as no OS key store at all. */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

export function createOsKeyStoreHandlers(safeStorage: SafeStorageLike, platform: NodeJS.Platform): OsKeyStoreHandlers {
  const kind = (): OsKeyStoreKind => {
    if (!safeStorage.isEncryptionAvailable()) return 'none';
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend !== undefined) {
      return WEAK_BACKENDS.has(safeStorage.getSelectedStorageBackend()) ? 'none' : 'os';
    }
    return 'os';
  };
  const requireOs = (): void => {
    if (kind() !== 'os') {
      throw new OutcomeError(errorOutcome('not-supported', 'no OS key store is available on this machine'));
    }
  };
  return {
    kind,
    protect(bytes) {
      requireOs();
      // safeStorage encrypts strings; base64 carries arbitrary bytes through it unchanged.
      return new Uint8Array(safeStorage.encryptString(Buffer.from(bytes).toString('base64')));
    },
    unprotect(bytes) {
      requireOs();
      let text: string;
      try {
        text = safeStorage.decryptString(Buffer.from(bytes));
      } catch {
        throw new OutcomeError(errorOutcome('security', 'OS key store could not unprotect the key record'));
      }
      return new Uint8Array(Buffer.from(text, 'base64'));
    },
  };
}
