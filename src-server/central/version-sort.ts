// Deterministic ordering for search results. Medplum's memory search applies sort rules one after
// another (the last rule wins) and leaves ties in map order; paging needs a total order, so rules
// apply in priority order with (lastUpdated, type, id) breaking ties.
import type { SortRule } from '@medplum/core';
import { evalFhirPath, getSearchParameter } from '@medplum/core';
import type { StoredVersion } from './stored-version';

type SortKey = string | number | undefined;

export function sortVersions(versions: readonly StoredVersion[], rules: readonly SortRule[] = []): StoredVersion[] {
  const keyed = versions.map((version) => ({ version, keys: rules.map((rule) => sortKey(version, rule.code)) }));
  keyed.sort((a, b) => {
    for (const [i, rule] of rules.entries()) {
      const order = compareKeys(a.keys[i], b.keys[i], rule.descending === true);
      if (order !== 0) return order;
    }
    return compareDefault(a.version, b.version);
  });
  return keyed.map((k) => k.version);
}

function compareDefault(a: StoredVersion, b: StoredVersion): number {
  return (
    compareStrings(a.lastUpdated, b.lastUpdated) ||
    compareStrings(a.resourceType, b.resourceType) ||
    compareStrings(a.id, b.id)
  );
}

/** Missing values sort last in either direction, as HAPI does. */
function compareKeys(a: SortKey, b: SortKey, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : compareStrings(String(a), String(b));
  return descending ? -order : order;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortKey(version: StoredVersion, code: string): SortKey {
  if (code === '_lastUpdated') return version.lastUpdated;
  if (code === '_id') return version.id;
  const expression = getSearchParameter(version.resourceType, code)?.expression;
  if (!expression || !version.resource) return undefined;
  return primitiveKey(evalFhirPath(expression, version.resource)[0]);
}

/** The element a person would sort by: a name's family, a coding's code, a period's start. */
function primitiveKey(value: unknown): SortKey {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const field of ['family', 'text', 'value', 'code', 'start', 'display', 'reference']) {
    const key = primitiveKey(record[field]);
    if (key !== undefined) return key;
  }
  const coding = record.coding;
  return Array.isArray(coding) ? primitiveKey(coding[0]) : undefined;
}
