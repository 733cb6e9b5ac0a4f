// Auto-lock: the idle timer fires after the timeout without activity, activity pushes it back,
// and the page can shorten the timeout but never lengthen it.
import { describe, expect, it } from 'vitest';
import { autoLockMsFromSearch, DEFAULT_AUTO_LOCK_MS, IdleTimer, type TimerHost } from '../../src-renderer/session/auto-lock';

/** A clock and timers that move only when told. */
class ManualTimers implements TimerHost {
  time = 0;
  #next = 1;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.#next++;
    this.#pending.set(handle, { at: this.time + ms, callback });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }
  get pending(): number {
    return this.#pending.size;
  }
  /** Moves time on, firing due timers in order (a fired timer may set another). */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.#pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.#pending.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}

describe('IdleTimer', () => {
  it('fires once after the timeout with no activity', () => {
    const timers = new ManualTimers();
    let idle = 0;
    const timer = new IdleTimer(10_000, () => idle++, timers);
    timer.start();
    timers.advance(9_999);
    expect(idle).toBe(0);
    timers.advance(1);
    expect(idle).toBe(1);
    expect(timer.running).toBe(false);
    timers.advance(60_000);
    expect(idle).toBe(1);
  });

  it('activity restarts the idle period, without a timer per event', () => {
    const timers = new ManualTimers();
    let idle = 0;
    const timer = new IdleTimer(10_000, () => idle++, timers);
    timer.start();
    for (let t = 0; t < 30; t++) {
      timers.advance(1_000);
      timer.touch(); // someone typing for 30 s
    }
    expect(idle).toBe(0);
    expect(timers.pending).toBe(1);
    timers.advance(9_999);
    expect(idle).toBe(0);
    timers.advance(1);
    expect(idle).toBe(1);
  });

  it('a PC that slept past the timeout locks as soon as the late timer runs', () => {
    const timers = new ManualTimers();
    let idle = 0;
    const timer = new IdleTimer(10_000, () => idle++, timers);
    timer.start();
    timers.time += 3_600_000; // asleep: the clock jumped, no timer ran
    timers.advance(0);
    expect(idle).toBe(1);
  });

  it('stop cancels; touching a stopped timer does not start it', () => {
    const timers = new ManualTimers();
    let idle = 0;
    const timer = new IdleTimer(10_000, () => idle++, timers);
    timer.start();
    timer.stop();
    timer.touch();
    timers.advance(20_000);
    expect(idle).toBe(0);
    expect(timers.pending).toBe(0);
  });

  it('refuses a timeout under a second', () => {
    expect(() => new IdleTimer(500, () => undefined, new ManualTimers())).toThrow(RangeError);
  });
});

describe('autoLockMsFromSearch', () => {
  it('is 10 minutes unless the page asks for less', () => {
    expect(DEFAULT_AUTO_LOCK_MS).toBe(600_000);
    expect(autoLockMsFromSearch('')).toBe(600_000);
    expect(autoLockMsFromSearch('?autolock=4')).toBe(4_000);
    expect(autoLockMsFromSearch('?x=1&autolock=120')).toBe(120_000);
  });

  it('never lengthens it, and ignores what is not a whole number of seconds', () => {
    expect(autoLockMsFromSearch('?autolock=86400')).toBe(600_000);
    expect(autoLockMsFromSearch('?autolock=0')).toBe(600_000);
    expect(autoLockMsFromSearch('?autolock=-5')).toBe(600_000);
    expect(autoLockMsFromSearch('?autolock=2.5')).toBe(600_000);
    expect(autoLockMsFromSearch('?autolock=abc')).toBe(600_000);
    expect(autoLockMsFromSearch('?autolock=30', 20_000)).toBe(20_000);
  });
});
