// Row shapes of the IndexedDB tables. Everything plain is metadata sync needs (no patient data);
// the body is sealed with StoreCipher and the index entries are keyed hashes.
import type { PendingChange } from '../fhir-store';

export interface ResourceRow {
  /** "Type/id" */
  readonly key: string;
  readonly resourceType: string;
  readonly id: string;
  /** Local version number (meta.versionId inside the body). */
  readonly versionId: number;
  readonly lastUpdated: string;
  /** 0/1: booleans are not IndexedDB keys. */
  readonly deleted: 0 | 1;
  /** The server version the newest local version descends from (If-Match base). */
  readonly serverVersionId?: string;
  /** (v2) The local version that holds exactly server version `serverVersionId` (the merge base). */
  readonly syncedVersionId?: number;
  /** (v2) The server's meta.lastUpdated of `serverVersionId`, when known. */
  readonly serverLastUpdated?: string;
  /**
   * Server version `serverVersionId` is a deletion. Optional, no schema change: rows written
   * before it was kept lack it and read as false.
   */
  readonly serverDeleted?: true;
  /** Sealed JSON; null for a tombstone. */
  readonly body: Uint8Array | null;
  /** Hashed index entries; empty for a tombstone. */
  readonly idx: readonly string[];
}

export interface VersionRow {
  readonly key: string;
  readonly versionId: number;
  readonly lastUpdated: string;
  readonly deleted: 0 | 1;
  readonly serverVersionId?: string;
  readonly body: Uint8Array | null;
}

export interface ChangeRow extends PendingChange {
  readonly key: string;
}

export interface MetaRow {
  readonly key: string;
  readonly value: number;
}

/** (v2) Sync bookkeeping (watermarks, last run): plain metadata, no patient data. */
export interface SyncStateRow {
  readonly key: string;
  readonly value: string;
}

/** (v2) A conflict record, one per resource ("Type/id"): versions in the clear, bodies sealed. */
export interface ConflictRow {
  readonly key: string;
  readonly resourceType: string;
  readonly id: string;
  readonly remoteVersionId: string;
  readonly recorded: string;
  /** Sealed JSON of { base, local, remote, paths }. */
  readonly sealed: Uint8Array;
}

/** (v2) A needs-attention item, one per resource: the refused local version, the outcome sealed. */
export interface AttentionRow {
  readonly key: string;
  readonly resourceType: string;
  readonly id: string;
  readonly versionId: string;
  readonly recorded: string;
  /** Sealed JSON of { outcome }. */
  readonly sealed: Uint8Array;
}

/** What a sealed body is bound to: its row and version, so no body can be moved or replayed. */
export const bodyAad = (key: string, versionId: number): string => `${key}/_history/${String(versionId)}`;

/**
 * A sealed conflict is bound to its row and to every plain field beside it, so neither the
 * record nor its metadata can be swapped or edited unnoticed. (A JSON array cannot collide with
 * a body's "Type/id/_history/n".)
 */
export const conflictAad = (row: Omit<ConflictRow, 'sealed'>): string =>
  JSON.stringify(['conflict', row.key, row.resourceType, row.id, row.remoteVersionId, row.recorded]);

export const attentionAad = (row: Omit<AttentionRow, 'sealed'>): string =>
  JSON.stringify(['attention', row.key, row.resourceType, row.id, row.versionId, row.recorded]);
