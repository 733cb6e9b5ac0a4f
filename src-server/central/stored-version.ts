// One version of one resource, exactly as the journal keeps it. A delete is a version without a body,
// so history can report it (sync pulls deletes through `_history?_since=`).
import type { BundleEntry, Resource } from '@medplum/fhirtypes';
import { deepClone } from '@medplum/core';

export type WriteMethod = 'POST' | 'PUT' | 'DELETE';

export interface StoredVersion {
  readonly resourceType: string;
  readonly id: string;
  readonly versionId: string;
  readonly lastUpdated: string;
  readonly method: WriteMethod;
  /** The resource with its meta.versionId and meta.lastUpdated; absent for a delete. */
  readonly resource?: Resource;
}

export const versionKey = (resourceType: string, id: string): string => `${resourceType}/${id}`;

export const weakETag = (versionId: string): string => `W/"${versionId}"`;

export function isStoredVersion(value: unknown): value is StoredVersion {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const basics =
    typeof v.resourceType === 'string' &&
    typeof v.id === 'string' &&
    typeof v.versionId === 'string' &&
    typeof v.lastUpdated === 'string' &&
    !Number.isNaN(Date.parse(v.lastUpdated)) &&
    (v.method === 'POST' || v.method === 'PUT' || v.method === 'DELETE');
  if (!basics) return false;
  if (v.method === 'DELETE') return v.resource === undefined;
  const resource = v.resource as Resource | undefined;
  return (
    resource !== undefined &&
    resource.resourceType === v.resourceType &&
    resource.id === v.id &&
    resource.meta?.versionId === v.versionId &&
    resource.meta?.lastUpdated === v.lastUpdated
  );
}

/** The response status the original write had, as history reports it. */
function historyStatus(version: StoredVersion): string {
  if (version.method === 'DELETE') return '410';
  return version.method === 'POST' || version.versionId === '1' ? '201' : '200';
}

/**
 * A `history` Bundle entry (https://hl7.org/fhir/R4/http.html#history). With `body: 'shared'` the
 * entry holds the stored resource itself instead of a copy: only for a Bundle that is serialized
 * at once and never changed (a page being sent), since stored versions must never be mutated.
 */
export function historyEntry(version: StoredVersion, baseUrl?: string, body: 'copy' | 'shared' = 'copy'): BundleEntry {
  const reference = versionKey(version.resourceType, version.id);
  const resource = version.resource === undefined || body === 'shared' ? version.resource : deepClone(version.resource);
  return {
    ...(baseUrl === undefined ? {} : { fullUrl: `${baseUrl}/${reference}` }),
    ...(resource === undefined ? {} : { resource }),
    request: { method: version.method, url: version.method === 'POST' ? version.resourceType : reference },
    response: {
      status: historyStatus(version),
      etag: weakETag(version.versionId),
      lastModified: version.lastUpdated,
    },
  };
}
