// A FhirRepository for @medplum/fhir-router backed by the journal. Medplum's MemoryRepository is
// the model, but it cannot be extended for this: its maps are private, it keeps no delete in
// history, gives random versionIds, cannot roll back a transaction, and reverses its stored history
// array on every read. Search matching, conditional create/update/delete and the REST routing stay
// Medplum's; this class adds storage, versions, history and atomic transactions.
import type { SearchRequest, WithId } from '@medplum/core';
import {
  OperationOutcomeError,
  Operator,
  badRequest,
  conflict,
  deepClone,
  gone,
  notFound,
  preconditionFailed,
  serverError,
  validateResource,
} from '@medplum/core';
import type { CreateResourceOptions, UpdateResourceOptions } from '@medplum/fhir-router';
import { FhirRepository } from '@medplum/fhir-router';
import type { Bundle, OperationOutcome, Reference, Resource } from '@medplum/fhirtypes';
import { errorOutcome } from '../../src-core/fhir/outcome';
import type { Clock } from '../../src-core/platform/clock';
import type { Ids } from '../../src-core/platform/ids';
import type { Logger } from '../../src-core/platform/logger';
import { isKnownResourceType, isValidId } from './fhir-definitions';
import { Journal, JournalCorruptError } from './journal';
import { MonotonicInstants } from './monotonic-instants';
import { compileSearchRequest } from './search-match';
import { assertSupportedSearch } from './search-support';
import type { StoredVersion, WriteMethod } from './stored-version';
import { historyEntry, isStoredVersion, weakETag } from './stored-version';
import { VersionIndex } from './version-index';
import { sortVersions } from './version-sort';

export interface JournalRepositoryDeps {
  readonly clock: Clock;
  readonly ids: Ids;
  readonly logger: Logger;
}

/** One journal line: the versions one commit wrote. */
interface JournalRecord {
  readonly versions: readonly StoredVersion[];
}

export interface DeleteOptions {
  readonly ifMatch?: string | undefined;
}

/**
 * Callers must not interleave requests (the HTTP layer runs them one at a time): a transaction's
 * writes are visible in memory before they are committed, and rolled back if anything fails.
 */
export class JournalRepository extends FhirRepository<undefined> {
  private transaction: StoredVersion[] | undefined;

  private constructor(
    private readonly index: VersionIndex,
    private readonly instants: MonotonicInstants,
    private readonly journal: Journal,
    private readonly deps: JournalRepositoryDeps,
  ) {
    super();
  }

  static async open(file: string, deps: JournalRepositoryDeps): Promise<JournalRepository> {
    const index = new VersionIndex();
    const instants = new MonotonicInstants(deps.clock);
    const journal = await Journal.open(
      file,
      (record, line) => {
        for (const version of journalVersions(record, line)) {
          index.add(version);
          instants.observe(version.lastUpdated);
        }
      },
      deps.logger,
    );
    deps.logger.info('repository loaded', { versions: index.size });
    return new JournalRepository(index, instants, journal, deps);
  }

  close(): void {
    this.journal.close();
  }

  setMode(): void {
    // One store: there is no reader replica to choose.
  }

  generateId(): string {
    return this.deps.ids.uuid();
  }

  // ---- writes ----

  createResource<T extends Resource>(resource: T, options?: CreateResourceOptions): Promise<WithId<T>> {
    // A plain POST ignores a client id (FHIR create); batch entries and conditional creates assign one.
    const id = options?.assignedId && resource.id ? resource.id : this.generateId();
    const previous = this.index.latest(resource.resourceType, id);
    if (previous && previous.method !== 'DELETE') {
      throw new OperationOutcomeError(conflict(`${resource.resourceType}/${id} already exists`));
    }
    return Promise.resolve(this.writeResource(resource, id, 'POST'));
  }

  /** Update, or create with the client's id when it does not exist yet (DESIGN §5: ids are UUIDs). */
  updateResource<T extends Resource>(resource: T, options?: UpdateResourceOptions): Promise<WithId<T>> {
    const id = resource.id;
    if (!id) throw new OperationOutcomeError(badRequest('Missing id', `${resource.resourceType}.id`));
    const previous = this.index.latest(resource.resourceType, id);
    assertIfMatch(previous, options?.ifMatch);
    // As HAPI does, an update that changes nothing makes no new version: a retried upload is a no-op.
    if (previous?.resource && sameContent(previous.resource, resource)) {
      return Promise.resolve(deepClone(previous.resource) as WithId<T>);
    }
    return Promise.resolve(this.writeResource(resource, id, 'PUT'));
  }

