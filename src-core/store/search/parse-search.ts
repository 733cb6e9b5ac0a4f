// Parses FHIR search parameters into a SearchQuery. Anything this store cannot answer exactly — an
// unknown parameter, an unsupported type or modifier, a chained parameter, `_summary`, `ap` — is
// an error OperationOutcome (code not-supported), never ignored.
import type { SearchParams } from '../fhir-store';
import { invalidSearch, searchNotSupported } from '../store-errors';
import { tokenize } from '../../fhir/terminology/normalize-text';
import { parseDateRange, type DatePrefix } from './date-range';
import { isKnownResourceType } from './patient-compartment';
import type { Criterion, DateQuery, IncludeSpec, SearchQuery, SortSpec, StringQuery, TokenQuery } from './search-query';
import { isSupported, searchParamDef, type SearchParamDef } from './search-parameter-registry';
import { normalizeReference } from './search-values';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;

const DATE_PREFIXES: ReadonlySet<string> = new Set<DatePrefix>(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb']);

/** Splits on a separator not escaped with a backslash; the escapes stay for `unescape`. */
function splitEscaped(text: string, separator: ',' | '|', limit = Infinity): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + text.charAt(i + 1);
      i++;
    } else if (ch === separator && parts.length < limit - 1) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

const unescape = (text: string): string => text.replace(/\\([,|$\\])/g, '$1');

const valuesOf = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);

function singleValue(key: string, value: string | readonly string[]): string {
  const values = valuesOf(value);
  if (values.length !== 1 || values[0] === undefined) throw invalidSearch(`${key} takes exactly one value`);
  return values[0];
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw invalidSearch('_count must be a whole number');
  const count = Number(value);
  if (count > MAX_COUNT) throw invalidSearch(`_count is at most ${MAX_COUNT}`);
  return count;
}

function requireDef(resourceType: string, code: string): SearchParamDef {
  const def = searchParamDef(resourceType, code);
  if (def === undefined) throw searchNotSupported(`unknown search parameter "${code}" for ${resourceType}`);
  if (!isSupported(def)) throw searchNotSupported(`search parameter "${code}" (${def.type}) is not supported`);
  return def;
}

function parseSort(resourceType: string, value: string): SortSpec[] {
  return value.split(',').map((item) => {
    const descending = item.startsWith('-');
    const code = descending ? item.slice(1) : item;
    if (code === '') throw invalidSearch('_sort has an empty item');
    return { def: requireDef(resourceType, code), descending };
  });
}

function parseInclude(resourceType: string, key: '_include' | '_revinclude', value: string): IncludeSpec {
  if (value === '*') throw searchNotSupported(`${key}=* is not supported`);
  const [sourceType, code, targetType, extra] = value.split(':');
  if (sourceType === undefined || code === undefined || extra !== undefined || !isKnownResourceType(sourceType)) {
    throw invalidSearch(`${key} must be Type:parameter or Type:parameter:TargetType`);
  }
  if (key === '_include' && sourceType !== resourceType) {
    throw invalidSearch(`_include must start with the searched type ${resourceType}`);
  }
  const def = requireDef(sourceType, code);
  if (def.type !== 'reference') throw invalidSearch(`${key} needs a reference parameter; ${code} is ${def.type}`);
  if (targetType !== undefined && !isKnownResourceType(targetType)) throw invalidSearch(`${key}: unknown type ${targetType}`);
  if (key === '_revinclude' && def.targets.length > 0 && !def.targets.includes(resourceType)) {
    throw invalidSearch(`_revinclude: ${sourceType}.${code} cannot point to ${resourceType}`);
  }
  return targetType === undefined ? { sourceType, def } : { sourceType, def, targetType };
}

function parseToken(value: string): TokenQuery {
  const [first, second] = splitEscaped(value, '|', 2).map(unescape);
  if (second === undefined) return { code: first ?? '' };
  return second === '' ? { system: first ?? '' } : { system: first ?? '', code: second };
}

function parseString(value: string): StringQuery {
  const text = unescape(value);
  const words = tokenize(text);
  if (words.length === 0) throw invalidSearch('a string search needs at least one letter or digit');
  return { text, words };
}

