// The local FHIR store (DESIGN §4): the public edge of src-core/store. Encryption lives in
// ./crypto, with its own edge.
export type {
  ChangeOperation,
  FhirStore,
  HistoryEntry,
  OutgoingChange,
  PendingChange,
  SearchParams,
  SearchResult,
  SentAck,
  StoreStats,
  UpdateOptions,
  VersionInfo,
  WithId,
} from './fhir-store';
export type { StoreCipher } from './store-cipher';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store';
export { DexieStore, openDexieStore, type DexieDatabaseOptions, type DexieFhirStore, type StoreSessionOptions } from './dexie-store';
export { SCHEMA_VERSION } from './dexie-store/schema';
export { MAX_RESOURCE_BYTES } from './write/check-resource';
export { MAX_PREFIX_LENGTH } from './search/index-keys';
export { DEFAULT_COUNT, MAX_COUNT } from './search/parse-search';
export type {
  ApplyRemoteResult,
  AttentionItem,
  RebaseOptions,
  RejectedRemote,
  RemoteVersion,
  SyncConflict,
  SyncStateEntries,
  SyncStore,
} from './sync-store';
