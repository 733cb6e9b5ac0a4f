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
  readonly serverVersionId?: string;
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

/** What a sealed body is bound to: its row and version, so no body can be moved or replayed. */
export const bodyAad = (key: string, versionId: number): string => `${key}/_history/${String(versionId)}`;