function parseDate(code: string, value: string): DateQuery {
  let prefix: DatePrefix = 'eq';
  let text = value;
  const head = value.slice(0, 2);
  if (/^[a-z]{2}/.test(head)) {
    if (head === 'ap') throw searchNotSupported(`${code}: the "ap" prefix is not supported`);
    if (!DATE_PREFIXES.has(head)) throw invalidSearch(`${code}: unknown prefix "${head}"`);
    prefix = head as DatePrefix;
    text = value.slice(2);
  }
  const range = parseDateRange(text);
  if (range === undefined) throw invalidSearch(`${code}: "${text}" is not a FHIR date, dateTime or instant`);
  return { prefix, range };
}

function parseReference(def: SearchParamDef, typeModifier: string | undefined, value: string): string[] {
  const text = unescape(value);
  if (text === '') throw invalidSearch(`${def.code}: empty reference`);
  if (text.includes('/')) {
    const ref = normalizeReference(text);
    if (typeModifier !== undefined && !ref.startsWith(`${typeModifier}/`)) {
      throw invalidSearch(`${def.code}:${typeModifier} was given a reference to another type`);
    }
    return [ref];
  }
  if (typeModifier !== undefined) return [`${typeModifier}/${text}`];
  if (def.targets.length === 0) throw invalidSearch(`${def.code}: give the reference as Type/id`);
  return def.targets.map((target) => `${target}/${text}`);
}

function parseCriterion(resourceType: string, key: string, value: string): Criterion {
  const [code = '', modifier, extra] = key.split(':');
  if (code.includes('.')) throw searchNotSupported(`chained search "${key}" is not supported`);
  if (extra !== undefined) throw invalidSearch(`malformed parameter "${key}"`);
  const def = requireDef(resourceType, code);
  const alternatives = splitEscaped(value, ',');
  if (alternatives.some((a) => a === '')) throw invalidSearch(`${key} has an empty value`);
  const unsupportedModifier = (): Error => searchNotSupported(`modifier :${modifier ?? ''} on ${code} is not supported`);
  switch (def.type) {
    case 'token':
      if (modifier !== undefined) throw unsupportedModifier();
      return { kind: 'token', def, values: alternatives.map(parseToken) };
    case 'string':
      if (modifier !== undefined && modifier !== 'exact') throw unsupportedModifier();
      return { kind: 'string', def, exact: modifier === 'exact', values: alternatives.map(parseString) };
    case 'date':
      if (modifier !== undefined) throw unsupportedModifier();
      return { kind: 'date', def, values: alternatives.map((a) => parseDate(code, a)) };
    case 'reference': {
      if (modifier !== undefined && (!isKnownResourceType(modifier) || (def.targets.length > 0 && !def.targets.includes(modifier)))) {
        throw unsupportedModifier();
      }
      return { kind: 'reference', def, values: [...new Set(alternatives.flatMap((a) => parseReference(def, modifier, a)))] };
    }
    case 'uri':
      if (modifier !== undefined) throw unsupportedModifier();
      return { kind: 'uri', def, values: alternatives.map(unescape) };
    case 'number':
    case 'quantity':
    case 'composite':
    case 'special':
      throw searchNotSupported(`search parameter "${code}" (${def.type}) is not supported`);
  }
}

export function parseSearch(resourceType: string, params: SearchParams = {}): SearchQuery {
  if (!isKnownResourceType(resourceType)) throw invalidSearch(`unknown resource type ${resourceType}`);
  const criteria: Criterion[] = [];
  let sort: SortSpec[] = [];
  let count = DEFAULT_COUNT;
  let cursor: string | undefined;
  const include: IncludeSpec[] = [];
  const revinclude: IncludeSpec[] = [];
  for (const [key, raw] of Object.entries(params)) {
    switch (key) {
      case '_count':
        count = parseCount(singleValue(key, raw));
        break;
      case '_sort':
        sort = parseSort(resourceType, singleValue(key, raw));
        break;
      case '_cursor':
        cursor = singleValue(key, raw);
        break;
      case '_include':
      case '_revinclude':
        for (const value of valuesOf(raw)) {
          (key === '_include' ? include : revinclude).push(parseInclude(resourceType, key, value));
        }
        break;
      default:
        if (key.startsWith('_include:') || key.startsWith('_revinclude:')) {
          throw searchNotSupported(`${key} is not supported`);
        }
        for (const value of valuesOf(raw)) criteria.push(parseCriterion(resourceType, key, value));
    }
  }
  return {
    resourceType,
    criteria,
    sort,
    count,
    include,
    revinclude,
    ...(cursor === undefined ? {} : { cursor }),
  };
}