  /** Deleting what is absent or already deleted changes nothing and succeeds (FHIR delete is idempotent). */
  deleteResource(resourceType: string, id: string, options?: DeleteOptions): Promise<void> {
    assertKnownType(resourceType);
    const previous = this.index.latest(resourceType, id);
    if (!previous || previous.method === 'DELETE') return Promise.resolve();
    assertIfMatch(previous, options?.ifMatch);
    this.write({
      resourceType,
      id,
      versionId: this.nextVersionId(resourceType, id),
      lastUpdated: this.instants.next(),
      method: 'DELETE',
    });
    return Promise.resolve();
  }

  patchResource(): Promise<never> {
    return Promise.reject(
      new OperationOutcomeError(errorOutcome('not-supported', 'PATCH is not supported; use PUT with the whole resource')),
    );
  }

  /** Nested calls (a conditional create inside a transaction bundle) join the outer transaction. */
  async withTransaction<TResult>(callback: (client: undefined) => Promise<TResult>): Promise<TResult> {
    if (this.transaction) return callback(undefined);
    const written: StoredVersion[] = [];
    this.transaction = written;
    let result: TResult;
    try {
      result = await callback(undefined);
    } catch (err) {
      this.rollback(written);
      throw err;
    } finally {
      this.transaction = undefined;
    }
    if (written.length > 0) this.commit(written);
    return result;
  }

  // ---- reads ----

  /** True when the id exists and is not deleted. */
  isLive(resourceType: string, id: string): boolean {
    return this.index.latest(resourceType, id)?.resource !== undefined;
  }

  readResource<T extends Resource>(resourceType: string, id: string): Promise<WithId<T>> {
    assertKnownType(resourceType);
    const latest = this.index.latest(resourceType, id);
    if (!latest) return Promise.reject(new OperationOutcomeError(notFound));
    if (!latest.resource) return Promise.reject(new OperationOutcomeError(gone));
    return Promise.resolve(deepClone(latest.resource) as WithId<T>);
  }

  readReference<T extends Resource>(reference: Reference<T>): Promise<WithId<T>> {
    const parts = reference.reference?.split('/');
    if (parts?.length !== 2 || !parts[0] || !parts[1]) {
      return Promise.reject(new OperationOutcomeError(badRequest('Invalid reference')));
    }
    return this.readResource<T>(parts[0], parts[1]);
  }

  readReferences<T extends Resource>(references: readonly Reference<T>[]): Promise<(T | Error)[]> {
    return Promise.all(references.map((r) => this.readReference(r).catch((err: unknown) => toError(err))));
  }

  readVersion<T extends Resource>(resourceType: string, id: string, vid: string): Promise<WithId<T>> {
    assertKnownType(resourceType);
    const version = this.index.versionsOf(resourceType, id).find((v) => v.versionId === vid);
    if (!version) return Promise.reject(new OperationOutcomeError(notFound));
    if (!version.resource) return Promise.reject(new OperationOutcomeError(gone));
    return Promise.resolve(deepClone(version.resource) as WithId<T>);
  }

  readHistory<T extends Resource>(
    resourceType: string,
    id: string,
    options?: { offset?: number; limit?: number },
  ): Promise<Bundle<WithId<T>>> {
    const versions = this.instanceHistory(resourceType, id);
    const offset = options?.offset ?? 0;
    const page = versions.slice(offset, options?.limit === undefined ? undefined : offset + options.limit);
    return Promise.resolve({
      resourceType: 'Bundle',
      type: 'history',
      total: versions.length,
      entry: page.map((v) => historyEntry(v)),
    } as Bundle<WithId<T>>);
  }

  /** Newest first, deletes included; 404 if the id was never written. */
  instanceHistory(resourceType: string, id: string, since?: number): StoredVersion[] {
    assertKnownType(resourceType);
    const versions = this.index.versionsOf(resourceType, id);
    if (versions.length === 0) throw new OperationOutcomeError(notFound);
    return newestFirst(versions, since);
  }

  /** Newest first; every type when `resourceType` is undefined. */
  historyOf(resourceType: string | undefined, since?: number): StoredVersion[] {
    if (resourceType !== undefined) assertKnownType(resourceType);
    const all = this.index.all();
    return newestFirst(resourceType === undefined ? all : all.filter((v) => v.resourceType === resourceType), since);
  }

  /** Every live resource matching any of the requests, in the first request's sort order. */
  matchVersions(requests: readonly SearchRequest[]): StoredVersion[] {
    const matches: StoredVersion[] = [];
    for (const request of requests) {
      assertKnownType(request.resourceType);
      assertSupportedSearch(request);
      const isMatch = compileSearchRequest(request);
      for (const version of this.index.latestOfType(request.resourceType)) {
        if (version.resource && isMatch(version.resource)) matches.push(version);
      }
    }
    return sortVersions(matches, requests[0]?.sortRules);
  }

