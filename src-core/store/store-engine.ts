// The FhirStore rules every backend shares: checks and validation before any write, device-assigned
// ids, bundle planning, search parsing and matching, the patient compartment, outbox order.
// Backends only store and fetch (store-backend.ts).
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
import { gone, invalidId, notFound, unknownResourceType } from './store-errors';
import { checkResource } from './write/check-resource';
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

export class StoreEngine implements FhirStore {
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
    const written = await this.writeOne({ kind: 'put', resource: { ...checked, id: this.deps.ids.uuid() } });
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
}
