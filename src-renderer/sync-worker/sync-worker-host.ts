// What runs inside the sync worker (DESIGN §5: sync never blocks the UI): it answers the calls of
// the protocol (sync-protocol.ts) with its own connection to the store, opened with the session
// keys the main thread shared, and runs the engine under the scheduler. The worker's globals
// (postMessage, IndexedDB, fetch, navigator.locks, online/offline) arrive as ports, so this file
// says what happens and sync-worker.ts only wires it to `self`.
import type { ResourceValidator } from '../../src-core/fhir/validation';
import { errorOutcome, OutcomeError } from '../../src-core/fhir/outcome';
import { fail, toReply } from '../../src-core/ipc';
import type { Clock } from '../../src-core/platform/clock';
import type { Logger } from '../../src-core/platform/logger';
import type { StoreSessionOptions, SyncStore } from '../../src-core/store';
import type { VaultSession } from '../../src-core/store/crypto';
import { sessionFromSharedKeys } from '../../src-core/store/crypto';
import type { Connectivity, FetchLike, SchedulerTimers, SyncEngine, SyncEvent, SyncLock, SyncScheduler } from '../../src-core/sync';
import { createFhirTransport, createSyncEngine, createSyncScheduler, createTransferMeter } from '../../src-core/sync';
import { LAST_RUN_KEY, LAST_SUCCESS_KEY, parseLastRun } from '../../src-core/sync/engine/sync-state-keys';
import { collectTransfer, exportTransfer } from '../../src-core/sync/transfer/transfer-file';
import type { CallArgs, CallMessage, CallName, CallResult, SyncWorkerConfig, TransferExport, WorkerMessage, WorkerStatus } from './sync-protocol';
import { parseCall } from './sync-protocol';

/** The store database as the worker needs it (DexieStore satisfies it). */
export interface WorkerDatabase {
  fhir(session: StoreSessionOptions): SyncStore;
  close(): void;
}

export interface SyncWorkerPorts {
  post(message: WorkerMessage, transfer?: Transferable[]): void;
  openDatabase(name: string): Promise<WorkerDatabase>;
  validator(): ResourceValidator;
  readonly fetch: FetchLike;
  readonly connectivity: Connectivity & { set(online: boolean): void };
  readonly lock: SyncLock;
  readonly timers: SchedulerTimers;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** How often, at most, the pending count is re-read while a run moves it. */
const PENDING_REFRESH_MS = 250;

interface Running {
  readonly session: VaultSession;
  readonly database: WorkerDatabase;
  readonly store: SyncStore;
  /** Absent when no central server is configured. */
  readonly engine?: SyncEngine;
  readonly scheduler?: SyncScheduler;
  readonly unsubscribe: () => void;
}

const notConfigured = (): OutcomeError =>
  new OutcomeError(errorOutcome('not-found', 'sync worker: no session configured (configure first, or the session was locked)'));

const noServer = (): OutcomeError =>
  new OutcomeError({
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'error',
        code: 'not-found',
        diagnostics: 'sync worker: no central server is configured',
        details: { text: 'Esta instalación no tiene un servidor central configurado; no se puede sincronizar.' },
      },
    ],
  });

export class SyncWorkerHost {
  private running: Running | undefined;
  /** configure and lock run one after the other, so a lock can never be overtaken by an open. */
  private lifecycle: Promise<unknown> = Promise.resolve();
  private pendingTimer: unknown;
  private pendingScheduled = false;

  constructor(private readonly ports: SyncWorkerPorts) {}

  /** Entry point for every message the worker receives. */
  receive(data: unknown): void {
    const parsed = parseCall(data);
    if (!parsed.ok) {
      this.ports.logger.warn('malformed message from the main thread dropped', { reason: parsed.reason });
      return;
    }
    void this.answer(parsed.value);
  }

  private async answer(call: CallMessage): Promise<void> {
    const reply = await toReply(() => this.handle(call));
    const transfer = reply.ok && call.name === 'exportTransfer' ? [(reply.value as TransferExport).bytes.buffer] : [];
    try {
      this.ports.post({ kind: 'reply', id: call.id, reply }, transfer);
    } catch (err) {
      // A value that cannot be cloned is a bug here; the caller must still get an answer.
      this.ports.logger.error('reply could not be posted', { call: call.name, err });
      this.ports.post({ kind: 'reply', id: call.id, reply: fail(errorOutcome('exception', `sync worker: ${call.name} reply could not be posted`)) });
    }
  }

  private handle(call: CallMessage): Promise<CallResult<CallName>> {
    switch (call.name) {
      case 'configure':
        return this.serially(() => this.configure(call.args));
      case 'lock':
        return this.serially(async () => {
          await this.shutdown();
          return null;
        });
      case 'runNow':
        return this.withEngine(({ scheduler }) => scheduler.requestRun());
      case 'status':
        return this.status();
      case 'resolveConflict': {
        const { resourceType, id, choice } = call.args;
        return this.withEngine(async ({ engine }) => {
          await engine.resolveConflict(resourceType, id, choice);
          this.pendingSoon();
          return null;
        });
      }
      case 'retryAttention': {
        const { resourceType, id } = call.args;
        return this.withEngine(async ({ engine }) => {
          await engine.retryAttention(resourceType, id);
          return null;
        });
      }
      case 'exportTransfer':
        return this.exportTransfer(call.args);
      case 'connectivity':
        this.ports.connectivity.set(call.args.online);
        return Promise.resolve(null);
    }
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const next = this.lifecycle.then(task, task);
    this.lifecycle = next.catch(() => undefined);
    return next;
  }

