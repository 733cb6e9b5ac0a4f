// The sync worker host: the engine runs in a dedicated worker; the UI talks to it through
// SyncClient over the typed protocol of sync-protocol.ts.
export type { SyncClient } from './sync-client';
export { syncConnectionFor, type SyncConnection, type SyncStartOptions } from './sync-connection';
export { recentSyncLog } from './sync-log';
export type { SyncWorkerConfig, TransferExport, WorkerStatus } from './sync-protocol';
export { SYNC_RESOURCE_TYPES } from './sync-scope';
