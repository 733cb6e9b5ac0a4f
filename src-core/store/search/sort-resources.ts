// `_sort` (https://hl7.org/fhir/R4/search.html#sort): by one or more parameters, `-` for
// descending. A resource with several values sorts by its lowest when ascending and its highest
// when descending; one without a value sorts last either way. The id breaks every tie, which makes
// the order total and lets a page cursor resume exactly after the last resource it returned.
import { normalizeText } from '../../fhir/terminology/normalize-text';
import type { EvaluatedResource } from './match-resource';
import type { SortSpec } from './search-query';
import { dateRanges, referenceForms, stringParts, tokenForms, uriForms } from './search-values';

export type SortValue = string | number | null;

/** JSON has no Infinity; open date bounds sort as the extreme instants JavaScript allows. */
const MAX_INSTANT = 8.64e15;
const clampInstant = (ms: number): number => Math.max(-MAX_INSTANT, Math.min(MAX_INSTANT, ms));

function pick<T extends string | number>(values: readonly T[], descending: boolean): T | null {
  if (values.length === 0) return null;
  return values.reduce((best, v) => ((descending ? v > best : v < best) ? v : best));
}

export function sortValue(subject: EvaluatedResource, spec: SortSpec): SortValue {
  const values = subject.values(spec.def);
  switch (spec.def.type) {
    case 'date': {
      const ranges = dateRanges(values);
      return pick(ranges.map((r) => clampInstant(spec.descending ? r.end : r.start)), spec.descending);
    }
    case 'string':
      return pick(stringParts(values).map((parts) => normalizeText(parts.join(' '))), spec.descending);
    case 'token':
      return pick(tokenForms(values).map((f) => f.code), spec.descending);
    case 'reference':
      return pick(referenceForms(values), spec.descending);
    case 'uri':
      return pick(uriForms(values), spec.descending);
    case 'number':
    case 'quantity':
    case 'composite':
    case 'special':
      return null;
  }
}

export interface SortedItem<T> {
  readonly item: T;
  readonly id: string;
  readonly keys: readonly SortValue[];
}

function compareValues(a: SortValue, b: SortValue, descending: boolean): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const order = a < b ? -1 : 1;
  return descending ? -order : order;
}

/** Total order: the sort keys in turn, then the id. */
export function compareSorted(
  specs: readonly SortSpec[],
  a: { readonly keys: readonly SortValue[]; readonly id: string },
  b: { readonly keys: readonly SortValue[]; readonly id: string },
): number {
  for (let i = 0; i < specs.length; i++) {
    const c = compareValues(a.keys[i] ?? null, b.keys[i] ?? null, specs[i]?.descending ?? false);
    if (c !== 0) return c;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const sortSignature = (specs: readonly SortSpec[]): string =>
  specs.map((s) => `${s.descending ? '-' : ''}${s.def.code}`).join(',');
