// Where the deletes pull of a type starts the first time (DESIGN §5: deletes via `_history?_since`).
// A type's history watermark is set by the first of:
//   - an upload of that type: the server's instant of the committed write (response.lastModified).
//     Anything the store learns from its own uploads can be deleted elsewhere from then on, even
//     before this device ever pulls the type;
//   - the first pull of that type (pull-phase.ts): the latest instant of its first page, committed
//     with that page, then — when the same search snapshot was read to its last page — the latest
//     instant of the whole snapshot. Every resource in the snapshot was live when the server took
//     it, so any later deletion of one has a later instant (the server orders writes by
//     lastUpdated, which `_lastUpdated` paging relies on too). A crash mid-search leaves the
//     first page's instant, which is early enough for everything pulled before the crash.
// Until then there is nothing of that type the store holds from the server, so there is nothing a
// server deletion could remove, and the whole history (often most of the server's data, and all
// of what the first pull just downloaded) is skipped.
import type { SyncStore } from '../../store/sync-store';
import { historyWatermarkKey } from './sync-state-keys';

export class HistoryFloor {
  /** Types known to have a history watermark already (read once per run). */
  private readonly settled = new Set<string>();

  constructor(
    private readonly store: SyncStore,
    /** Only the types the post pulls; others never get a watermark. */
    private readonly pulledTypes: ReadonlySet<string>,
  ) {}

  /** After a committed upload: the earliest server instant per type of its entries. */
  async noteUpload(instants: ReadonlyMap<string, string>): Promise<void> {
    const entries: Record<string, string> = {};
    for (const [resourceType, instant] of instants) {
      if (!this.pulledTypes.has(resourceType) || this.settled.has(resourceType)) continue;
      const key = historyWatermarkKey(resourceType);
      if ((await this.store.readSyncState(key)) === undefined) entries[key] = instant;
      this.settled.add(resourceType);
    }
    if (Object.keys(entries).length > 0) await this.store.writeSyncState(entries);
  }
}
