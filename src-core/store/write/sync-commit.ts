// What a sync write commits, and the sync metadata every version row carries — the rules both
// stores apply the same way. A resource's sync metadata says which server version its newest
// local version descends from (`serverVersionId`, the If-Match base), which local version holds
// exactly that server version (`syncedVersionId`, the three-way-merge base), when the server
// wrote it and whether that server version is a deletion (`serverDeleted`). A local write inherits it; a version written from the server sets it; an
// acknowledgement (markSent) moves it. The outbox entry follows from it (squash-change.ts): a
// resource has one exactly when its newest local state differs from its synced state.
import type { PendingChange } from '../fhir-store';
import { squashChange } from '../changes/squash-change';
import type { SyncStateEntries } from '../sync-store';
import type { CurrentState, PlannedWrite, ServerVersion } from './write-plan';

/** A resource's current state as a sync plan needs it: the version and its outbox status. */
export interface SyncState extends CurrentState {
  /** The resource has an outbox entry (a local change the server has not acknowledged). */
  readonly pending: boolean;
}

export type SyncMeta = Pick<CurrentState, 'serverVersionId' | 'syncedVersionId' | 'serverLastUpdated' | 'serverDeleted'>;

/**
 * The current version (a tombstone) already is what the server holds: record that it is in sync
 * with `remote` without writing a version (the server deleted what was deleted here too).
 */
export interface PlannedMark {
  readonly key: string;
  /** The local version marked in sync; the commit fails stale if it is no longer current. */
  readonly versionId: number;
  readonly remote: ServerVersion;
}

/** One step of a sync commit: a new version, or a mark on the current one. */
export type SyncStep = { readonly write: PlannedWrite } | { readonly mark: PlannedMark };

/** One atomic sync commit: new versions, marks, sync state and settled conflicts. */
export interface SyncCommit<R> {
  /**
   * The state every written or marked resource was planned against (undefined: absent). The
   * commit is refused as stale (and planned again) if any of them changed meanwhile.
   */
  readonly expected: ReadonlyMap<string, SyncState | undefined>;
  /** Applied in this order: the steps of one resource chain, each planned on the one before. */
  readonly steps: readonly SyncStep[];
  readonly state: SyncStateEntries;
  /** Resources ("Type/id") whose conflict record is removed. */
  readonly settled: readonly string[];
  /** What the caller gets back once committed. */
  readonly result: R;
}

/** Plans a sync commit against the current states of the resources it reads. */
export type SyncPlanner<R> = (states: ReadonlyMap<string, SyncState>) => SyncCommit<R>;

/** The new versions among `steps`, in order. */
export function writesOf(steps: readonly SyncStep[]): PlannedWrite[] {
  return steps.flatMap((step) => ('write' in step ? [step.write] : []));
}

export function syncMetaOf(state: SyncMeta | undefined): SyncMeta {
  if (state === undefined) return {};
  return {
    ...(state.serverVersionId === undefined ? {} : { serverVersionId: state.serverVersionId }),
    ...(state.syncedVersionId === undefined ? {} : { syncedVersionId: state.syncedVersionId }),
    ...(state.serverLastUpdated === undefined ? {} : { serverLastUpdated: state.serverLastUpdated }),
    ...(state.serverDeleted === true ? { serverDeleted: true as const } : {}),
  };
}

/** Local version `versionId` (a deletion when `deleted`) equals server version `remote`. */
export function inSyncWith(versionId: number, remote: ServerVersion, deleted: boolean): SyncMeta {
  return {
    serverVersionId: remote.serverVersionId,
    syncedVersionId: versionId,
    ...(remote.serverLastUpdated === undefined ? {} : { serverLastUpdated: remote.serverLastUpdated }),
    ...(deleted ? { serverDeleted: true as const } : {}),
  };
}

/** The sync metadata of the version `plan` writes on top of `previous`. */
export function metaAfterWrite(previous: SyncMeta | undefined, plan: PlannedWrite): SyncMeta {
  return plan.remote === undefined ? syncMetaOf(previous) : inSyncWith(plan.versionId, plan.remote, plan.resource === undefined);
}

/** The outbox entry after `plan` is written with sync metadata `meta`: none when it is in sync. */
export function changeAfterWrite(existing: PendingChange | undefined, plan: PlannedWrite, meta: SyncMeta, nextSeq: () => number): PendingChange | undefined {
  if (plan.remote !== undefined) return undefined;
  return squashChange(
    existing,
    {
      resourceType: plan.resourceType,
      id: plan.id,
      versionId: plan.versionId,
      deleted: plan.resource === undefined,
      ...(meta.serverVersionId === undefined ? {} : { serverVersionId: meta.serverVersionId }),
      serverDeleted: meta.serverDeleted === true,
    },
    nextSeq,
  );
}

/** The state a planner sees after `plan` (for a second version of the same resource in one commit). */
export function stateAfterWrite(previous: SyncState | undefined, plan: PlannedWrite): SyncState {
  const meta = metaAfterWrite(previous, plan);
  return {
    versionId: plan.versionId,
    deleted: plan.resource === undefined,
    lastUpdated: plan.lastUpdated,
    ...meta,
    // A local write on top of a version in sync leaves a change; only a delete of something the
    // server never had, or holds deleted, leaves none (squash-change.ts).
    pending: changeAfterWrite(undefined, plan, meta, () => 0) !== undefined,
  };
}

/** A mark is only ever on a tombstone: the server holds the resource deleted. */
export function stateAfterMark(previous: SyncState, mark: PlannedMark): SyncState {
  return { ...previous, ...inSyncWith(mark.versionId, mark.remote, true), pending: false };
}

const same = (a: SyncState | undefined, b: SyncState | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.versionId === b.versionId &&
    a.deleted === b.deleted &&
    a.serverVersionId === b.serverVersionId &&
    a.syncedVersionId === b.syncedVersionId &&
    a.serverLastUpdated === b.serverLastUpdated &&
    a.serverDeleted === b.serverDeleted &&
    a.pending === b.pending);

/** Whether every state a commit was planned against is still the current one. */
export function stillCurrent(expected: SyncCommit<unknown>['expected'], current: (key: string) => SyncState | undefined): boolean {
  for (const [key, state] of expected) if (!same(state, current(key))) return false;
  return true;
}
