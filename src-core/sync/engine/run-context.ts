// What the phases of one run share: the ports, the state machine step, event emission and the
// run's counters. Created per run by the engine.
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { SyncStore } from '../../store/sync-store';
import type { FhirTransport } from '../transport/fhir-transport';
import type { SyncEvent } from './sync-events';
import type { SyncRunEvent } from './sync-run-state';

export interface RunTally {
  pushed: number;
  pulled: number;
  deleted: number;
  unchanged: number;
  merged: number;
  conflicts: number;
  attention: number;
  transactions: number;
  /** Rebases during the pull that left a local change to upload (they call for the settle push). */
  rebasedInPull: number;
}

export const emptyTally = (): RunTally => ({
  pushed: 0,
  pulled: 0,
  deleted: 0,
  unchanged: 0,
  merged: 0,
  conflicts: 0,
  attention: 0,
  transactions: 0,
  rebasedInPull: 0,
});

export interface RunContext {
  readonly store: SyncStore;
  readonly transport: FhirTransport;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal: AbortSignal | undefined;
  readonly tally: RunTally;
  /**
   * Recorded conflicts ("Type/id" → the server versionId they were recorded against), read at the
   * start of the run and kept current by the run: a conflict met again with the same server
   * version is not recorded (or counted) twice.
   */
  readonly conflicts: Map<string, string>;
  /** Feeds the state machine (and awaits the transition hooks). */
  step(event: SyncRunEvent): Promise<void>;
  emit(event: SyncEvent): void;
  /** Throws the cancellation outcome when the run's signal was aborted. */
  checkCancelled(): void;
}

/** Transport call options for this run. */
export const callOptions = (ctx: RunContext): { signal?: AbortSignal } => (ctx.signal === undefined ? {} : { signal: ctx.signal });
