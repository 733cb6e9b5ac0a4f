// When to sync (issue 5, Resilience): on start, on reconnect, periodically and on demand — never
// two runs at once. After a failed run the next one waits longer each time (exponential backoff
// with jitter, or the server's Retry-After); after a run stopped by the credentials (401, 403)
// nothing runs on its own until credentialsChanged() — retrying a refused password every few
// minutes would only lock the account. A demand run still goes, because a person asked.
// Timers and the online/offline source are passed in, so tests drive them by hand.
import type { Logger } from '../../platform/logger';
import type { SyncRunResult } from './sync-events';

export interface SchedulerTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** navigator.onLine and the window's online/offline events, or a test double. */
export interface Connectivity {
  isOnline(): boolean;
  /** Returns the unsubscribe function. */
  subscribe(listener: (online: boolean) => void): () => void;
}

export interface SyncSchedulerOptions {
  readonly engine: { run(options?: { readonly signal?: AbortSignal }): Promise<SyncRunResult> };
  readonly timers: SchedulerTimers;
  /** Default: always online. */
  readonly connectivity?: Connectivity;
  /** Between successful runs. Default 15 minutes. */
  readonly intervalMs?: number;
  /** First wait after a failed run; doubles per failure. Default 30 s. */
  readonly backoffBaseMs?: number;
  /** Default 30 minutes. */
  readonly backoffMaxMs?: number;
  /** [0, 1) for jitter. Default Math.random. */
  readonly random?: () => number;
  readonly logger?: Logger;
}

export type SchedulerTrigger = 'start' | 'reconnect' | 'timer' | 'demand';

export interface SyncScheduler {
  /** Runs now (when online) and keeps scheduling. */
  start(): void;
  /** Cancels timers and the run in progress; resolves when it has ended. */
  stop(): Promise<void>;
  /** A run now; if one is in progress, one more right after it. Resolves with that run's result. */
  requestRun(): Promise<SyncRunResult>;
  /** New credentials were saved: automatic runs resume, starting now. */
  credentialsChanged(): void;
  /** Why automatic runs are paused, if they are. */
  readonly paused: 'credentials' | 'offline' | undefined;
}

const alwaysOnline: Connectivity = { isOnline: () => true, subscribe: () => () => undefined };

export function createSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  return new Scheduler(options);
}

class Scheduler implements SyncScheduler {
  private readonly connectivity: Connectivity;
  private readonly intervalMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly random: () => number;
  private timer: unknown;
  private hasTimer = false;
  private unsubscribe: (() => void) | undefined;
  private started = false;
  private inFlight: Promise<SyncRunResult> | undefined;
  private abort: AbortController | undefined;
  /** A demand that arrived during a run: one more run right after. */
  private followUp: Promise<SyncRunResult> | undefined;
  private failures = 0;
  private authBlocked = false;

  constructor(private readonly options: SyncSchedulerOptions) {
    this.connectivity = options.connectivity ?? alwaysOnline;
    this.intervalMs = options.intervalMs ?? 15 * 60_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 30_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 30 * 60_000;
    this.random = options.random ?? Math.random;
  }

  get paused(): 'credentials' | 'offline' | undefined {
    if (this.authBlocked) return 'credentials';
    return this.connectivity.isOnline() ? undefined : 'offline';
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.connectivity.subscribe((online) => {
      if (online) this.trigger('reconnect');
      else this.options.logger?.info('offline; automatic sync waits for the link');
    });
    this.trigger('start');
  }

  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.cancelTimer();
    this.abort?.abort();
    await Promise.allSettled([this.inFlight, this.followUp].filter((p) => p !== undefined));
  }

  requestRun(): Promise<SyncRunResult> {
    if (this.inFlight === undefined) return this.runNow('demand');
    this.followUp ??= this.inFlight.then(
      () => this.runNow('demand'),
      () => this.runNow('demand'),
    );
    return this.followUp;
  }

  credentialsChanged(): void {
    this.authBlocked = false;
    this.failures = 0;
    this.trigger('start');
  }

  /** An automatic trigger: ignored while a run is in progress, paused, or stopped. */
  private trigger(why: Exclude<SchedulerTrigger, 'demand'>): void {
    if (!this.started || this.inFlight !== undefined || this.authBlocked) return;
    if (!this.connectivity.isOnline()) return;
    void this.runNow(why);
  }

  private runNow(why: SchedulerTrigger): Promise<SyncRunResult> {
    this.cancelTimer();
    this.abort = new AbortController();
    this.options.logger?.info('sync run triggered', { why });
    const run = this.options.engine.run({ signal: this.abort.signal }).then(
      (result) => {
        this.after(result);
        return result;
      },
      (err: unknown) => {
        // run() only rejects for a bug or a test hook; the next automatic run waits like after a failure.
        this.failures += 1;
        this.schedule(this.backoffMs());
        throw err;
      },
    );
    this.inFlight = run;
    const clear = (): void => {
      if (this.inFlight === run) this.inFlight = undefined;
      if (why === 'demand') this.followUp = undefined;
    };
    run.then(clear, clear);
    return run;
  }

  private after(result: SyncRunResult): void {
    switch (result.outcome) {
      case 'succeeded':
      case 'busy':
        this.failures = 0;
        this.schedule(this.intervalMs);
        return;
      case 'failed':
        this.failures += 1;
        this.schedule(Math.max(result.retryAfterMs ?? 0, this.backoffMs()));
        return;
      case 'login-required':
      case 'forbidden':
        this.authBlocked = true;
        this.cancelTimer();
        this.options.logger?.warn('automatic sync paused until the credentials change', { outcome: result.outcome });
        return;
      case 'cancelled':
        return;
    }
  }

  /** Full jitter between half and all of base·2^(failures-1), capped. */
  private backoffMs(): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.max(0, this.failures - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }

  private schedule(ms: number): void {
    if (!this.started || this.authBlocked) return;
    this.cancelTimer();
    this.hasTimer = true;
    this.timer = this.options.timers.set(() => {
      this.hasTimer = false;
      this.trigger('timer');
    }, ms);
  }

  private cancelTimer(): void {
    if (!this.hasTimer) return;
    this.options.timers.clear(this.timer);
    this.hasTimer = false;
  }
}
