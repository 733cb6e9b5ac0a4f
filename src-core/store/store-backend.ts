// What a storage backend gives the shared store engine: atomic commits of planned writes, reads
// by key, search candidates and the outbox. The memory and Dexie backends implement it; the
// engine (store-engine.ts) holds every rule that does not depend on where bytes live.
import type { Resource } from '@medplum/fhirtypes';
import type { HistoryEntry, PendingChange, SentAck, StoreStats, VersionInfo } from './fhir-store';
import type { SearchSource } from './search/run-search';
import type { CursorCodec } from './search/search-cursor';
import type { AttentionItem, SyncConflict } from './sync-store';
import type { SyncPlanner } from './write/sync-commit';
import type { PlannedWrite, WriteRequest } from './write/write-plan';

export interface CurrentResource {
  readonly info: VersionInfo;
  /** Absent for a tombstone. */
  readonly resource?: Resource;
}

export interface OutboxItem {
  readonly change: PendingChange;
  /** The body to upload (absent for a delete). */
  readonly resource?: Resource;
  /** For a delete: the last version before the deletion (for upload ordering). */
  readonly lastBody?: Resource;
}

export interface StoreBackend extends SearchSource {
  readonly cursors: CursorCodec;
  /**
   * Plans the requests against the current states (planWrites) and commits every planned write,
   * its version history and its squashed change-log entry atomically; returns what was written.
   */
  write(requests: readonly WriteRequest[], now: string): Promise<PlannedWrite[]>;
  readCurrent(key: string): Promise<CurrentResource | undefined>;
  /** Versions, newest first; empty when the resource never existed. */
  readHistory(key: string): Promise<HistoryEntry[]>;
  /** Live resources that may be in the compartment of `patientRef` ("Patient/<id>"). */
  compartmentCandidates(patientRef: string): Promise<Resource[]>;
  outbox(): Promise<OutboxItem[]>;
  markSent(acks: readonly SentAck[]): Promise<void>;
  stats(): Promise<StoreStats>;

  // ---- sync (SyncStore) ----------------------------------------------------------------------
  /**
   * Reads the sync states of `keys`, plans with them and commits the plan atomically: its new
   * versions (sealed and indexed like every write), marks, sync state and settled conflicts. A
   * commit that finds any state it planned against changed plans again. The planner may throw
   * (an OutcomeError): then nothing is written.
   */
  syncWrite<R>(keys: readonly string[], plan: SyncPlanner<R>): Promise<R>;
  /** The body of the resource's local version in sync with the server (current or in history). */
  syncBase(key: string): Promise<Resource | undefined>;
  readSyncState(key: string): Promise<string | undefined>;
  /** Replaces the resource's conflict record. */
  putConflict(conflict: SyncConflict): Promise<void>;
  conflicts(): Promise<SyncConflict[]>;
  removeConflict(key: string): Promise<void>;
  /** Replaces the resource's needs-attention item. */
  putAttention(item: AttentionItem): Promise<void>;
  attention(): Promise<AttentionItem[]>;
  removeAttention(key: string): Promise<void>;
}
