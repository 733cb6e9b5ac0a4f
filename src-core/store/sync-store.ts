// What the sync engine (src-core/sync, DESIGN §5) needs from the local store beyond FhirStore:
// writing server versions without creating outbox entries, sync state committed in the same
// transaction as the data it describes (a pulled page and its watermark), the base a local change
// descends from (for the three-way merge), and the two lists a person works through: conflicts
// and resources the server refused ("needs attention"). Both store implementations provide it
// and one contract suite checks them.
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { FhirStore, WithId } from './fhir-store';

/** One version of a resource as the central server holds it. */
export interface RemoteVersion {
  readonly resourceType: string;
  readonly id: string;
  /** The server's meta.versionId. */
  readonly serverVersionId: string;
  /** The server's meta.lastUpdated (absent for a delete learnt from history without a time). */
  readonly serverLastUpdated?: string;
  /** The server's body; absent when the server deleted the resource. */
  readonly resource?: Resource;
}

export interface RejectedRemote {
  readonly resourceType: string;
  readonly id: string;
  readonly serverVersionId: string;
  /** Why the store refused the body (validation), naming the element path. */
  readonly outcome: OperationOutcome;
}

export interface ApplyRemoteResult {
  /** Written as new local versions in sync with the server (no outbox entry). */
  readonly applied: number;
  /**
   * Dropped: the store already holds this server version (or the resource is already deleted
   * and the server deleted it too). Pages that overlap at a watermark boundary land here.
   */
  readonly unchanged: number;
  /**
   * Not written because the resource has a pending local change: the engine merges or records a
   * conflict. The store holds them nowhere; they come back as given.
   */
  readonly pending: RemoteVersion[];
  /** Not written: the body failed validation. Nothing else in the call is affected. */
  readonly rejected: RejectedRemote[];
}

/** Sync bookkeeping entries (watermarks, last run): plain metadata, no patient data. */
export type SyncStateEntries = Readonly<Record<string, string>>;

/** Base, local and remote of a resource whose local and remote edits did not merge. */
export interface SyncConflict {
  readonly resourceType: string;
  readonly id: string;
  /** The last version both sides agreed on (absent if unknown). */
  readonly base?: Resource;
  /** The local body (absent: deleted locally). */
  readonly local?: Resource;
  /** The server body (absent: deleted on the server). */
  readonly remote?: Resource;
  readonly remoteVersionId: string;
  /** Element paths edited on both sides, for the field-by-field view. */
  readonly paths: readonly string[];
  /** When the conflict was recorded (ISO instant). */
  readonly recorded: string;
}

/** A resource the server refused for a reason retrying cannot fix. */
export interface AttentionItem {
  readonly resourceType: string;
  readonly id: string;
  /** The local version that was refused. */
  readonly versionId: string;
  /** The server's OperationOutcome (only issue codes, paths and texts: it is stored encrypted). */
  readonly outcome: OperationOutcome;
  readonly recorded: string;
}

export interface RebaseOptions {
  /**
   * The local versionId the merge was computed from. When given and the resource has moved on
   * since (a person saved again meanwhile), rebase fails with a version conflict and writes
   * nothing, so that newer local edit is not overwritten by a merge that never saw it.
   */
  readonly ifMatch?: string;
}

export interface SyncStore extends FhirStore {
  /**
   * In one transaction: writes each server version as a new local version in sync with the
   * server (validated like every write; a delete leaves a tombstone), and sets `state`. Remote
   * versions of resources with a pending local change are returned in `pending`, untouched.
   */
  applyRemote(versions: readonly RemoteVersion[], state?: SyncStateEntries): Promise<ApplyRemoteResult>;
  /**
   * Settles a pending local change against the server's newer version, in one transaction: the
   * remote version is stored as in sync (it becomes the base), then `merged` (a body, or
   * 'delete') is written as the local version whose pending change carries If-Match on
   * `remote.serverVersionId`. With `merged` equal to the remote body the change is dropped.
   * Any conflict record for the resource is removed.
   */
  rebase(remote: RemoteVersion, merged: Resource | 'delete', options?: RebaseOptions): Promise<WithId<Resource> | undefined>;
  /** The body of the local version that equals the server version the resource descends from. */
  syncBase(resourceType: string, id: string): Promise<Resource | undefined>;
  readSyncState(key: string): Promise<string | undefined>;
  writeSyncState(state: SyncStateEntries): Promise<void>;
  /** Conflicts (bodies encrypted at rest like every body), one per resource; a newer one replaces it. */
  putConflict(conflict: SyncConflict): Promise<void>;
  conflicts(): Promise<SyncConflict[]>;
  removeConflict(resourceType: string, id: string): Promise<void>;
  /** Needs-attention list, one per resource; a newer one replaces it. */
  putAttention(item: AttentionItem): Promise<void>;
  attention(): Promise<AttentionItem[]>;
  removeAttention(resourceType: string, id: string): Promise<void>;
}
