/** Time source passed in by the caller (STYLE §3), so engines can be tested with a fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
