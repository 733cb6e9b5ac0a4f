// Strictly increasing `meta.lastUpdated` values. Sync pulls with `_lastUpdated=ge<watermark>` and
// `_sort=_lastUpdated`, so two writes must never share an instant or go back in time when the wall
// clock is adjusted; history's `_since` relies on the same order.
import type { Clock } from '../../src-core/platform/clock';

export class MonotonicInstants {
  private last = 0;

  constructor(private readonly clock: Clock) {}

  /** Takes account of an instant already written (during journal replay). */
  observe(instant: string): void {
    this.last = Math.max(this.last, Date.parse(instant));
  }

  next(): string {
    this.last = Math.max(this.clock.now().getTime(), this.last + 1);
    return new Date(this.last).toISOString();
  }
}
