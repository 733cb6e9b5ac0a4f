// Encryption at rest for the local store (DESIGN §4): the public edge of src-core/store/crypto.
export { AesGcmStoreCipher, SEAL_OVERHEAD, SEAL_VERSION, TOKEN_BYTES } from './aes-gcm-store-cipher';
export { isStoreLocked } from './crypto-errors';
export { KEY_RECORD_FORMAT, MAX_PBKDF2_ITERATIONS, type KeyRecord, type Pbkdf2Params } from './key-record';
export type { KeyRecordStore } from './key-record-store';
export { noOsKeyStore, type KeyStore } from './key-store';
export { DEFAULT_MIN_PASSWORD_LENGTH, KeyVault, type KeyVaultOptions, type VaultSession } from './key-vault';
export { onSessionLock, sessionFromSharedKeys, shareSessionKeys, type SharedSessionKeys } from './key-vault';
export { MemoryKeyRecordStore } from './memory-key-record-store';
export { DEFAULT_PBKDF2_ITERATIONS } from './password-key';
