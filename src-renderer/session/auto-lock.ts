// Auto-lock after inactivity: a timer that activity pushes back. Activity only records a time
// (cheap enough for every mouse move); the timer re-arms itself for the remainder when it fires
// early. It also copes with a PC that slept: on waking, the late timer sees the whole idle time.

/** Default inactivity before a session locks itself (issue 6: 10 minutes, per post later). */
export const DEFAULT_AUTO_LOCK_MS = 10 * 60 * 1000;
/** Shortest accepted timeout (tests use a few seconds). */
export const MIN_AUTO_LOCK_MS = 1000;

export interface TimerHost {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browserTimers: TimerHost = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
};

export class IdleTimer {
  #lastActivity = 0;
  #handle: unknown;
  #running = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onIdle: () => void,
    private readonly host: TimerHost = browserTimers,
  ) {
    if (!Number.isFinite(timeoutMs) || timeoutMs < MIN_AUTO_LOCK_MS) throw new RangeError(`timeout must be at least ${MIN_AUTO_LOCK_MS} ms`);
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    this.stop();
    this.#running = true;
    this.#lastActivity = this.host.now();
    this.#arm(this.timeoutMs);
  }

  /** Keyboard or mouse activity: the idle period starts again. */
  touch(): void {
    if (this.#running) this.#lastActivity = this.host.now();
  }

  stop(): void {
    if (this.#handle !== undefined) this.host.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#running = false;
  }

  #arm(ms: number): void {
    this.#handle = this.host.setTimeout(() => {
      this.#handle = undefined;
      this.#check();
    }, ms);
  }

  #check(): void {
    if (!this.#running) return;
    const idle = this.host.now() - this.#lastActivity;
    if (idle >= this.timeoutMs) {
      this.#running = false;
      this.onIdle();
    } else {
      this.#arm(this.timeoutMs - idle);
    }
  }
}

/**
 * The timeout the page asks for with `?autolock=<seconds>` (before the `#`), e.g. for an e2e test
 * or a demo. It can only shorten the timeout, never lengthen it: a link must not be able to keep a
 * shared PC unlocked longer than the post allows.
 */
export function autoLockMsFromSearch(search: string, fallbackMs: number = DEFAULT_AUTO_LOCK_MS): number {
  const raw = new URLSearchParams(search).get('autolock');
  if (raw === null || !/^\d{1,6}$/.test(raw)) return fallbackMs;
  const ms = Number(raw) * 1000;
  return ms >= MIN_AUTO_LOCK_MS && ms < fallbackMs ? ms : fallbackMs;
}
