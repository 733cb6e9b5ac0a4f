// Search-as-you-type without a pile-up: at most one search runs at a time; while it runs, only the
// newest text waits (older ones are dropped), and an answer is delivered only if nothing newer
// was asked since. A keystroke on an idle box starts its search at once (no debounce delay),
// keystrokes during a search coalesce into one follow-up search.

export type RunOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

export class LatestOnly<Q, R> {
  #asked = 0;
  #running = false;
  #waiting: { readonly seq: number; readonly query: Q } | undefined;
  #closed = false;

  constructor(
    private readonly run: (query: Q) => Promise<R>,
    private readonly deliver: (query: Q, outcome: RunOutcome<R>) => void,
  ) {}

  /** Asks for `query`; any earlier question that has not been answered is forgotten. */
  submit(query: Q): void {
    if (this.#closed) return;
    this.#asked += 1;
    this.#waiting = { seq: this.#asked, query };
    if (!this.#running) void this.#drain();
  }

  /** Nothing more is run or delivered (the screen went away). */
  close(): void {
    this.#closed = true;
    this.#waiting = undefined;
  }

  isOpen(): boolean {
    return !this.#closed;
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#waiting !== undefined && this.isOpen()) {
      const { seq, query } = this.#waiting;
      this.#waiting = undefined;
      let outcome: RunOutcome<R>;
      try {
        outcome = { ok: true, value: await this.run(query) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      // Checked after the await: a newer question or close() may have come meanwhile.
      if (seq === this.#asked && this.isOpen()) this.deliver(query, outcome);
    }
    this.#running = false;
  }
}
