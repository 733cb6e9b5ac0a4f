// Turns a result list (or a page set) into one Bundle page with absolute self/next/previous links.
// A page's entries hold the stored resources themselves, not copies: the page is serialized as soon
// as it is built and nothing changes it (stored versions are immutable). Copying them cost more
// than anything else in serving a sync pull (300,000 resources for a health post's first sync).
import type { Bundle, BundleEntry, BundleLink } from '@medplum/fhirtypes';
import type { PageKind, PageSet, PageSets } from './page-sets';
import type { StoredVersion } from './stored-version';
import { historyEntry, versionKey } from './stored-version';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 1000;

export interface PageLinks {
  /** Absolute base, e.g. http://127.0.0.1:8090/fhir/R4 */
  readonly baseUrl: string;
  /** Absolute URL of the request being answered. */
  readonly selfUrl: string;
}

export interface PageWindow {
  readonly offset: number;
  /** undefined: the default page size; 0: only the total (`_summary=count`). */
  readonly count: number | undefined;
}

/** Answers a first request; keeps a page set only when there is more than one page. */
export function firstPage(
  sets: PageSets,
  kind: PageKind,
  versions: readonly StoredVersion[],
  window: PageWindow,
  links: PageLinks,
): Bundle {
  const count = pageSize(window.count);
  if (count === 0) {
    return { resourceType: 'Bundle', type: kind, total: versions.length, link: [{ relation: 'self', url: links.selfUrl }] };
  }
  const more = window.offset + count < versions.length;
  const set = more || window.offset > 0 ? sets.add(kind, versions) : undefined;
  return renderPage(kind, versions, set?.id, { offset: window.offset, count }, links);
}

export function laterPage(set: PageSet, window: PageWindow, links: PageLinks): Bundle {
  return renderPage(set.kind, set.versions, set.id, { offset: window.offset, count: pageSize(window.count) || DEFAULT_PAGE_SIZE }, links);
}

function pageSize(requested: number | undefined): number {
  return Math.min(requested ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

function renderPage(
  kind: PageKind,
  versions: readonly StoredVersion[],
  setId: string | undefined,
  window: { offset: number; count: number },
  links: PageLinks,
): Bundle {
  const { offset, count } = window;
  const page = versions.slice(offset, offset + count);
  const link: BundleLink[] = [{ relation: 'self', url: links.selfUrl }];
  if (setId !== undefined && offset + count < versions.length) {
    link.push({ relation: 'next', url: pageUrl(links.baseUrl, setId, offset + count, count) });
  }
  if (setId !== undefined && offset > 0) {
    link.push({ relation: 'previous', url: pageUrl(links.baseUrl, setId, Math.max(0, offset - count), count) });
  }
  return {
    resourceType: 'Bundle',
    type: kind,
    total: versions.length,
    link,
    entry: page.map((v) => (kind === 'history' ? historyEntry(v, links.baseUrl, 'shared') : searchEntry(v, links.baseUrl))),
  };
}

function searchEntry(version: StoredVersion, baseUrl: string): BundleEntry {
  return {
    fullUrl: `${baseUrl}/${versionKey(version.resourceType, version.id)}`,
    ...(version.resource === undefined ? {} : { resource: version.resource }),
    search: { mode: 'match' },
  };
}

function pageUrl(baseUrl: string, setId: string, offset: number, count: number): string {
  const query = new URLSearchParams({ _getpages: setId, _getpagesoffset: String(offset), _count: String(count) });
  return `${baseUrl}?${query.toString()}`;
}
