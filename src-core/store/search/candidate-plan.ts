// How one search criterion narrows candidates in an indexed store. The plan only has to return a
// superset of the matches: every candidate is opened and checked exactly afterwards.
import { candidateWindow, type DateRange } from './date-range';
import { windowBuckets } from './date-buckets';
import { MAX_PREFIX_LENGTH, codeKey, dateKey, lookupDomains, prefixKey, referenceKey, uriKey, type IndexKey } from './index-keys';
import type { Criterion } from './search-query';

export type CandidatePlan =
  /**
   * Resources having any of these index entries. `exact`: having one is the same as matching
   * (keyed hashes are 128-bit; a collision is not a practical concern), so no candidate needs
   * opening to be checked.
   */
  | { readonly kind: 'keys'; readonly keys: readonly IndexKey[]; readonly exact: boolean }
  /** Resources with one of these ids (`_id`). */
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  /** Resources whose plain lastUpdated falls in the window. */
  | { readonly kind: 'lastUpdated'; readonly window: DateRange }
  /** This criterion cannot narrow (e.g. `ne`, or a system without a code). */
  | { readonly kind: 'any' };

const ANY: CandidatePlan = { kind: 'any' };

function hull(windows: readonly DateRange[]): DateRange {
  return { start: Math.min(...windows.map((w) => w.start)), end: Math.max(...windows.map((w) => w.end)) };
}

/**
 * Plans for all criteria of one search. Date criteria on the same single-valued parameter
 * (`birthdate=ge1990&birthdate=lt1991`) are looked up as one window, their intersection: one
 * value overlapping each of several intervals that overlap each other overlaps all of them at once
 * (Helly's theorem on the line), so nothing is lost, and the lookup touches only the buckets of
 * the intersection instead of two half-lines of buckets.
 */
export function planCriteria(criteria: readonly Criterion[]): CandidatePlan[] {
  const windows = new Map<string, { readonly criterion: Criterion; readonly window: DateRange }[]>();
  const rest: Criterion[] = [];
  for (const c of criteria) {
    const value = c.kind === 'date' && c.values.length === 1 ? c.values[0] : undefined;
    const window = value === undefined ? undefined : candidateWindow(value.prefix, value.range);
    if (c.kind !== 'date' || !c.def.singleValued || c.def.code === '_lastUpdated' || window === undefined) {
      rest.push(c);
      continue;
    }
    windows.set(c.def.code, [...(windows.get(c.def.code) ?? []), { criterion: c, window }]);
  }
  const plans = rest.map(planCriterion);
  for (const group of windows.values()) {
    const first = group[0];
    if (first === undefined) continue;
    const start = Math.max(...group.map((g) => g.window.start));
    const end = Math.min(...group.map((g) => g.window.end));
    if (group.length === 1 || end <= start) {
      plans.push(...group.map((g) => planCriterion(g.criterion)));
      continue;
    }
    const domains = lookupDomains(first.criterion.def);
    plans.push({ kind: 'keys', keys: everyDomain(domains, windowBuckets({ start, end }).map(dateKey)), exact: false });
  }
  return plans;
}

/** True when the plans' index lookups alone decide every criterion. */
export function isExact(plans: readonly CandidatePlan[]): boolean {
  return plans.every((p) => p.kind === 'keys' && p.exact);
}

/** Each value under each domain: a parameter answered by several others is any of their entries. */
function everyDomain(domains: readonly string[], values: readonly string[]): IndexKey[] {
  return domains.flatMap((domain) => values.map((value) => ({ domain, value })));
}

export function planCriterion(criterion: Criterion): CandidatePlan {
  const domains = lookupDomains(criterion.def);
  switch (criterion.kind) {
    case 'token': {
      if (criterion.def.code === '_id') {
        return { kind: 'ids', ids: criterion.values.flatMap((v) => (v.code !== undefined && !v.system ? [v.code] : [])) };
      }
      const codes: string[] = [];
      for (const v of criterion.values) {
        if (v.code === undefined) return ANY;
        codes.push(codeKey(v.code));
      }
      // The entry holds the code only: a search naming a system (or "no system") is checked after.
      return { kind: 'keys', keys: everyDomain(domains, codes), exact: criterion.values.every((v) => v.system === undefined) };
    }
    case 'string':
      return {
        kind: 'keys',
        keys: everyDomain(
          domains,
          criterion.values.map((v) => {
            // Any one word narrows correctly; the longest narrows most.
            const longest = v.words.reduce((a, b) => (Array.from(b).length > Array.from(a).length ? b : a));
            return prefixKey(longest);
          }),
        ),
        // One word within the prefix limit is answered by its entry; several words must be
        // found in the same name, which only the body tells.
        exact: !criterion.exact && criterion.values.every((v) => v.words.length === 1 && Array.from(v.words[0] ?? '').length <= MAX_PREFIX_LENGTH),
      };
    case 'reference':
      return { kind: 'keys', keys: everyDomain(domains, criterion.values.map(referenceKey)), exact: true };
    case 'uri':
      return { kind: 'keys', keys: everyDomain(domains, criterion.values.map(uriKey)), exact: true };
    case 'date': {
      const windows: DateRange[] = [];
      for (const v of criterion.values) {
        const window = candidateWindow(v.prefix, v.range);
        if (window === undefined) return ANY;
        windows.push(window);
      }
      if (criterion.def.code === '_lastUpdated') return { kind: 'lastUpdated', window: hull(windows) };
      const buckets = new Set(windows.flatMap(windowBuckets));
      return { kind: 'keys', keys: everyDomain(domains, [...buckets].map(dateKey)), exact: false };
    }
  }
}
