// The search pipeline both stores share: candidates from the store, exact matching, sorting,
// keyset paging, then _include and _revinclude. Only the source differs between stores (every
// resource of the type in memory; hashed-index lookups in IndexedDB). When the index alone
// decides the criteria and the order is by id, an indexed store skips opening every match and
// opens just the page (`exactMatches`); the answer is the same either way.
import type { Resource } from '@medplum/fhirtypes';
import type { SearchResult } from '../fhir-store';
import { invalidSearch } from '../store-errors';
import { EvaluatedResource, matchesAll, matchesCriterion } from './match-resource';
import type { Criterion, IncludeSpec, SearchQuery } from './search-query';
import { compareSorted, sortSignature, sortValue, type SortValue } from './sort-resources';
import type { CursorCodec } from './search-cursor';
import { referenceForms } from './search-values';

export interface SearchSource {
  /** Live resources of the type that may satisfy every criterion: a superset of the matches. */
  candidates(resourceType: string, criteria: readonly Criterion[]): Promise<Resource[]>;
  /** Live resources by "Type/id"; missing and deleted ones are left out. */
  readMany(keys: readonly string[]): Promise<Resource[]>;
  /**
   * The ids of exactly the live resources of the type that satisfy every criterion, when the
   * store's index can tell without opening them; undefined when it cannot.
   */
  exactMatches?(resourceType: string, criteria: readonly Criterion[]): Promise<string[] | undefined>;
}

interface Ranked<T> {
  readonly item: T;
  readonly id: string;
  readonly keys: readonly SortValue[];
}

export const resourceKey = (r: Resource): string => `${r.resourceType}/${r.id ?? ''}`;

/** Ranked matches: every match opened and checked, then sorted. */
async function rankAll(source: SearchSource, query: SearchQuery): Promise<Ranked<EvaluatedResource>[]> {
  const ranked: Ranked<EvaluatedResource>[] = [];
  for (const resource of await source.candidates(query.resourceType, query.criteria)) {
    const item = new EvaluatedResource(resource);
    if (!matchesAll(item, query.criteria)) continue;
    ranked.push({ item, id: resource.id ?? '', keys: query.sort.map((spec) => sortValue(item, spec)) });
  }
  return ranked.sort((a, b) => compareSorted(query.sort, a, b));
}

/**
 * Ranked matches without opening them: possible when the index decides every criterion and the
 * order needs nothing but the id (no _sort, or _sort=_id). Only the page is opened afterwards.
 */
async function rankByIndex(source: SearchSource, query: SearchQuery): Promise<Ranked<string>[] | undefined> {
  if (source.exactMatches === undefined || !query.sort.every((s) => s.def.code === '_id')) return undefined;
  const ids = await source.exactMatches(query.resourceType, query.criteria);
  if (ids === undefined) return undefined;
  return ids
    .map((id) => ({ item: id, id, keys: query.sort.map(() => id) }))
    .sort((a, b) => compareSorted(query.sort, a, b));
}

async function pageOf<T>(ranked: readonly Ranked<T>[], query: SearchQuery, cursors: CursorCodec): Promise<{ page: Ranked<T>[]; next?: string }> {
  const scope = `${query.resourceType}?${sortSignature(query.sort)}`;
  let start = 0;
  if (query.cursor !== undefined) {
    const after = await cursors.decode(query.cursor);
    if (after.scope !== scope) throw invalidSearch('_cursor belongs to a different search');
    start = ranked.findIndex((r) => compareSorted(query.sort, r, after) > 0);
    if (start < 0) start = ranked.length;
  }
  const page = ranked.slice(start, start + query.count);
  const last = page.at(-1);
  const hasMore = query.count > 0 && start + page.length < ranked.length && last !== undefined;
  return hasMore ? { page, next: await cursors.encode({ scope, keys: last.keys, id: last.id }) } : { page };
}

export async function runSearch(source: SearchSource, query: SearchQuery, cursors: CursorCodec): Promise<SearchResult> {
  let total: number;
  let resources: Resource[];
  let next: string | undefined;
  const byIndex = await rankByIndex(source, query);
  if (byIndex !== undefined) {
    const paged = await pageOf(byIndex, query, cursors);
    const opened = new Map((await source.readMany(paged.page.map((r) => `${query.resourceType}/${r.id}`))).map((r) => [r.id, r]));
    resources = paged.page.flatMap((r) => opened.get(r.id) ?? []);
    total = byIndex.length;
    next = paged.next;
  } else {
    const ranked = await rankAll(source, query);
    const paged = await pageOf(ranked, query, cursors);
    resources = paged.page.map((r) => r.item.resource);
    total = ranked.length;
    next = paged.next;
  }
  const included = await includes(
    source,
    query,
    resources.map((r) => new EvaluatedResource(r)),
  );
  return { resources, included, total, ...(next === undefined ? {} : { next }) };
}

function targetsOf(spec: IncludeSpec, refs: readonly string[]): string[] {
  const types = spec.targetType !== undefined ? [spec.targetType] : spec.def.targets;
  return refs.filter((ref) => {
    const type = /^([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}$/.exec(ref)?.[1];
    return type !== undefined && (types.length === 0 || types.includes(type));
  });
}

async function includes(source: SearchSource, query: SearchQuery, page: readonly EvaluatedResource[]): Promise<Resource[]> {
  if (page.length === 0 || (query.include.length === 0 && query.revinclude.length === 0)) return [];
  const seen = new Set(page.map((r) => resourceKey(r.resource)));
  const out = new Map<string, Resource>();
  const add = (r: Resource): void => {
    const key = resourceKey(r);
    if (!seen.has(key)) out.set(key, r);
  };

  const wanted = new Set<string>();
  for (const spec of query.include) {
    for (const r of page) for (const ref of targetsOf(spec, referenceForms(r.values(spec.def)))) wanted.add(ref);
  }
  for (const r of await source.readMany([...wanted].filter((k) => !seen.has(k)))) add(r);

  for (const spec of query.revinclude) {
    if (spec.targetType !== undefined && spec.targetType !== query.resourceType) continue;
    const criterion: Criterion = { kind: 'reference', def: spec.def, values: page.map((r) => resourceKey(r.resource)) };
    for (const r of await source.candidates(spec.sourceType, [criterion])) {
      if (matchesCriterion(new EvaluatedResource(r), criterion)) add(r);
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}
