// The sync engine (DESIGN §5): one run pushes the outbox, then pulls every type in the post's
// scope, then — when the pull merged local edits — pushes once more. Platform-free: the store,
// transport, clock, logger and lock are passed in; the renderer runs it in a worker.
//
// Why push first: a health post may get a few minutes of link after days offline, and what must
// not wait is the post's own work (a referral, a consult request, the day's records) — it goes
// out in the first seconds. A pull first could spend the whole window downloading. Pushing first
// costs little: the pull then sees our uploaded versions among the changes and the store drops
// them as versions it already holds. It also means a resource edited on both sides meets its
// conflict at the push (412, merged at once against the server's copy) rather than after a pull
// that could only set the remote version aside until the next push.
//
// Resumable: all progress is in the store, written with the data it describes (acknowledgements
// with markSent, each pulled page with its watermark, rebases atomically), so a crash at any state
// followed by a new run converges without loss or duplicates; see sync-run-state.ts.
import type { Resource, ResourceType } from '@medplum/fhirtypes';
import { OutcomeError, toOutcome } from '../../fhir/outcome';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { RemoteVersion, SyncStore } from '../../store/sync-store';
import type { ConflictResolution } from '../merge/resolve-field-by-field';
import { resolveConflict } from '../merge/resolve-field-by-field';
import type { FhirTransport } from '../transport/fhir-transport';
import { TransportError } from '../transport/transport-error';
import { HistoryFloor } from './history-floor';
import type { PullOptions } from './pull-phase';
import { pullPhase } from './pull-phase';
import type { PushOptions } from './push-phase';
import { pushPhase } from './push-phase';
import type { RunContext, RunTally } from './run-context';
import { emptyTally } from './run-context';
import { HookAbort, RunStop } from './run-stop';
import type { ConflictChoice, ScopedType, SyncEvent, SyncRunResult, SyncStatus, SyncTransition } from './sync-events';
import type { SyncLock } from './sync-lock';
import { createInProcessLock } from './sync-lock';
import { forbiddenStopped, loginStopped, noSuchConflict, retryLater, runBusy, runCancelled } from './sync-outcomes';
import type { SyncRunEvent, SyncRunState } from './sync-run-state';
import { IDLE, transition } from './sync-run-state';
import type { SyncOutcome } from './sync-state-keys';
import { LAST_RUN_KEY, LAST_SUCCESS_KEY, lastRunRecord, parseLastRun, summarize } from './sync-state-keys';
import { TransactionSizer } from './transaction-sizer';
import type { TransferMeter, TransferTotals } from './transfer-meter';

export interface SyncEngineOptions {
  readonly store: SyncStore;
  readonly transport: FhirTransport;
  readonly clock: Clock;
  /** The types to pull, in dependency order (Patient before what refers to it), with their scope parameters. */
  readonly scope: readonly ScopedType[];
  readonly logger?: Logger;
  /** Default: an in-process mutex. The renderer passes one over navigator.locks (sync-lock.ts). */
  readonly lock?: SyncLock;
  /** The meter the transport reports bytes to (transfer-meter.ts); without it bytes read as 0. */
  readonly transferMeter?: TransferMeter;
  /** `_count` of pull pages. Default 200. */
  readonly pageSize?: number;
  /** Ceiling of a push transaction's body (before gzip). Default 2 MiB. */
  readonly maxTransactionBytes?: number;
  /** Floor of the adaptive size. Default 16 KiB. */
  readonly minTransactionBytes?: number;
  /** Where the adaptive size starts. Default 128 KiB. */
  readonly initialTransactionBytes?: number;
  /** A transaction slower than this shrinks the next one; one under a quarter of it grows it. Default 20 s. */
  readonly slowTransactionMs?: number;
  /** Entries per transaction at most. Default 500. */
  readonly maxTransactionEntries?: number;
  /** Push rounds per phase (a round re-reads the outbox after merges). Default 5. */
  readonly maxPushRounds?: number;
  /**
   * Pull from this long before each watermark. 0 (default) is exact for a server that stamps
   * writes in commit order (the reference server does); a server whose concurrent transactions can
   * commit out of timestamp order needs a few seconds. Re-read versions are dropped as unchanged.
   */
  readonly watermarkOverlapMs?: number;
}

