// How many bytes the next push transaction may carry (DESIGN §5: sized by bytes, adaptively).
// Larger transactions amortise the link's round trip (300–800 ms on a rural link); smaller ones lose
// less when a connection drops mid-upload and finish well inside the request timeout. The target
// starts moderate, doubles after a transaction that went quickly, halves after a slow one, and
// drops to a quarter after a timeout. It stays between a floor and a ceiling; a single resource
// larger than the target is still sent (alone).

export interface TransactionSizerOptions {
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly initialBytes: number;
  /** A transaction slower than this is "slow"; one faster than a quarter of it is "fast". */
  readonly slowMs: number;
}

export const DEFAULT_SIZER_OPTIONS: TransactionSizerOptions = {
  minBytes: 16 * 1024,
  maxBytes: 2 * 1024 * 1024,
  initialBytes: 128 * 1024,
  slowMs: 20_000,
};

export class TransactionSizer {
  private target: number;
  private readonly options: TransactionSizerOptions;

  constructor(options: Partial<TransactionSizerOptions> = {}) {
    const merged = { ...DEFAULT_SIZER_OPTIONS, ...options };
    const minBytes = Math.max(1, Math.min(merged.minBytes, merged.maxBytes));
    this.options = { ...merged, minBytes };
    this.target = this.clamp(merged.initialBytes);
  }

  /** The byte budget of the next transaction. */
  get targetBytes(): number {
    return this.target;
  }

  /** A transaction of `bytes` committed after `ms`. Only a transaction that used most of its budget says the budget may grow. */
  succeeded(bytes: number, ms: number): void {
    if (ms > this.options.slowMs) this.target = this.clamp(this.target / 2);
    else if (ms < this.options.slowMs / 4 && bytes >= this.target / 2) this.target = this.clamp(this.target * 2);
  }

  /** A transaction timed out (after the transport's own retries). */
  timedOut(): void {
    this.target = this.clamp(this.target / 4);
  }

  /** The server refused a body of `bytes` as too large (413). */
  tooLarge(bytes: number): void {
    this.target = this.clamp(Math.min(this.target, bytes / 2));
  }

  private clamp(bytes: number): number {
    return Math.round(Math.min(this.options.maxBytes, Math.max(this.options.minBytes, bytes)));
  }
}
