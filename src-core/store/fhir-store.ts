// The local FHIR store port (DESIGN §4). Two implementations pass one contract suite: the memory
// store (the reference) and the Dexie store (IndexedDB, encrypted). Every failure is an
// OutcomeError carrying an OperationOutcome.
//
// Versions: `meta.versionId` is the LOCAL version ("1", "2", …) and `meta.lastUpdated` the local
// write time. The version the central server knows (the If-Match base for sync) is kept beside
// the resource, in `VersionInfo.serverVersionId`, never inside the body.
import type { Bundle, ExtractResource, Resource, ResourceType } from '@medplum/fhirtypes';

/**
 * FHIR search parameters as a query string would carry them: a repeated key is an array (AND),
 * a comma inside one value separates alternatives (OR), modifiers stay in the key ("name:exact").
 * Result parameters: `_sort`, `_count`, `_include`, `_revinclude`, and `_cursor` (the `next` value
 * of a previous page).
 */
export type SearchParams = Readonly<Record<string, string | readonly string[]>>;

/** A searchset page. */
export interface SearchResult<T extends Resource = Resource> {
  /** The matches on this page, in the requested order. */
  readonly resources: T[];
  /** Resources added by `_include` / `_revinclude` (never also in `resources`). */
  readonly included: Resource[];
  /** All matches, across pages. */
  readonly total: number;
  /** Opaque cursor for the next page (pass as `_cursor` with the same parameters); absent on the last page. */
  readonly next?: string;
}

export interface VersionInfo {
  readonly resourceType: string;
  readonly id: string;
  /** Local version id (also `meta.versionId` of the body). */
  readonly versionId: string;
  readonly lastUpdated: string;
  readonly deleted: boolean;
  /** The server's versionId this local version descends from (If-Match base), when known. */
  readonly serverVersionId?: string;
}

/** One local version, newest first in `history`; a deletion has no resource. */
export interface HistoryEntry extends VersionInfo {
  readonly resource?: Resource;
}

export type ChangeOperation = 'create' | 'update' | 'delete';

/** The squashed outbox entry of one resource: the net effect of every unsent local write. */
export interface PendingChange {
  readonly resourceType: string;
  readonly id: string;
  /** create: the server never saw it; update/delete: send with If-Match on the base. */
  readonly op: ChangeOperation;
  /** The local version to upload (the newest). */
  readonly versionId: string;
  /** Server versionId to send as If-Match; absent for a create. */
  readonly baseServerVersionId?: string;
  /** Order of the first unsent write to this resource (stable tie-breaker). */
  readonly seq: number;
}

/** A pending change with what to upload: the resource body (absent for a delete). */
export interface OutgoingChange extends PendingChange {
  readonly resource?: Resource;
}

/** The server accepted local version `versionId` and now holds it as `serverVersionId`. */
export interface SentAck {
  readonly resourceType: string;
  readonly id: string;
  readonly versionId: string;
  /** Absent when the server returned no version (e.g. for a delete). */
  readonly serverVersionId?: string;
  /**
   * The server's meta.lastUpdated of that version (the response's `lastModified`), when known: it
   * lets a later pull recognise an older server version whose versionId is opaque (not a number).
   */
  readonly serverLastUpdated?: string;
}

export interface StoreStats {
  /** Live (not deleted) resources. */
  readonly resources: number;
  /** Tombstones kept for sync. */
  readonly deleted: number;
  /** Every stored version, current ones and tombstones included. */
  readonly versions: number;
  readonly pendingChanges: number;
}

export interface UpdateOptions {
  /** Local versionId the caller edited; a different current version is a conflict. */
  readonly ifMatch?: string;
}

export type WithId<T extends Resource> = T & { id: string; meta: NonNullable<T['meta']> };

export interface FhirStore {
  /** Stores a new resource under a device-assigned UUID (any id in the input is replaced). */
  create<T extends Resource>(resource: T): Promise<WithId<T>>;
  read<K extends ResourceType>(resourceType: K, id: string): Promise<WithId<ExtractResource<K>>>;
  /** Writes a new version; creates the resource under its given id when it does not exist. */
  update<T extends Resource>(resource: T, options?: UpdateOptions): Promise<WithId<T>>;
  /** Deletes (a tombstone stays for sync); deleting a deleted resource does nothing. */
  delete(resourceType: ResourceType, id: string): Promise<void>;
  /** Local versions, newest first. */
  history(resourceType: ResourceType, id: string): Promise<HistoryEntry[]>;
  versionInfo(resourceType: ResourceType, id: string): Promise<VersionInfo | undefined>;
  search<K extends ResourceType>(resourceType: K, params?: SearchParams): Promise<SearchResult<ExtractResource<K>>>;
  /** The patient and every resource in its compartment (FHIR patient CompartmentDefinition). */
  everythingForPatient(patientId: string): Promise<Resource[]>;
  /**
   * Imports a transaction, batch or collection Bundle (object or JSON text) atomically: every
   * entry is written or none. `urn:uuid` references are resolved to the assigned ids.
   */
  importBundle(bundle: Bundle | string): Promise<Bundle>;
  /** The outbox, ordered so referenced resources go before the resources that reference them. */
  pendingChanges(): Promise<OutgoingChange[]>;
  /** Records what the server accepted, in one transaction. */
  markSent(acks: readonly SentAck[]): Promise<void>;
  stats(): Promise<StoreStats>;
}