  search<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const matches = this.matchVersions([searchRequest]);
    const offset = searchRequest.offset ?? 0;
    const count = searchRequest.count;
    const page = matches.slice(offset, count === undefined ? undefined : offset + count);
    return Promise.resolve({
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      entry: page.map((v) => ({ resource: deepClone(v.resource) as WithId<T>, search: { mode: 'match' } })),
    });
  }

  async searchByReference<T extends Resource>(
    searchRequest: SearchRequest<T>,
    referenceField: string,
    references: string[],
  ): Promise<Record<string, WithId<T>[]>> {
    const results: Record<string, WithId<T>[]> = {};
    for (const reference of references) {
      const filter = { code: referenceField, operator: Operator.EQUALS, value: reference };
      const bundle = await this.search({ ...searchRequest, filters: [...(searchRequest.filters ?? []), filter] });
      results[reference] = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    }
    return results;
  }

  // ---- internals ----

  private writeResource<T extends Resource>(resource: T, id: string, method: WriteMethod): WithId<T> {
    assertKnownType(resource.resourceType);
    if (!isValidId(id)) {
      throw new OperationOutcomeError(badRequest(`Invalid id '${id}'`, `${resource.resourceType}.id`));
    }
    const versionId = this.nextVersionId(resource.resourceType, id);
    const lastUpdated = this.instants.next();
    const stored = { ...deepClone(resource), id, meta: { ...resource.meta, versionId, lastUpdated } } as WithId<T>;
    validateResource(stored); // throws an OperationOutcomeError (400) listing the errors
    this.write({ resourceType: resource.resourceType, id, versionId, lastUpdated, method, resource: stored });
    return deepClone(stored);
  }

  private nextVersionId(resourceType: string, id: string): string {
    return String(this.index.versionsOf(resourceType, id).length + 1);
  }

  /** Memory first so later entries of the same transaction see it; the journal before anyone is answered. */
  private write(version: StoredVersion): void {
    this.index.add(version);
    if (this.transaction) {
      this.transaction.push(version);
      return;
    }
    this.commit([version]);
  }

  private commit(versions: StoredVersion[]): void {
    const record: JournalRecord = { versions };
    try {
      this.journal.append(record);
    } catch (err) {
      this.rollback(versions);
      this.deps.logger.error('journal append failed', { err, versions: versions.length });
      throw new OperationOutcomeError(serverError(toError(err)));
    }
  }

  private rollback(versions: readonly StoredVersion[]): void {
    for (const version of [...versions].reverse()) this.index.removeLast(version);
  }
}

function journalVersions(record: unknown, line: number): readonly StoredVersion[] {
  const versions = (record as Partial<JournalRecord> | null)?.versions;
  if (!Array.isArray(versions) || !versions.every(isStoredVersion)) {
    throw new JournalCorruptError(`journal line ${line} is not a list of resource versions`);
  }
  return versions;
}

function assertKnownType(resourceType: string): void {
  if (!isKnownResourceType(resourceType)) {
    throw new OperationOutcomeError({
      ...notFound,
      issue: [{ severity: 'error', code: 'not-found', diagnostics: `Unknown resource type '${resourceType}'` }],
    });
  }
}

function assertIfMatch(current: StoredVersion | undefined, ifMatch: string | undefined): void {
  if (ifMatch === undefined) return;
  if (current !== undefined && current.method !== 'DELETE' && current.versionId === ifMatch) return;
  const found = current === undefined ? 'no such resource' : current.method === 'DELETE' ? 'a deleted resource' : `version ${weakETag(current.versionId)}`;
  throw new OperationOutcomeError(withDiagnostics(preconditionFailed, `If-Match ${weakETag(ifMatch)} but found ${found}`));
}

function withDiagnostics(base: OperationOutcome, diagnostics: string): OperationOutcome {
  return { ...base, issue: base.issue.map((i) => ({ ...i, diagnostics })) };
}

function sameContent(stored: Resource, incoming: Resource): boolean {
  const strip = (r: Resource): string => {
    const meta: Record<string, unknown> = { ...r.meta };
    delete meta.versionId;
    delete meta.lastUpdated;
    return JSON.stringify({ ...r, meta: Object.keys(meta).length > 0 ? meta : undefined });
  };
  return strip(stored) === strip(incoming);
}

function newestFirst(versions: readonly StoredVersion[], since: number | undefined): StoredVersion[] {
  const kept = since === undefined ? [...versions] : versions.filter((v) => Date.parse(v.lastUpdated) >= since);
  return kept.reverse();
}

const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
