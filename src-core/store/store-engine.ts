// The FhirStore rules every backend shares: checks and validation before any write, device-assigned
// ids, bundle planning, search parsing and matching, the patient compartment, outbox order — and
// the SyncStore rules: how pulled versions and rebases are planned (write/remote-plan.ts,
// write/rebase-plan.ts) and what sync records may hold. Backends only store and fetch
// (store-backend.ts).
import type { Bundle, ExtractResource, Resource, ResourceType } from '@medplum/fhirtypes';
import type { ResourceValidator } from '../fhir/validation';
import type { Clock } from '../platform/clock';
import type { Ids } from '../platform/ids';
import { bundleInput, bundleResponse, planBundle } from './bundle/bundle-plan';
import { orderChanges } from './changes/change-order';
import { resourceReferences } from './changes/resource-references';
import type {
  FhirStore,
  HistoryEntry,
  OutgoingChange,
  SearchParams,
  SearchResult,
  SentAck,
  StoreStats,
  UpdateOptions,
  VersionInfo,
  WithId,
} from './fhir-store';
import { patientCompartments } from './search/compartment-membership';
import { EvaluatedResource } from './search/match-resource';
import { parseSearch } from './search/parse-search';
import { isKnownResourceType } from './search/patient-compartment';
import { runSearch } from './search/run-search';
import type { StoreBackend } from './store-backend';
import { gone, invalidId, notFound, remoteMismatch, unknownResourceType } from './store-errors';
import type { ApplyRemoteResult, AttentionItem, RebaseOptions, RemoteVersion, SyncConflict, SyncStateEntries, SyncStore } from './sync-store';
import { checkRemoteBody } from './write/check-remote';
import { checkResource } from './write/check-resource';
import { checkAttention, checkConflict, checkSyncState, checkSyncStateKey } from './write/check-sync-record';
import { planRebase } from './write/rebase-plan';
import { planRemote, type RemoteCheck } from './write/remote-plan';
import { keyOf, type WriteRequest } from './write/write-plan';

