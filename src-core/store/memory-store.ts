// The reference FhirStore: everything in maps, bodies kept as JSON text (so no caller ever holds a
// stored object), searches by reading every resource of the type. A commit plans and applies
// without an await in between, which makes it atomic on JavaScript's single thread.
import type { Resource } from '@medplum/fhirtypes';
import type { ResourceValidator } from '../fhir/validation';
import { systemClock, type Clock } from '../platform/clock';
import { cryptoIds, type Ids } from '../platform/ids';
import { acknowledge, squashChange } from './changes/squash-change';
import type { FhirStore, HistoryEntry, PendingChange, SentAck, StoreStats, VersionInfo } from './fhir-store';
import { plainCursorCodec } from './search/search-cursor';
import type { CurrentResource, OutboxItem, StoreBackend } from './store-backend';
import { StoreEngine } from './store-engine';
import { unknownVersion } from './store-errors';
import { planWrites, type CurrentState, type PlannedWrite, type WriteRequest } from './write/write-plan';

interface Version extends CurrentState {
  readonly resourceType: string;
  readonly id: string;
  /** Absent for a deletion. */
  readonly json?: string;
}

const parse = (json: string): Resource => JSON.parse(json) as Resource;

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

  write(requests: readonly WriteRequest[], now: string): Promise<PlannedWrite[]> {
    const plans = planWrites(requests, this.#current, now);
    for (const plan of plans) this.#apply(plan);
    return Promise.resolve(plans);
  }

  #apply(plan: PlannedWrite): void {
    const previous = this.#current.get(plan.key);
    if (previous !== undefined) this.#older.set(plan.key, [...(this.#older.get(plan.key) ?? []), previous]);
    const serverVersionId = previous?.serverVersionId;
    const next: Version = {
      resourceType: plan.resourceType,
      id: plan.id,
      versionId: plan.versionId,
      lastUpdated: plan.lastUpdated,
      deleted: plan.resource === undefined,
      ...(serverVersionId === undefined ? {} : { serverVersionId }),
      ...(plan.resource === undefined ? {} : { json: JSON.stringify(plan.resource) }),
    };
    this.#current.set(plan.key, next);
    const change = squashChange(this.#changes.get(plan.key), next, () => ++this.#seq);
    if (change === undefined) this.#changes.delete(plan.key);
    else this.#changes.set(plan.key, change);
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
      updates.push([key, current, acknowledge(change, current, ack)]);
    }
    for (const [key, current, result] of updates) {
      const next: { -readonly [K in keyof Version]?: Version[K] } = { ...current };
      delete next.serverVersionId;
      this.#current.set(key, (result.serverVersionId === undefined ? next : { ...next, serverVersionId: result.serverVersionId }) as Version);
      if (result.change === undefined) this.#changes.delete(key);
      else this.#changes.set(key, result.change);
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

export function createMemoryStore(options: MemoryStoreOptions): FhirStore {
  return new StoreEngine(new MemoryBackend(), {
    validator: options.validator,
    ids: options.ids ?? cryptoIds,
    clock: options.clock ?? systemClock,
  });
}
