// Public edge of src-core/sync (DESIGN §5): the sync engine and its scheduler, plus the transport
// and merge they are built on. The UI, the worker host, tests and benchmarks import from here.
export type {
  ConflictChoice,
  ScopedType,
  SyncEvent,
  SyncRunResult,
  SyncStatus,
  SyncTransition,
} from './engine/sync-events';
export { createSyncEngine, type SyncEngine, type SyncEngineOptions } from './engine/sync-engine';
export {
  createSyncScheduler,
  type Connectivity,
  type SchedulerTimers,
  type SchedulerTrigger,
  type SyncScheduler,
  type SyncSchedulerOptions,
} from './engine/sync-scheduler';
export { createInProcessLock, type SyncLock } from './engine/sync-lock';
export { createTransferMeter, type TransferMeter, type TransferTotals } from './engine/transfer-meter';
export {
  IDLE,
  SYNC_STATE_NAMES,
  transition,
  type SyncPhase,
  type SyncRunEvent,
  type SyncRunEventType,
  type SyncRunState,
  type SyncStateName,
} from './engine/sync-run-state';
export { type LastRunRecord, type SyncOutcome } from './engine/sync-state-keys';
export * from './transport';
export * from './merge';