  private current(): Running {
    if (this.running === undefined) throw notConfigured();
    return this.running;
  }

  private withEngine<T>(task: (parts: { engine: SyncEngine; scheduler: SyncScheduler }) => Promise<T>): Promise<T> {
    const { engine, scheduler } = this.current();
    if (engine === undefined || scheduler === undefined) return Promise.reject(noServer());
    return task({ engine, scheduler });
  }

  private async configure({ config, keys }: CallArgs<'configure'>): Promise<null> {
    await this.shutdown();
    const session = sessionFromSharedKeys(keys);
    let database: WorkerDatabase;
    try {
      database = await this.ports.openDatabase(config.databaseName);
    } catch (err) {
      session.lock();
      throw err;
    }
    const store = database.fhir({ cipher: session.cipher, validator: this.ports.validator(), clock: this.ports.clock });
    if (config.centralUrl === null) {
      this.running = { session, database, store, unsubscribe: () => undefined };
      this.ports.logger.info('sync worker ready without a central server');
      return null;
    }
    const { engine, scheduler } = this.startEngine(config, config.centralUrl, store);
    const unsubscribe = engine.onEvent((event) => {
      this.forward(event);
    });
    this.running = { session, database, store, engine, scheduler, unsubscribe };
    scheduler.start();
    this.ports.logger.info('sync worker configured', { types: config.scope.length, auth: config.auth.kind });
    return null;
  }

  private startEngine(config: SyncWorkerConfig, centralUrl: string, store: SyncStore): { engine: SyncEngine; scheduler: SyncScheduler } {
    const { clock, timers, logger } = this.ports;
    const meter = createTransferMeter();
    const transport = createFhirTransport({
      baseUrl: centralUrl,
      fetch: this.ports.fetch,
      clock,
      sleep: (ms) =>
        new Promise((resolve) => {
          timers.set(resolve, ms);
        }),
      auth: config.auth,
      onProgress: meter.record,
      logger: logger.child('transport'),
    });
    const engine = createSyncEngine({
      store,
      transport,
      clock,
      scope: config.scope,
      lock: this.ports.lock,
      transferMeter: meter,
      logger: logger.child('engine'),
    });
    const scheduler = createSyncScheduler({
      engine,
      timers,
      connectivity: this.ports.connectivity,
      intervalMs: config.intervalMs,
      logger: logger.child('scheduler'),
    });
    return { engine, scheduler };
  }

  private forward(event: SyncEvent): void {
    this.ports.post({ kind: 'event', event });
    if (event.type === 'progress' || event.type === 'state') this.pendingSoon();
    if (event.type === 'finished') void this.postPending();
  }

  /** Re-reads the pending count soon (at most every PENDING_REFRESH_MS) while a run moves it. */
  private pendingSoon(): void {
    if (this.pendingScheduled) return;
    this.pendingScheduled = true;
    this.pendingTimer = this.ports.timers.set(() => {
      this.pendingScheduled = false;
      void this.postPending();
    }, PENDING_REFRESH_MS);
  }

  private async postPending(): Promise<void> {
    const store = this.running?.store;
    if (store === undefined) return;
    try {
      const { pendingChanges } = await store.stats();
      this.ports.post({ kind: 'pending', pendingChanges });
    } catch (err) {
      this.ports.logger.warn('pending count could not be read', { err });
    }
  }

  private async status(): Promise<WorkerStatus> {
    const { engine, scheduler, store } = this.current();
    if (engine !== undefined && scheduler !== undefined) {
      const paused = scheduler.paused;
      return { ...(await engine.status()), serverConfigured: true, ...(paused === undefined ? {} : { paused }) };
    }
    // No server: what the store knows (a run may have happened under an earlier configuration).
    const [lastRunText, lastSuccessAt, stats, conflicts, attention] = await Promise.all([
      store.readSyncState(LAST_RUN_KEY),
      store.readSyncState(LAST_SUCCESS_KEY),
      store.stats(),
      store.conflicts(),
      store.attention(),
    ]);
    const lastRun = parseLastRun(lastRunText);
    return {
      running: false,
      serverConfigured: false,
      ...(lastSuccessAt === undefined ? {} : { lastSuccessAt }),
      ...(lastRun === undefined ? {} : { lastRun }),
      pendingChanges: stats.pendingChanges,
      conflicts,
      attention,
    };
  }

  private async exportTransfer({ password, device }: CallArgs<'exportTransfer'>): Promise<TransferExport> {
    const { store } = this.current();
    const changes = await collectTransfer(store);
    const now = this.ports.clock.now();
    const bytes = await exportTransfer(changes, { password, device, now });
    this.ports.logger.info('transfer file exported', { changes: changes.length, bytes: bytes.byteLength });
    return { bytes, changes: changes.length, created: now.toISOString() };
  }

  /**
   * Cancels the run in progress (stop() aborts it synchronously, so it ends as cancelled rather
   * than failing on missing keys), drops the keys at once — they are what must not outlive a lock —
   * then waits for the run to end and closes the store.
   */
  private async shutdown(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    const stopped = running.scheduler?.stop();
    running.session.lock();
    if (this.pendingScheduled) {
      this.ports.timers.clear(this.pendingTimer);
      this.pendingScheduled = false;
    }
    await stopped;
    running.unsubscribe();
    running.database.close();
    this.ports.logger.info('sync worker locked: keys dropped, store closed');
  }
}
