// Autosave of one draft: each change is written a short delay after the last keystroke (debounced),
// and at once when asked (the page is hidden or left). Writes are serialized, so a removal (after
// saving the consultation or discarding the draft) can never be overtaken by an older write.
import type { DraftBox, DraftScope } from './draft-box';

export const AUTOSAVE_DELAY_MS = 500;

export interface DraftAutosaverDeps {
  readonly box: DraftBox;
  readonly scope: DraftScope;
  readonly now: () => Date;
  readonly delayMs?: number;
  /** Told about a failed write (the form keeps working; the page can show a warning). */
  readonly onError?: (err: unknown) => void;
  /** Told after each write that reached the disk. */
  readonly onSaved?: (at: Date) => void;
}

export class DraftAutosaver {
  readonly #deps: DraftAutosaverDeps;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: { value: unknown } | undefined;
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(deps: DraftAutosaverDeps) {
    this.#deps = deps;
  }

  /** A new value of the form: written after the delay unless another change comes first. */
  change(value: unknown): void {
    if (this.#closed) return;
    this.#pending = { value };
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      void this.flush();
    }, this.#deps.delayMs ?? AUTOSAVE_DELAY_MS);
  }

  /** Writes the pending value now (if any); resolves when it is on disk. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending === undefined || this.#closed) return this.#chain;
    const at = this.#deps.now();
    return this.#enqueue(async () => {
      if (this.#closed) return;
      await this.#deps.box.save(this.#deps.scope, pending.value, at);
      this.#deps.onSaved?.(at);
    });
  }

  /** Deletes the draft and stops saving (after the consultation was saved, or the draft discarded). */
  remove(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
    return this.#enqueue(() => this.#deps.box.remove(this.#deps.scope));
  }

  /** Starts saving again after a discard (the form goes on being edited). */
  reopen(): void {
    this.#closed = false;
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(step).catch((err: unknown) => {
      this.#deps.onError?.(err);
    });
    this.#chain = next;
    return next;
  }
}
