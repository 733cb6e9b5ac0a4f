// The reference FhirStore and SyncStore: everything in maps, bodies and sync records kept as JSON
// text (so no caller ever holds a stored object), searches by reading every resource of the type.
// A commit plans and applies without an await in between, which makes it atomic on JavaScript's
// single thread.
import type { Resource } from '@medplum/fhirtypes';
import type { ResourceValidator } from '../fhir/validation';
import { systemClock, type Clock } from '../platform/clock';
import { cryptoIds, type Ids } from '../platform/ids';
import { acknowledge } from './changes/squash-change';
import type { HistoryEntry, PendingChange, SentAck, StoreStats, VersionInfo } from './fhir-store';
import { plainCursorCodec } from './search/search-cursor';
import type { CurrentResource, OutboxItem, StoreBackend } from './store-backend';
import { StoreEngine } from './store-engine';
import { unknownVersion } from './store-errors';
import type { AttentionItem, SyncConflict, SyncStore } from './sync-store';
import { byRecorded } from './write/check-sync-record';
import {
  changeAfterWrite,
  inSyncWith,
  metaAfterWrite,
  syncMetaOf,
  type PlannedMark,
  type SyncCommit,
  type SyncMeta,
  type SyncPlanner,
  type SyncState,
} from './write/sync-commit';
import { keyOf, planWrites, type CurrentState, type PlannedWrite, type WriteRequest } from './write/write-plan';

interface Version extends CurrentState {
  readonly resourceType: string;
  readonly id: string;
  /** Absent for a deletion. */
  readonly json?: string;
}

const parse = (json: string): Resource => JSON.parse(json) as Resource;

/** `v` with exactly the sync metadata `meta` (none of the old kept). */
function withSyncMeta(v: Version, meta: SyncMeta): Version {
  const next: { -readonly [K in keyof Version]?: Version[K] } = { ...v };
  delete next.serverVersionId;
  delete next.syncedVersionId;
  delete next.serverLastUpdated;
  delete next.serverDeleted;
  return { ...(next as Version), ...meta };
}

function infoOf(v: Version): VersionInfo {
  return {
    resourceType: v.resourceType,
    id: v.id,
    versionId: String(v.versionId),
    lastUpdated: v.lastUpdated,
    deleted: v.deleted,
    ...(v.serverVersionId === undefined ? {} : { serverVersionId: v.serverVersionId }),
  };
}

class MemoryBackend implements StoreBackend {
  readonly cursors = plainCursorCodec;
  readonly #current = new Map<string, Version>();
  /** Superseded versions, oldest first. */
  readonly #older = new Map<string, Version[]>();
  readonly #changes = new Map<string, PendingChange>();
  #seq = 0;

  readonly #stateEntries = new Map<string, string>();
  readonly #conflicts = new Map<string, string>();
  readonly #attention = new Map<string, string>();

  write(requests: readonly WriteRequest[], now: string): Promise<PlannedWrite[]> {
    const plans = planWrites(requests, this.#current, now);
    for (const plan of plans) this.#apply(plan);
    return Promise.resolve(plans);
  }

  #apply(plan: PlannedWrite): void {
    const previous = this.#current.get(plan.key);
    if (previous !== undefined) this.#older.set(plan.key, [...(this.#older.get(plan.key) ?? []), previous]);
    const meta = metaAfterWrite(previous, plan);
    const next: Version = {
      resourceType: plan.resourceType,
      id: plan.id,
      versionId: plan.versionId,
      lastUpdated: plan.lastUpdated,
      deleted: plan.resource === undefined,
      ...meta,
      ...(plan.resource === undefined ? {} : { json: JSON.stringify(plan.resource) }),
    };
    this.#current.set(plan.key, next);
    const change = changeAfterWrite(this.#changes.get(plan.key), plan, meta, () => ++this.#seq);
    if (change === undefined) this.#changes.delete(plan.key);
    else this.#changes.set(plan.key, change);
  }

  #mark(mark: PlannedMark): void {
    const current = this.#current.get(mark.key);
    // The planner saw this version a moment ago, with nothing awaited since.
    if (current?.versionId !== mark.versionId) throw new Error(`internal: ${mark.key} moved before its mark`);
    this.#current.set(mark.key, withSyncMeta(current, inSyncWith(mark.versionId, mark.remote, current.deleted)));
    this.#changes.delete(mark.key);
  }

