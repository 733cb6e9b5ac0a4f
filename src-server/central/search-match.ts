// Search matching compiled once per search. Medplum's `matchesSearchRequest` parses each search
// parameter's FHIRPath expression again for every resource it tests; a sync pull matches every
// resource of a type (138,000 Observations in the benchmark's post) for its count and again for
// its first page, and the parsing was most of the server's time. This is the same matcher with the
// expressions parsed once: the rules below are a port of @medplum/core 4.5.2 src/search/match.ts
// (Apache-2.0, © Orangebot, Inc. and Medplum contributors), and test/server/central-search-match
// checks that both always agree.
import type { Filter, SearchRequest, SearchableToken, TypedValue } from '@medplum/core';
import {
  Operator,
  convertToSearchableDates,
  convertToSearchableReferences,
  convertToSearchableStrings,
  convertToSearchableTokens,
  evalFhirPathTyped,
  globalSchema,
  parseFhirPath,
  splitSearchOnComma,
  toPeriod,
  toTypedValue,
} from '@medplum/core';
import type { Period, Resource } from '@medplum/fhirtypes';

export type ResourceMatcher = (resource: Resource) => boolean;

type Atom = ReturnType<typeof parseFhirPath>;
type FilterMatcher = (values: TypedValue[]) => boolean;

interface CompiledFilter {
  readonly atom: Atom;
  readonly matches: FilterMatcher;
}

/** A predicate equivalent to `matchesSearchRequest(resource, request)`. */
export function compileSearchRequest(request: SearchRequest): ResourceMatcher {
  const filters: CompiledFilter[] = [];
  for (const filter of request.filters ?? []) {
    const searchParam = globalSchema.types[request.resourceType]?.searchParams?.[filter.code];
    const matches = searchParam === undefined ? undefined : filterMatcher(searchParam.type, filter);
    // Medplum matches nothing for a parameter it does not know (search-support.ts refuses those first).
    if (searchParam === undefined || matches === undefined) return () => false;
    filters.push({ atom: parseFhirPath(searchParam.expression as string), matches });
  }
  return (resource) => {
    if (resource.resourceType !== request.resourceType) return false;
    if (filters.length === 0) return true;
    const input = [toTypedValue(resource)];
    return filters.every((f) => f.matches(evalFhirPathTyped(f.atom, input)));
  };
}

function filterMatcher(type: string | undefined, filter: Filter): FilterMatcher | undefined {
  if (filter.operator === Operator.MISSING || filter.operator === Operator.PRESENT) {
    return (values) => matchesMissingOrPresent(values, filter);
  }
  switch (type) {
    case 'reference':
      return (values) => matchesReferenceFilter(values, filter);
    case 'string':
    case 'uri':
      return (values) => matchesStringFilter(values, filter);
    case 'token':
      return (values) => matchesTokenFilter(values, filter);
    case 'date':
      return (values) => matchesDateFilter(values, filter);
    case undefined:
    default:
      return undefined;
  }
}

function matchesMissingOrPresent(values: TypedValue[], filter: Filter): boolean {
  const exists = values.length > 0;
  const desired = (filter.operator === Operator.MISSING && filter.value === 'false') || (filter.operator === Operator.PRESENT && filter.value === 'true');
  return desired === exists;
}

function matchesReferenceFilter(values: TypedValue[], filter: Filter): boolean {
  const negated = isNegated(filter.operator);
  if (filter.value === '' && values.length === 0) return filter.operator === Operator.EQUALS;
  const references = convertToSearchableReferences(values);
  for (const filterValue of splitSearchOnComma(filter.value)) {
    let match = references.includes(filterValue);
    // Medplum's backwards compatibility: a bare id matches any type in a compartment search.
    if (!match && filter.code === '_compartment') match = references.some((reference) => reference.endsWith('/' + filterValue));
    if (match) return !negated;
  }
  return negated;
}

function matchesTokenFilter(values: TypedValue[], filter: Filter): boolean {
  const resourceValues = convertToSearchableTokens(values);
  const filterValues = splitSearchOnComma(filter.value);
  const negated = isNegated(filter.operator);
  for (const resourceValue of resourceValues) {
    for (const filterValue of filterValues) {
      if (matchesTokenValue(resourceValue, filterValue)) return !negated;
    }
  }
  return negated;
}

function matchesTokenValue(resourceValue: SearchableToken, filterValue: string): boolean {
  if (filterValue.includes('|')) {
    const [system, value] = filterValue.split('|').map((s) => s.toLowerCase());
    if (!system && !value) return false;
    if (!system) return !resourceValue.system && resourceValue.value?.toLowerCase() === value;
    return resourceValue.system?.toLowerCase() === system && (!value || resourceValue.value?.toLowerCase() === value);
  }
  return resourceValue.value?.toLowerCase() === filterValue.toLowerCase();
}

function matchesStringFilter(values: TypedValue[], filter: Filter): boolean {
  const resourceValues = convertToSearchableStrings(values);
  const filterValues = splitSearchOnComma(filter.value);
  const negated = isNegated(filter.operator);
  for (const resourceValue of resourceValues) {
    for (const filterValue of filterValues) {
      if (resourceValue.toLowerCase().includes(filterValue.toLowerCase())) return !negated;
    }
  }
  return negated;
}

function matchesDateFilter(values: TypedValue[], filter: Filter): boolean {
  const resourceValues = convertToSearchableDates(values);
  const filterValues = splitSearchOnComma(filter.value);
  const negated = isNegated(filter.operator);
  for (const resourceValue of resourceValues) {
    for (const filterValue of filterValues) {
      if (matchesDateValue(resourceValue, filter.operator, filterValue)) return !negated;
    }
  }
  return negated;
}

type DateRule = (resourceStart: string, resourceEnd: string, filterStart: string | undefined, filterEnd: string | undefined) => boolean;

const overlaps: DateRule = (rs, re, fs, fe) => below(rs, fe) && below(fs, re);

/** Medplum's rule per prefix; NOT_EQUALS is EQUALS negated by the caller; any other prefix matches nothing. */
const DATE_RULES: Partial<Record<Operator, DateRule>> = {
  [Operator.APPROXIMATELY]: overlaps,
  [Operator.EQUALS]: overlaps,
  [Operator.NOT_EQUALS]: overlaps,
  [Operator.LESS_THAN]: (rs, _re, fs) => below(rs, fs),
  [Operator.GREATER_THAN]: (_rs, re, _fs, fe) => below(fe, re),
  [Operator.LESS_THAN_OR_EQUALS]: (rs, _re, _fs, fe) => notAbove(rs, fe),
  [Operator.GREATER_THAN_OR_EQUALS]: (_rs, re, fs) => notAbove(fs, re),
  [Operator.STARTS_AFTER]: (rs, _re, _fs, fe) => below(fe, rs),
  [Operator.ENDS_BEFORE]: (_rs, re, fs) => below(re, fs),
};

function matchesDateValue(resourceValue: Period, operator: Operator, filterValue: string): boolean {
  const filterPeriod = toPeriod(filterValue);
  const rule = DATE_RULES[operator];
  if (!filterPeriod || rule === undefined) return false;
  return rule(resourceValue.start ?? '0000', resourceValue.end ?? '9999', filterPeriod.start, filterPeriod.end);
}

// JavaScript's string comparisons, where any comparison with undefined is false (as in Medplum's code).
const below = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a < b;
const notAbove = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a <= b;

function isNegated(operator: Operator): boolean {
  return operator === Operator.NOT_EQUALS || operator === Operator.NOT;
}
