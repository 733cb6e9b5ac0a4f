// Server pages as the store's RemoteVersions (DESIGN §5 Pull), and the watermarks they move.
// Watermarks are the server's own instants (meta.lastUpdated, response.lastModified), never the
// device clock: a health post's PC clock is often wrong by hours, and only the server's order of
// writes says what a later `_lastUpdated=ge…` or `_history?_since=…` will return.
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { RemoteVersion } from '../../store/sync-store';
import { entryInstant, entryVersion } from './transaction-acks';

/** Search matches of a page (included resources and outcomes are not data to store). */
export function searchVersions(page: Bundle, resourceType: string): RemoteVersion[] {
  const versions: RemoteVersion[] = [];
  for (const entry of page.entry ?? []) {
    const resource = entry.resource;
    if (resource?.resourceType !== resourceType || (entry.search?.mode ?? 'match') !== 'match' || resource.id === undefined) continue;
    const serverVersionId = resource.meta?.versionId;
    if (serverVersionId === undefined) continue;
    const serverLastUpdated = resource.meta?.lastUpdated;
    versions.push({
      resourceType,
      id: resource.id,
      serverVersionId,
      ...(serverLastUpdated === undefined ? {} : { serverLastUpdated }),
      resource,
    });
  }
  return versions;
}

/** The latest instant among `instants` (ISO strings compared as times); undefined when none parses. */
export function latestInstant(instants: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  let bestMs = Number.NEGATIVE_INFINITY;
  for (const instant of instants) {
    if (instant === undefined) continue;
    const ms = Date.parse(instant);
    if (Number.isFinite(ms) && ms > bestMs) {
      best = instant;
      bestMs = ms;
    }
  }
  return best;
}

/** True when `candidate` is a later instant than `current` (or there is no current one). */
export function isLater(candidate: string, current: string | undefined): boolean {
  if (current === undefined) return true;
  return Date.parse(candidate) > Date.parse(current);
}

/** The instant to ask from: the watermark moved back by the overlap (for servers whose commit order and timestamps can disagree). */
export function queryInstant(watermark: string, overlapMs: number): string {
  if (overlapMs <= 0) return watermark;
  const ms = Date.parse(watermark);
  return Number.isFinite(ms) ? new Date(ms - overlapMs).toISOString() : watermark;
}

/** "Patient/x" or "…/Patient/x/_history/2" → x, for history entries (deletes carry no resource). */
function historyEntryId(entry: BundleEntry, resourceType: string): string | undefined {
  if (entry.resource?.id !== undefined) return entry.resource.id;
  for (const url of [entry.request?.url, entry.fullUrl, entry.response?.location]) {
    if (url === undefined) continue;
    const match = new RegExp(`(?:^|/)${resourceType}/([A-Za-z0-9\\-.]{1,64})(?:/_history/|$|\\?)`).exec(url);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

export interface HistoryPageScan {
  /** Deletions that are the newest change of their resource in this history pull. */
  readonly deletes: RemoteVersion[];
  /** The latest instant on the page. */
  readonly latest: string | undefined;
}

/**
 * A history page, newest first: only the first entry seen for each id counts (`seen` spans the
 * pages of one pull), so a resource deleted and then written again is not deleted here.
 */
export function scanHistoryPage(page: Bundle, resourceType: string, seen: Set<string>): HistoryPageScan {
  const deletes: RemoteVersion[] = [];
  const instants: (string | undefined)[] = [];
  for (const entry of page.entry ?? []) {
    const id = historyEntryId(entry, resourceType);
    const instant = entryInstant(entry);
    instants.push(instant);
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    if (entry.request?.method !== 'DELETE') continue;
    const serverVersionId = entryVersion(entry);
    if (serverVersionId === undefined) continue;
    deletes.push({ resourceType, id, serverVersionId, ...(instant === undefined ? {} : { serverLastUpdated: instant }) });
  }
  return { deletes, latest: latestInstant(instants) };
}
