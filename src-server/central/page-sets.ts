// Search and history results are paged from a snapshot taken by the first request, as HAPI does
// (`?_getpages=<id>&_getpagesoffset=<n>`). Offset paging over live data would skip a resource when
// an earlier one is updated mid-pull (it moves to the end and everything shifts left); a snapshot
// gives every page from one consistent view. Snapshots hold references to immutable versions, so
// they are cheap; they expire after a quiet period and the oldest go first when there are too many.
import type { Clock } from '../../src-core/platform/clock';
import type { Ids } from '../../src-core/platform/ids';
import type { StoredVersion } from './stored-version';

export type PageKind = 'searchset' | 'history';

export interface PageSet {
  readonly id: string;
  readonly kind: PageKind;
  readonly versions: readonly StoredVersion[];
}

export interface PageSetsOptions {
  readonly clock: Clock;
  readonly ids: Ids;
  /** A page set unused for this long is forgotten (a slow satellite pull touches it every page). */
  readonly idleMs?: number;
  readonly maxSets?: number;
}

export class PageSets {
  private readonly sets = new Map<string, { set: PageSet; lastUsed: number }>();
  private readonly idleMs: number;
  private readonly maxSets: number;

  constructor(private readonly options: PageSetsOptions) {
    this.idleMs = options.idleMs ?? 30 * 60_000;
    this.maxSets = options.maxSets ?? 100;
  }

  add(kind: PageKind, versions: readonly StoredVersion[]): PageSet {
    this.forgetIdle();
    const set: PageSet = { id: this.options.ids.uuid(), kind, versions };
    this.sets.set(set.id, { set, lastUsed: this.now() });
    while (this.sets.size > this.maxSets) {
      const oldest = this.sets.keys().next().value;
      if (oldest === undefined) break;
      this.sets.delete(oldest);
    }
    return set;
  }

  get(id: string): PageSet | undefined {
    this.forgetIdle();
    const held = this.sets.get(id);
    if (!held) return undefined;
    // Re-insert so Map order stays least-recently-used first.
    this.sets.delete(id);
    this.sets.set(id, { set: held.set, lastUsed: this.now() });
    return held.set;
  }

  private forgetIdle(): void {
    const cutoff = this.now() - this.idleMs;
    for (const [id, held] of this.sets) {
      if (held.lastUsed < cutoff) this.sets.delete(id);
    }
  }

  private now(): number {
    return this.options.clock.now().getTime();
  }
}
