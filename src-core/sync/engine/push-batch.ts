// Outbox entries as transaction entries (DESIGN §5 Push), grouped into transactions by bytes.
// Creates and updates are `PUT [type]/[id]` (ids are device UUIDs, so a retried upload can never
// duplicate); updates and deletes carry `If-Match: W/"<base>"`. The body goes without the local
// meta.versionId and meta.lastUpdated: they are the device's own counters, which the server
// replaces anyway, and sending them would only suggest a server version that does not exist.
// No fullUrl: a `urn:uuid:` fullUrl would make the server rewrite every string equal to it in the
// other entries (FHIR transaction rules), and plain PUTs by id need no placeholder.
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { OutcomeError, errorOutcome } from '../../fhir/outcome';
import type { OutgoingChange } from '../../store/fhir-store';

export interface PushItem {
  readonly change: OutgoingChange;
  readonly entry: BundleEntry;
  /** UTF-8 bytes of the serialized entry (what it adds to the transaction body). */
  readonly bytes: number;
}

export interface PushItemOptions {
  /**
   * Send without If-Match: the server deleted the resource (or never had it) and the person or
   * the merge decided to keep the local body, so the upload creates it again. A server answers an
   * If-Match on a deleted resource with 412 whatever the version, so it has to go unconditionally.
   */
  readonly recreate?: boolean;
}

export const resourceUrl = (resourceType: string, id: string): string => `${resourceType}/${id}`;

export const weakEtag = (versionId: string): string => `W/"${versionId}"`;

/** The body as uploaded: the local version stamps removed (see the file comment). */
export function uploadBody(resource: Resource): Resource {
  const meta = resource.meta;
  if (meta === undefined) return resource;
  const rest = { ...meta };
  delete rest.versionId;
  delete rest.lastUpdated;
  const copy = { ...resource };
  if (Object.keys(rest).length === 0) delete copy.meta;
  else copy.meta = rest;
  return copy;
}

export function pushEntry(change: OutgoingChange, options: PushItemOptions = {}): BundleEntry {
  const url = resourceUrl(change.resourceType, change.id);
  const ifMatch = options.recreate === true || change.baseServerVersionId === undefined ? undefined : weakEtag(change.baseServerVersionId);
  if (change.op === 'delete') {
    return { request: { method: 'DELETE', url, ...(ifMatch === undefined ? {} : { ifMatch }) } };
  }
  if (change.resource === undefined) {
    // The store gives a body for every create and update; a missing one is a store bug.
    throw new OutcomeError(errorOutcome('exception', `outbox entry ${url} (${change.op}) has no body`, [change.resourceType]));
  }
  return { resource: uploadBody(change.resource), request: { method: 'PUT', url, ...(ifMatch === undefined ? {} : { ifMatch }) } };
}

const encoder = new TextEncoder();
export const utf8Bytes = (text: string): number => encoder.encode(text).length;

export function pushItem(change: OutgoingChange, options: PushItemOptions = {}): PushItem {
  const entry = pushEntry(change, options);
  // +1 for the comma between entries.
  return { change, entry, bytes: utf8Bytes(JSON.stringify(entry)) + 1 };
}

/**
 * The longest prefix of `items` within `targetBytes` and `maxEntries`; at least one item, so a
 * resource larger than the target still goes (alone).
 */
export function takeBatch(items: readonly PushItem[], targetBytes: number, maxEntries: number): PushItem[] {
  const batch: PushItem[] = [];
  let bytes = 0;
  for (const item of items) {
    if (batch.length > 0 && (bytes + item.bytes > targetBytes || batch.length >= maxEntries)) break;
    batch.push(item);
    bytes += item.bytes;
  }
  return batch;
}

export const batchBytes = (items: readonly PushItem[]): number => items.reduce((sum, item) => sum + item.bytes, 0);

export function transactionBundle(items: readonly PushItem[]): Bundle {
  return { resourceType: 'Bundle', type: 'transaction', entry: items.map((item) => item.entry) };
}

/** Splits a refused batch in two halves (order kept), to isolate the entry the server refuses. */
export function bisect<T>(items: readonly T[]): [T[], T[]] {
  const half = Math.ceil(items.length / 2);
  return [items.slice(0, half), items.slice(half)];
}