export interface SyncEngine {
  /** One run: push, pull, settle. Resolves with the outcome; never rejects for a sync failure. */
  run(options?: { readonly signal?: AbortSignal }): Promise<SyncRunResult>;
  /**
   * Resolves a recorded conflict. The result is written as a normal local change (store.rebase)
   * on top of the server's version, so the next run uploads it with If-Match on that version.
   */
  resolveConflict(resourceType: string, id: string, resolution: ConflictChoice): Promise<void>;
  /** Takes a resource off the needs-attention list, so the next run tries it again. */
  retryAttention(resourceType: string, id: string): Promise<void>;
  /** From the store, so it survives restarts. */
  status(): Promise<SyncStatus>;
  /** Progress, state changes, issues, the end of a run. Returns the unsubscribe function. */
  onEvent(listener: (event: SyncEvent) => void): () => void;
  /**
   * Every state-machine transition, awaited before the engine goes on. A listener that throws
   * stops the run right there as a crash would: nothing more is written (not even the run's
   * outcome) and run() rejects with the listener's error.
   */
  onTransition(listener: (transition: SyncTransition) => void | Promise<void>): () => void;
  readonly state: SyncRunState;
}

const DEFAULTS = {
  pageSize: 200,
  maxTransactionBytes: 2 * 1024 * 1024,
  minTransactionBytes: 16 * 1024,
  initialTransactionBytes: 128 * 1024,
  slowTransactionMs: 20_000,
  maxTransactionEntries: 500,
  maxPushRounds: 5,
  watermarkOverlapMs: 0,
  maxRestarts: 3,
} as const;

const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

interface Stop {
  readonly outcome: Exclude<SyncOutcome, 'succeeded' | 'busy'>;
  readonly error: ReturnType<typeof toOutcome>;
  readonly retryAfterMs?: number;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  return new Engine(options);
}

class Engine implements SyncEngine {
  private current: SyncRunState = IDLE;
  private running = false;
  private readonly eventListeners = new Set<(event: SyncEvent) => void>();
  private readonly transitionListeners = new Set<(transition: SyncTransition) => void | Promise<void>>();
  private readonly logger: Logger;
  private readonly lock: SyncLock;
  /** Kept across runs: what the link did last time is the best guess for the next. */
  private readonly sizer: TransactionSizer;
  private readonly pullOptions: PullOptions;

  constructor(private readonly options: SyncEngineOptions) {
    this.logger = options.logger ?? silentLogger;
    this.lock = options.lock ?? createInProcessLock();
    this.sizer = new TransactionSizer({
      minBytes: options.minTransactionBytes ?? DEFAULTS.minTransactionBytes,
      maxBytes: options.maxTransactionBytes ?? DEFAULTS.maxTransactionBytes,
      initialBytes: options.initialTransactionBytes ?? DEFAULTS.initialTransactionBytes,
      slowMs: options.slowTransactionMs ?? DEFAULTS.slowTransactionMs,
    });
    this.pullOptions = {
      scope: options.scope,
      pageSize: options.pageSize ?? DEFAULTS.pageSize,
      overlapMs: options.watermarkOverlapMs ?? DEFAULTS.watermarkOverlapMs,
      maxRestarts: DEFAULTS.maxRestarts,
    };
  }

  get state(): SyncRunState {
    return this.current;
  }