export interface StoreDependencies {
  /** Called on every write (base R4 plus the Ceiba profiles). */
  readonly validator: ResourceValidator;
  readonly ids: Ids;
  readonly clock: Clock;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function checkKey(resourceType: string, id: string): void {
  if (!isKnownResourceType(resourceType)) throw unknownResourceType(resourceType, 'resourceType');
  if (!ID.test(id)) throw invalidId(`${resourceType}.id`);
}

const byTypeThenId = (a: Resource, b: Resource): number => {
  const ka = keyOf(a.resourceType, a.id ?? '');
  const kb = keyOf(b.resourceType, b.id ?? '');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export class StoreEngine implements FhirStore, SyncStore {
  constructor(
    private readonly backend: StoreBackend,
    private readonly deps: StoreDependencies,
  ) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async writeOne(request: WriteRequest): Promise<Resource | undefined> {
    const [written] = await this.backend.write([request], this.now());
    return written?.resource;
  }

  async create<T extends Resource>(resource: T): Promise<WithId<T>> {
    const checked = checkResource(resource, this.deps.validator);
    const written = await this.writeOne({ kind: 'put', resource: { ...checked, id: this.deps.ids.uuid() }, fresh: true });
    return written as WithId<T>;
  }

  async read<K extends ResourceType>(resourceType: K, id: string): Promise<WithId<ExtractResource<K>>> {
    checkKey(resourceType, id);
    const current = await this.backend.readCurrent(keyOf(resourceType, id));
    if (current === undefined) throw notFound(resourceType, id);
    if (current.resource === undefined) throw gone(resourceType, id);
    return current.resource as WithId<ExtractResource<K>>;
  }

  async update<T extends Resource>(resource: T, options: UpdateOptions = {}): Promise<WithId<T>> {
    const checked = checkResource(resource, this.deps.validator);
    const id = checked.id;
    if (id === undefined) throw invalidId(`${checked.resourceType}.id`);
    const request: WriteRequest = { kind: 'put', resource: { ...checked, id }, ...(options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch }) };
    return (await this.writeOne(request)) as WithId<T>;
  }

  async delete(resourceType: ResourceType, id: string): Promise<void> {
    checkKey(resourceType, id);
    await this.writeOne({ kind: 'delete', resourceType, id });
  }

  async history(resourceType: ResourceType, id: string): Promise<HistoryEntry[]> {
    checkKey(resourceType, id);
    const versions = await this.backend.readHistory(keyOf(resourceType, id));
    if (versions.length === 0) throw notFound(resourceType, id);
    return versions;
  }

  async versionInfo(resourceType: ResourceType, id: string): Promise<VersionInfo | undefined> {
    checkKey(resourceType, id);
    return (await this.backend.readCurrent(keyOf(resourceType, id)))?.info;
  }

  async search<K extends ResourceType>(resourceType: K, params: SearchParams = {}): Promise<SearchResult<ExtractResource<K>>> {
    const query = parseSearch(resourceType, params);
    return (await runSearch(this.backend, query, this.backend.cursors)) as SearchResult<ExtractResource<K>>;
  }

  async everythingForPatient(patientId: string): Promise<Resource[]> {
    checkKey('Patient', patientId);
    const ref = keyOf('Patient', patientId);
    const candidates = await this.backend.compartmentCandidates(ref);
    const isPatient = (r: Resource): boolean => r.resourceType === 'Patient' && r.id === patientId;
    // The patient is in its own compartment; read it separately only to report why it is missing.
    const patient = candidates.find(isPatient) ?? (await this.read('Patient', patientId));
    const members = candidates.filter((r) => !isPatient(r) && patientCompartments(new EvaluatedResource(r)).includes(ref));
    return [patient, ...members.sort(byTypeThenId)];
  }

  async importBundle(bundle: Bundle | string): Promise<Bundle> {
    const plan = planBundle(bundleInput(bundle), this.deps.validator, this.deps.ids);
    const written = await this.backend.write(
      plan.entries.map((e) => e.request),
      this.now(),
    );
    return bundleResponse(plan, new Map(written.map((w) => [w.key, w])));
  }

  async pendingChanges(): Promise<OutgoingChange[]> {
    const items = await this.backend.outbox();
    const outgoing = items.map(({ change, resource, lastBody }) => {
      const body = resource ?? lastBody;
      return {
        change: resource === undefined ? change : { ...change, resource },
        references: body === undefined ? [] : resourceReferences(body),
      };
    });
    const references = new Map(outgoing.map((o) => [keyOf(o.change.resourceType, o.change.id), o.references]));
    return orderChanges(
      outgoing.map((o) => o.change as OutgoingChange),
      (c) => references.get(keyOf(c.resourceType, c.id)) ?? [],
    );
  }

  markSent(acks: readonly SentAck[]): Promise<void> {
    return this.backend.markSent(acks);
  }

  stats(): Promise<StoreStats> {
    return this.backend.stats();
  }

  // ---- SyncStore ------------------------------------------------------------------------------

  async applyRemote(versions: readonly RemoteVersion[], state: SyncStateEntries = {}): Promise<ApplyRemoteResult> {
    const entries = checkSyncState(state);
    const now = this.now();
    // A commit that finds its rows changed plans again: validate each body once, not per attempt.
    const checked = new Map<number, { body: (Resource & { id: string }) | undefined } | { error: unknown }>();
    const check: RemoteCheck = (version, index) => {
      let result = checked.get(index);
      if (result === undefined) {
        try {
          result = { body: checkRemoteBody(version, this.deps.validator) };
        } catch (err) {
          result = { error: err };
        }
        checked.set(index, result);
      }
      if ('error' in result) throw result.error;
      return result.body;
    };
    const keys = [...new Set(versions.map((v) => keyOf(v.resourceType, v.id)))];
    return this.backend.syncWrite(keys, (states) => planRemote(versions, states, now, check, entries));
  }

  async rebase(remote: RemoteVersion, merged: Resource | 'delete', options: RebaseOptions = {}): Promise<WithId<Resource> | undefined> {
    const remoteBody = checkRemoteBody(remote, this.deps.validator);
    const mergedBody = merged === 'delete' ? merged : this.checkMerged(remote, merged);
    const key = keyOf(remote.resourceType, remote.id);
    const now = this.now();
    const input = { remote, remoteBody, merged: mergedBody, ...(options.ifMatch === undefined ? {} : { ifMatch: options.ifMatch }) };
    return this.backend.syncWrite([key], (states) => planRebase(input, states.get(key), now));
  }

  private checkMerged(remote: RemoteVersion, merged: Resource): Resource & { id: string } {
    const body = checkResource(merged, this.deps.validator);
    if (body.resourceType !== remote.resourceType) {
      throw remoteMismatch(`merged body is a ${body.resourceType}, the resource a ${remote.resourceType}`, `${remote.resourceType}.resourceType`);
    }
    if (body.id !== undefined && body.id !== remote.id) throw remoteMismatch('merged body id differs from the resource id', `${remote.resourceType}.id`);
    return { ...body, id: remote.id };
  }

  async syncBase(resourceType: string, id: string): Promise<Resource | undefined> {
    checkKey(resourceType, id);
    return this.backend.syncBase(keyOf(resourceType, id));
  }

  async readSyncState(key: string): Promise<string | undefined> {
    return this.backend.readSyncState(checkSyncStateKey(key));
  }

  async writeSyncState(state: SyncStateEntries): Promise<void> {
    const entries = checkSyncState(state);
    await this.backend.syncWrite([], () => ({ expected: new Map(), steps: [], state: entries, settled: [], result: undefined }));
  }

  async putConflict(conflict: SyncConflict): Promise<void> {
    await this.backend.putConflict(checkConflict(conflict));
  }

  conflicts(): Promise<SyncConflict[]> {
    return this.backend.conflicts();
  }

  async removeConflict(resourceType: string, id: string): Promise<void> {
    checkKey(resourceType, id);
    await this.backend.removeConflict(keyOf(resourceType, id));
  }

  async putAttention(item: AttentionItem): Promise<void> {
    await this.backend.putAttention(checkAttention(item));
  }

  attention(): Promise<AttentionItem[]> {
    return this.backend.attention();
  }

  async removeAttention(resourceType: string, id: string): Promise<void> {
    checkKey(resourceType, id);
    await this.backend.removeAttention(keyOf(resourceType, id));
  }
}
