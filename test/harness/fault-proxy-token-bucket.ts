// Token bucket for the fault proxy's throttle: `rate` bytes per second with a burst allowance.
// `reserve(n)` takes n tokens at once, going into debt when there are not enough, and says how
// long the caller must wait before sending; debts add up, so a stream of reservations is paced at
// `rate` over time. The clock is passed in so the arithmetic is tested without waiting.

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    private readonly now: () => number,
  ) {
    if (!(rate > 0) || !(burst > 0)) throw new Error('rate and burst must be positive');
    this.tokens = burst;
    this.last = now();
  }

  /** Takes `bytes` tokens; returns the milliseconds to wait before they may be sent (0 when available). */
  reserve(bytes: number): number {
    this.refill();
    this.tokens -= bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.rate) * 1000;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }
}
