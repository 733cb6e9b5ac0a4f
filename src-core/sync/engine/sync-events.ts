// The engine's public vocabulary: what a run returns, what status() reports, the events a UI
// listens to, and the transitions a test can watch.
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { AttentionItem, SyncConflict } from '../../store/sync-store';
import type { Side } from '../merge/json-values';
import type { QueryParams } from '../transport/fhir-transport';
import type { SyncRunEvent, SyncRunState } from './sync-run-state';
import type { LastRunRecord, SyncOutcome } from './sync-state-keys';
import type { TransferTotals } from './transfer-meter';

/** One resource type the post pulls, with the search parameters that scope it (e.g. `_tag`, `organization`). */
export interface ScopedType {
  readonly resourceType: string;
  readonly params?: QueryParams;
}

export interface SyncRunResult {
  readonly outcome: SyncOutcome;
  /** Device clock, for display only. */
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Local changes the server accepted (creates, updates, deletes). */
  readonly pushed: number;
  /** Server versions written locally (deletes included). */
  readonly pulled: number;
  /** Of `pulled`, deletions. */
  readonly deleted: number;
  /** Server versions the store already held (our own uploads, page boundaries). */
  readonly unchanged: number;
  /** Local and server edits merged without a person. */
  readonly merged: number;
  /** Conflicts recorded in this run. */
  readonly conflicts: number;
  /** Resources put on the needs-attention list in this run. */
  readonly attention: number;
  readonly transactions: number;
  readonly bytes: TransferTotals;
  /** How long the server asked to wait (429/503 beyond what the transport sleeps through). */
  readonly retryAfterMs?: number;
  /** Why the run did not succeed (Spanish in issue[0].details.text). */
  readonly error?: OperationOutcome;
}

export interface SyncStatus {
  readonly running: boolean;
  /** Device-clock time the last successful run ended. */
  readonly lastSuccessAt?: string;
  readonly lastRun?: LastRunRecord;
  /** Local changes not yet accepted by the server (conflicts and needs-attention included). */
  readonly pendingChanges: number;
  readonly conflicts: readonly SyncConflict[];
  readonly attention: readonly AttentionItem[];
}

export type SyncEvent =
  | { readonly type: 'state'; readonly state: SyncRunState }
  /** Push: done/total over the run; pull: per type, total from `_summary=count`. */
  | { readonly type: 'progress'; readonly phase: 'push' | 'pull'; readonly resourceType?: string; readonly done: number; readonly total: number }
  | { readonly type: 'bytes'; readonly up: number; readonly down: number }
  /** A resource that now needs a person (conflict, needs attention), or the failure that ended the run. */
  | { readonly type: 'issue'; readonly outcome: OperationOutcome; readonly resourceType?: string; readonly id?: string }
  | { readonly type: 'finished'; readonly result: SyncRunResult };

export interface SyncTransition {
  readonly from: SyncRunState;
  readonly event: SyncRunEvent;
  readonly to: SyncRunState;
}

/** A conflict's resolution: keep the local version, keep the server's, or choose per conflicting path. */
export type ConflictChoice = 'local' | 'remote' | { readonly fields: Readonly<Record<string, Side>> };