  onEvent(listener: (event: SyncEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onTransition(listener: (transition: SyncTransition) => void | Promise<void>): () => void {
    this.transitionListeners.add(listener);
    return () => this.transitionListeners.delete(listener);
  }

  async run(runOptions: { readonly signal?: AbortSignal } = {}): Promise<SyncRunResult> {
    const startedAt = this.options.clock.now().toISOString();
    const bytesAtStart = this.bytes();
    if (this.running) return this.result('busy', startedAt, emptyTally(), bytesAtStart, { error: runBusy() });
    this.running = true;
    const tally = emptyTally();
    const ctx = this.context(runOptions.signal, tally, new Map());
    try {
      await ctx.step({ type: 'start' });
      return await this.lock.request(async (acquired) => {
        if (!acquired) {
          await ctx.step({ type: 'busy' });
          return this.result('busy', startedAt, tally, bytesAtStart, { error: runBusy() });
        }
        await ctx.step({ type: 'locked' });
        for (const c of await this.options.store.conflicts()) ctx.conflicts.set(`${c.resourceType}/${c.id}`, c.remoteVersionId);
        this.logger.info('sync run started', { types: this.options.scope.length });
        const stop = await this.phases(ctx);
        const result = this.result(stop?.outcome ?? 'succeeded', startedAt, tally, bytesAtStart, stop ?? {});
        await this.record(result);
        await ctx.step({ type: 'finished' });
        this.logger.info('sync run finished', {
          outcome: result.outcome,
          pushed: result.pushed,
          pulled: result.pulled,
          conflicts: result.conflicts,
          attention: result.attention,
          up: result.bytes.up,
          down: result.bytes.down,
        });
        this.emit({ type: 'finished', result });
        return result;
      });
    } catch (err) {
      if (err instanceof HookAbort) throw err.thrown;
      throw err;
    } finally {
      this.current = IDLE;
      this.running = false;
    }
  }

  /** Push, pull, settle; a failure moves the machine to `finishing` and is returned, not thrown. */
  private async phases(ctx: RunContext): Promise<Stop | undefined> {
    try {
      const historyFloor = new HistoryFloor(this.options.store, new Set(this.options.scope.map((s) => s.resourceType)));
      const push: PushOptions = {
        sizer: this.sizer,
        maxEntries: this.options.maxTransactionEntries ?? DEFAULTS.maxTransactionEntries,
        maxRounds: this.options.maxPushRounds ?? DEFAULTS.maxPushRounds,
        historyFloor,
      };
      await pushPhase(ctx, push);
      await pullPhase(ctx, this.pullOptions);
      const settle = ctx.tally.rebasedInPull > 0;
      await ctx.step({ type: 'type-done', next: settle ? 'settle' : 'finish' });
      if (settle) await pushPhase(ctx, push);
      return undefined;
    } catch (err) {
      if (err instanceof HookAbort) throw err;
      const stop = this.classify(err, ctx.signal);
      if (stop.outcome === 'failed' && !(err instanceof RunStop) && !(err instanceof TransportError)) {
        this.logger.error('sync run failed unexpectedly', { err });
      }
      this.emit({ type: 'issue', outcome: stop.error });
      await ctx.step({ type: stop.outcome === 'cancelled' ? 'cancelled' : 'failed' });
      return stop;
    }
  }

  private classify(err: unknown, signal: AbortSignal | undefined): Stop {
    if (err instanceof RunStop) {
      return { outcome: err.result, error: err.outcome, ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }) };
    }
    if (err instanceof TransportError) {
      const code = err.outcome.issue[0]?.code;
      if (code === 'login') return { outcome: 'login-required', error: loginStopped(err.outcome) };
      if (err.status === 403) return { outcome: 'forbidden', error: forbiddenStopped(err.outcome) };
      if (code === 'incomplete' || signal?.aborted === true) return { outcome: 'cancelled', error: runCancelled() };
      return { outcome: 'failed', error: retryLater(err.outcome), ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }) };
    }
    if (signal?.aborted === true) return { outcome: 'cancelled', error: runCancelled() };
    return { outcome: 'failed', error: toOutcome(err) };
  }

  private async record(result: SyncRunResult): Promise<void> {
    const record = lastRunRecord({
      outcome: result.outcome,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      pushed: result.pushed,
      pulled: result.pulled,
      ...summarize(result.error),
    });
    await this.options.store.writeSyncState({
      [LAST_RUN_KEY]: record,
      ...(result.outcome === 'succeeded' ? { [LAST_SUCCESS_KEY]: result.finishedAt } : {}),
    });
  }

  private result(
    outcome: SyncOutcome,
    startedAt: string,
    tally: RunTally,
    bytesAtStart: TransferTotals,
    stop: Partial<Stop>,
  ): SyncRunResult {
    const now = this.bytes();
    return {
      outcome,
      startedAt,
      finishedAt: this.options.clock.now().toISOString(),
      pushed: tally.pushed,
      pulled: tally.pulled,
      deleted: tally.deleted,
      unchanged: tally.unchanged,
      merged: tally.merged,
      conflicts: tally.conflicts,
      attention: tally.attention,
      transactions: tally.transactions,
      bytes: { up: now.up - bytesAtStart.up, down: now.down - bytesAtStart.down },
      ...(stop.retryAfterMs === undefined ? {} : { retryAfterMs: stop.retryAfterMs }),
      ...(stop.error === undefined ? {} : { error: stop.error }),
    };
  }

  private bytes(): TransferTotals {
    return this.options.transferMeter?.totals() ?? { up: 0, down: 0 };
  }

  private context(signal: AbortSignal | undefined, tally: RunTally, conflicts: Map<string, string>): RunContext {
    let lastBytes = this.bytes();
    return {
      store: this.options.store,
      transport: this.options.transport,
      clock: this.options.clock,
      logger: this.logger,
      signal,
      tally,
      conflicts,
      step: async (event: SyncRunEvent) => {
        const from = this.current;
        const to = transition(from, event);
        this.current = to;
        for (const listener of [...this.transitionListeners]) {
          try {
            await listener({ from, event, to });
          } catch (err) {
            throw new HookAbort(err);
          }
        }
        if (to.name !== from.name || to.resourceType !== from.resourceType) this.emit({ type: 'state', state: to });
        const bytes = this.bytes();
        if (bytes.up !== lastBytes.up || bytes.down !== lastBytes.down) {
          lastBytes = bytes;
          this.emit({ type: 'bytes', up: bytes.up, down: bytes.down });
        }
      },
      emit: (event) => {
        this.emit(event);
      },
      checkCancelled: () => {
        if (signal?.aborted === true) throw new RunStop('cancelled', runCancelled());
      },
    };
  }

  private emit(event: SyncEvent): void {
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event);
      } catch (err) {
        this.logger.warn('sync event listener failed', { err, event: event.type });
      }
    }
  }

  async status(): Promise<SyncStatus> {
    const { store } = this.options;
    const [lastRunText, lastSuccessAt, stats, conflicts, attention] = await Promise.all([
      store.readSyncState(LAST_RUN_KEY),
      store.readSyncState(LAST_SUCCESS_KEY),
      store.stats(),
      store.conflicts(),
      store.attention(),
    ]);
    const lastRun = parseLastRun(lastRunText);
    return {
      running: this.running,
      ...(lastSuccessAt === undefined ? {} : { lastSuccessAt }),
      ...(lastRun === undefined ? {} : { lastRun }),
      pendingChanges: stats.pendingChanges,
      conflicts,
      attention,
    };
  }

  async resolveConflict(resourceType: string, id: string, choice: ConflictChoice): Promise<void> {
    const { store } = this.options;
    const conflict = (await store.conflicts()).find((c) => c.resourceType === resourceType && c.id === id);
    if (conflict === undefined) throw new OutcomeError(noSuchConflict(resourceType, id));
    // The local version as it is now: a person may have edited it again since the conflict was recorded.
    const info = await store.versionInfo(resourceType as ResourceType, id);
    const local: Resource | undefined = info === undefined || info.deleted ? undefined : await store.read(resourceType as ResourceType, id);
    const resolution: ConflictResolution =
      choice === 'local' ? { kind: 'keep-local' } : choice === 'remote' ? { kind: 'keep-remote' } : { kind: 'field-by-field', choices: choice.fields };
    const resolved = resolveConflict<Resource>(conflict.base, local, conflict.remote, resolution);
    const lastUpdated = conflict.remote?.meta?.lastUpdated;
    const remote: RemoteVersion = {
      resourceType,
      id,
      serverVersionId: conflict.remoteVersionId,
      ...(lastUpdated === undefined ? {} : { serverLastUpdated: lastUpdated }),
      ...(conflict.remote === undefined ? {} : { resource: conflict.remote }),
    };
    await store.rebase(remote, resolved.kind === 'merged' ? resolved.resource : 'delete', info === undefined ? {} : { ifMatch: info.versionId });
    this.logger.info('conflict resolved', { resourceType, id, resolution: resolution.kind });
  }

  async retryAttention(resourceType: string, id: string): Promise<void> {
    await this.options.store.removeAttention(resourceType, id);
  }
}