  #stateOf(key: string): SyncState | undefined {
    const v = this.#current.get(key);
    if (v === undefined) return undefined;
    return {
      versionId: v.versionId,
      deleted: v.deleted,
      lastUpdated: v.lastUpdated,
      ...syncMetaOf(v),
      pending: this.#changes.has(key),
    };
  }

  syncWrite<R>(keys: readonly string[], plan: SyncPlanner<R>): Promise<R> {
    // The executor runs at once: a planner that throws rejects the promise, having written nothing.
    return new Promise((resolve) => {
      resolve(this.#commitSync(keys, plan));
    });
  }

  #commitSync<R>(keys: readonly string[], plan: SyncPlanner<R>): R {
    const states = new Map<string, SyncState>();
    for (const key of keys) {
      const state = this.#stateOf(key);
      if (state !== undefined) states.set(key, state);
    }
    const commit: SyncCommit<R> = plan(states);
    // No await from the states read above to here: nothing else can have written in between.
    for (const step of commit.steps) {
      if ('write' in step) this.#apply(step.write);
      else this.#mark(step.mark);
    }
    for (const [key, value] of Object.entries(commit.state)) this.#stateEntries.set(key, value);
    for (const key of commit.settled) this.#conflicts.delete(key);
    return commit.result;
  }

  syncBase(key: string): Promise<Resource | undefined> {
    const current = this.#current.get(key);
    const synced = current?.syncedVersionId;
    if (current === undefined || synced === undefined) return Promise.resolve(undefined);
    const version = current.versionId === synced ? current : this.#older.get(key)?.find((v) => v.versionId === synced);
    return Promise.resolve(version?.json === undefined ? undefined : parse(version.json));
  }

  readSyncState(key: string): Promise<string | undefined> {
    return Promise.resolve(this.#stateEntries.get(key));
  }

  putConflict(conflict: SyncConflict): Promise<void> {
    this.#conflicts.set(keyOf(conflict.resourceType, conflict.id), JSON.stringify(conflict));
    return Promise.resolve();
  }

  conflicts(): Promise<SyncConflict[]> {
    return Promise.resolve([...this.#conflicts.values()].map((json) => JSON.parse(json) as SyncConflict).sort(byRecorded));
  }

  removeConflict(key: string): Promise<void> {
    this.#conflicts.delete(key);
    return Promise.resolve();
  }

  putAttention(item: AttentionItem): Promise<void> {
    this.#attention.set(keyOf(item.resourceType, item.id), JSON.stringify(item));
    return Promise.resolve();
  }

  attention(): Promise<AttentionItem[]> {
    return Promise.resolve([...this.#attention.values()].map((json) => JSON.parse(json) as AttentionItem).sort(byRecorded));
  }

  removeAttention(key: string): Promise<void> {
    this.#attention.delete(key);
    return Promise.resolve();
  }

  readCurrent(key: string): Promise<CurrentResource | undefined> {
    const v = this.#current.get(key);
    if (v === undefined) return Promise.resolve(undefined);
    return Promise.resolve(v.json === undefined ? { info: infoOf(v) } : { info: infoOf(v), resource: parse(v.json) });
  }

  readHistory(key: string): Promise<HistoryEntry[]> {
    const current = this.#current.get(key);
    const versions = current === undefined ? [] : [...(this.#older.get(key) ?? []), current].reverse();
    return Promise.resolve(versions.map((v) => (v.json === undefined ? infoOf(v) : { ...infoOf(v), resource: parse(v.json) })));
  }

  #live(filter: (v: Version) => boolean): Resource[] {
    const out: Resource[] = [];
    for (const v of this.#current.values()) if (v.json !== undefined && filter(v)) out.push(parse(v.json));
    return out;
  }

  candidates(resourceType: string): Promise<Resource[]> {
    return Promise.resolve(this.#live((v) => v.resourceType === resourceType));
  }

  readMany(keys: readonly string[]): Promise<Resource[]> {
    const out: Resource[] = [];
    for (const key of keys) {
      const json = this.#current.get(key)?.json;
      if (json !== undefined) out.push(parse(json));
    }
    return Promise.resolve(out);
  }

  compartmentCandidates(): Promise<Resource[]> {
    return Promise.resolve(this.#live(() => true));
  }

  outbox(): Promise<OutboxItem[]> {
    const items: OutboxItem[] = [];
    for (const [key, change] of this.#changes) {
      const current = this.#current.get(key);
      if (current?.json !== undefined) {
        items.push({ change, resource: parse(current.json) });
      } else {
        const lastJson = [...(this.#older.get(key) ?? [])].reverse().find((v) => v.json !== undefined)?.json;
        items.push(lastJson === undefined ? { change } : { change, lastBody: parse(lastJson) });
      }
    }
    return Promise.resolve(items);
  }

  markSent(acks: readonly SentAck[]): Promise<void> {
    const updates: [string, Version, ReturnType<typeof acknowledge>][] = [];
    for (const ack of acks) {
      const key = `${ack.resourceType}/${ack.id}`;
      const change = this.#changes.get(key);
      const current = this.#current.get(key);
      if (change === undefined || current === undefined) continue;
      if (Number(ack.versionId) > current.versionId || !/^\d+$/.test(ack.versionId)) {
        return Promise.reject(unknownVersion(key, ack.versionId));
      }
      // An acknowledgement older than the version already in sync is news of the past.
      if (current.syncedVersionId !== undefined && Number(ack.versionId) < current.syncedVersionId) continue;
      const acked = Number(ack.versionId) === current.versionId ? current : this.#older.get(key)?.find((v) => v.versionId === Number(ack.versionId));
      updates.push([key, current, acknowledge(change, current, ack, acked?.deleted ?? false)]);
    }
    for (const [key, current, result] of updates) {
      const { change, ...meta } = result;
      this.#current.set(key, withSyncMeta(current, meta));
      if (change === undefined) this.#changes.delete(key);
      else this.#changes.set(key, change);
    }
    return Promise.resolve();
  }

  stats(): Promise<StoreStats> {
    let resources = 0;
    let deleted = 0;
    for (const v of this.#current.values()) {
      if (v.deleted) deleted++;
      else resources++;
    }
    let versions = this.#current.size;
    for (const older of this.#older.values()) versions += older.length;
    return Promise.resolve({ resources, deleted, versions, pendingChanges: this.#changes.size });
  }
}

export interface MemoryStoreOptions {
  readonly validator: ResourceValidator;
  readonly ids?: Ids;
  readonly clock?: Clock;
}

export function createMemoryStore(options: MemoryStoreOptions): SyncStore {
  return new StoreEngine(new MemoryBackend(), {
    validator: options.validator,
    ids: options.ids ?? cryptoIds,
    clock: options.clock ?? systemClock,
  });
}
