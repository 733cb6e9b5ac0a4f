// The sync scheduler with hand-driven timers, a hand-driven link and an engine double whose runs
// end when the test says: on start, on reconnect, periodically, on demand, never two at once,
// backing off after failures and pausing after refused credentials.
import { describe, expect, it } from 'vitest';
import type { Connectivity, SchedulerTimers, SyncRunResult } from '../../src-core/sync';
import { createSyncScheduler } from '../../src-core/sync';
import type { SyncOutcome } from '../../src-core/sync';

class FakeTimers implements SchedulerTimers {
  readonly pending = new Map<number, { callback: () => void; ms: number }>();
  private next = 1;
  set(callback: () => void, ms: number): unknown {
    const handle = this.next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** The delays armed now. */
  get delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }
  fire(): void {
    const [handle, timer] = [...this.pending.entries()][0] ?? [];
    if (handle === undefined || timer === undefined) throw new Error('no timer armed');
    this.pending.delete(handle);
    timer.callback();
  }
}

class FakeLink implements Connectivity {
  online = true;
  private listeners = new Set<(online: boolean) => void>();
  isOnline(): boolean {
    return this.online;
  }
  subscribe(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(online: boolean): void {
    this.online = online;
    for (const l of this.listeners) l(online);
  }
}

/** Runs that stay open until finish() is called, so overlap can be observed. */
class FakeEngine {
  readonly runs: { finish: (outcome: SyncOutcome, retryAfterMs?: number) => void; signal: AbortSignal | undefined }[] = [];
  active = 0;
  maxActive = 0;
  run(options?: { readonly signal?: AbortSignal }): Promise<SyncRunResult> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    return new Promise((resolve) => {
      let done = false;
      const finish = (outcome: SyncOutcome, retryAfterMs?: number): void => {
        if (done) return;
        done = true;
        this.active -= 1;
        resolve(result(outcome, retryAfterMs));
      };
      // Like the real engine, an aborted run ends as cancelled.
      options?.signal?.addEventListener('abort', () => {
        finish('cancelled');
      });
      this.runs.push({ signal: options?.signal, finish });
    });
  }
  last(): (typeof this.runs)[number] {
    const run = this.runs.at(-1);
    if (run === undefined) throw new Error('no run started');
    return run;
  }
}

function result(outcome: SyncOutcome, retryAfterMs?: number): SyncRunResult {
  return {
    outcome,
    startedAt: '',
    finishedAt: '',
    pushed: 0,
    pulled: 0,
    deleted: 0,
    unchanged: 0,
    merged: 0,
    conflicts: 0,
    attention: 0,
    transactions: 0,
    bytes: { up: 0, down: 0 },
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function rig(online = true): { engine: FakeEngine; timers: FakeTimers; link: FakeLink; scheduler: ReturnType<typeof createSyncScheduler> } {
  const engine = new FakeEngine();
  const timers = new FakeTimers();
  const link = new FakeLink();
  link.online = online;
  const scheduler = createSyncScheduler({ engine, timers, connectivity: link, intervalMs: 60_000, backoffBaseMs: 1_000, backoffMaxMs: 8_000, random: () => 1 });
  return { engine, timers, link, scheduler };
}

describe('sync scheduler', () => {
  it('runs on start, then every interval after a success', async () => {
    const { engine, timers, scheduler } = rig();
    scheduler.start();
    expect(engine.runs).toHaveLength(1);
    engine.last().finish('succeeded');
    await settle();
    expect(timers.delays).toEqual([60_000]);
    timers.fire();
    expect(engine.runs).toHaveLength(2);
    await scheduler.stop();
  });

  it('waits for the link when started offline, and runs as soon as it comes back', async () => {
    const { engine, link, scheduler } = rig(false);
    scheduler.start();
    expect(engine.runs).toHaveLength(0);
    expect(scheduler.paused).toBe('offline');
    link.set(true);
    expect(engine.runs).toHaveLength(1);
    engine.last().finish('succeeded');
    await scheduler.stop();
  });

  it('skips a timer that fires while offline; the reconnect runs instead', async () => {
    const { engine, timers, link, scheduler } = rig();
    scheduler.start();
    engine.last().finish('succeeded');
    await settle();
    link.set(false);
    timers.fire();
    expect(engine.runs).toHaveLength(1);
    link.set(true);
    expect(engine.runs).toHaveLength(2);
    engine.last().finish('succeeded');
    await scheduler.stop();
  });

  it('never runs two at once: triggers during a run are dropped, a demand runs once right after', async () => {
    const { engine, link, scheduler } = rig();
    scheduler.start();
    link.set(true);
    const first = scheduler.requestRun();
    const second = scheduler.requestRun();
    expect(first).toBe(second);
    expect(engine.runs).toHaveLength(1);
    engine.last().finish('succeeded');
    await settle();
    expect(engine.runs).toHaveLength(2);
    expect(engine.maxActive).toBe(1);
    engine.last().finish('succeeded');
    expect((await first).outcome).toBe('succeeded');
    await scheduler.stop();
  });

  it('backs off exponentially after failures, honours a longer Retry-After, and resets after a success', async () => {
    const { engine, timers, scheduler } = rig();
    scheduler.start();
    const delays: number[] = [];
    for (const retryAfter of [undefined, undefined, undefined, 5_000, undefined]) {
      engine.last().finish('failed', retryAfter);
      await settle();
      delays.push(...timers.delays);
      timers.fire();
    }
    // random() = 1: the full ceiling 1 s, 2 s, 4 s, then max(Retry-After 5 s, 8 s), then capped at 8 s.
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    engine.last().finish('succeeded');
    await settle();
    expect(timers.delays).toEqual([60_000]);
    await scheduler.stop();
  });

  it('pauses after refused credentials until they change; a demand still runs', async () => {
    const { engine, timers, link, scheduler } = rig();
    scheduler.start();
    engine.last().finish('login-required');
    await settle();
    expect(timers.delays).toEqual([]);
    expect(scheduler.paused).toBe('credentials');
    link.set(false);
    link.set(true);
    expect(engine.runs).toHaveLength(1);
    const demanded = scheduler.requestRun();
    expect(engine.runs).toHaveLength(2);
    engine.last().finish('login-required');
    await demanded;
    scheduler.credentialsChanged();
    expect(scheduler.paused).toBeUndefined();
    expect(engine.runs).toHaveLength(3);
    engine.last().finish('succeeded');
    await scheduler.stop();
  });

  it('stop cancels the run in progress and the timers', async () => {
    const { engine, timers, scheduler } = rig();
    scheduler.start();
    const run = engine.last();
    await scheduler.stop();
    expect(run.signal?.aborted).toBe(true);
    expect(engine.active).toBe(0);
    expect(timers.delays).toEqual([]);
  });
});
