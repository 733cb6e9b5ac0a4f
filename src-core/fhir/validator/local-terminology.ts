// Code membership for ValueSets that can be expanded from local CodeSystems, without a
// terminology server. Supported compose rules: a whole CodeSystem, an explicit concept list,
// imported ValueSets, and filters `property = value`, `concept is-a code`,
// `concept descendent-of code`. A ValueSet using anything else (an unknown system, another
// filter) is "not expandable": its codes are not checked, and `membership` says so.
import type { CodeSystem, CodeSystemConcept, ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';

/** system -> codes */
export type Expansion = Record<string, string[]>;

export type Membership = 'member' | 'not-member' | 'unknown-value-set';

interface IndexedConcept {
  readonly code: string;
  readonly parents: readonly string[];
  readonly properties: ReadonlyMap<string, string>;
}

const stripVersion = (url: string): string => url.split('|')[0] ?? url;

function propertyText(p: NonNullable<CodeSystemConcept['property']>[number]): string | undefined {
  const value = p.valueCode ?? p.valueString ?? p.valueCoding?.code ?? p.valueInteger ?? p.valueBoolean ?? p.valueDecimal;
  return value === undefined ? undefined : String(value);
}

function flatten(concepts: CodeSystemConcept[] | undefined, parent: string | undefined, into: Map<string, IndexedConcept>): void {
  for (const c of concepts ?? []) {
    if (!c.code) continue;
    const properties = new Map<string, string>();
    const parents: string[] = parent === undefined ? [] : [parent];
    for (const p of c.property ?? []) {
      const text = propertyText(p);
      if (text === undefined) continue;
      properties.set(p.code, text);
      if (p.code === 'parent') parents.push(text);
    }
    into.set(c.code, { code: c.code, parents, properties });
    flatten(c.concept, c.code, into);
  }
}

export class LocalTerminology {
  private readonly codeSystems = new Map<string, Map<string, IndexedConcept>>();
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly expansions = new Map<string, Map<string, Set<string>> | null>();

  constructor(valueSets: readonly ValueSet[], codeSystems: readonly CodeSystem[], expansions: Record<string, Expansion> = {}) {
    for (const cs of codeSystems) {
      // Only a complete CodeSystem can say a code is NOT in it.
      if (!cs.url || cs.content !== 'complete') continue;
      const concepts = new Map<string, IndexedConcept>();
      flatten(cs.concept, undefined, concepts);
      this.codeSystems.set(cs.url, concepts);
    }
    for (const vs of valueSets) if (vs.url) this.valueSets.set(vs.url, vs);
    for (const [url, expansion] of Object.entries(expansions)) {
      this.expansions.set(url, new Map(Object.entries(expansion).map(([system, codes]) => [system, new Set(codes)])));
    }
  }

  hasValueSet(url: string): boolean {
    return this.expand(stripVersion(url)) !== null;
  }

  /** The code systems the ValueSet draws from (empty when it cannot be expanded). */
  systems(valueSetUrl: string): string[] {
    return [...(this.expand(stripVersion(valueSetUrl))?.keys() ?? [])];
  }

  /** Is `code` (in `system`, when known) in the ValueSet? A missing system matches any system. */
  membership(valueSetUrl: string, system: string | undefined, code: string): Membership {
    const expansion = this.expand(stripVersion(valueSetUrl));
    if (expansion === null) return 'unknown-value-set';
    if (system !== undefined) return expansion.get(system)?.has(code) === true ? 'member' : 'not-member';
    for (const codes of expansion.values()) if (codes.has(code)) return 'member';
    return 'not-member';
  }

  /** The expansion as plain data (for build-time precomputation), or undefined if not expandable. */
  expansion(valueSetUrl: string): Expansion | undefined {
    const expansion = this.expand(stripVersion(valueSetUrl));
    if (expansion === null) return undefined;
    const out: Expansion = {};
    for (const [system, codes] of [...expansion.entries()].sort(([a], [b]) => a.localeCompare(b))) out[system] = [...codes].sort();
    return out;
  }

  private expand(url: string, seen: Set<string> = new Set()): Map<string, Set<string>> | null {
    const cached = this.expansions.get(url);
    if (cached !== undefined) return cached;
    if (seen.has(url)) return null;
    seen.add(url);
    const vs = this.valueSets.get(url);
    let result: Map<string, Set<string>> | null = null;
    if (vs) result = this.expandValueSet(vs, seen);
    this.expansions.set(url, result);
    return result;
  }

  private expandValueSet(vs: ValueSet, seen: Set<string>): Map<string, Set<string>> | null {
    const result = new Map<string, Set<string>>();
    if (vs.compose) {
      for (const include of vs.compose.include) {
        const part = this.expandInclude(include, seen);
        if (part === null) return null;
        merge(result, part);
      }
      for (const exclude of vs.compose.exclude ?? []) {
        const part = this.expandInclude(exclude, seen);
        if (part === null) return null;
        for (const [system, codes] of part) for (const code of codes) result.get(system)?.delete(code);
      }
      return result;
    }
    if (vs.expansion?.contains) {
      const walk = (items: NonNullable<NonNullable<ValueSet['expansion']>['contains']>): void => {
        for (const c of items) {
          if (c.system && c.code) add(result, c.system, c.code);
          if (c.contains) walk(c.contains);
        }
      };
      walk(vs.expansion.contains);
      return result;
    }
    return null;
  }

  private expandInclude(include: ValueSetComposeInclude, seen: Set<string>): Map<string, Set<string>> | null {
    let result: Map<string, Set<string>> | null = null;
    if (include.system) {
      const system = include.system;
      result = new Map();
      if (include.concept) {
        for (const c of include.concept) add(result, system, c.code);
      } else {
        const cs = this.codeSystems.get(system);
        const filters = include.filter ?? [];
        if (!cs || filters.some((f) => !SUPPORTED_OPS.has(f.op))) return null;
        for (const concept of cs.values()) {
          if (filters.every((f) => filterMatches(cs, concept, f.property, f.op, f.value))) add(result, system, concept.code);
        }
      }
    }
    for (const imported of include.valueSet ?? []) {
      const part = this.expand(stripVersion(imported), seen);
      if (part === null) return null;
      if (result === null) result = new Map(part);
      else result = intersect(result, part);
    }
    return result;
  }

}

const SUPPORTED_OPS = new Set(['=', 'is-a', 'descendent-of']);

function filterMatches(cs: Map<string, IndexedConcept>, concept: IndexedConcept, property: string, op: string, value: string): boolean {
  switch (op) {
    case '=':
      return concept.properties.get(property) === value;
    case 'is-a':
      return concept.code === value || isDescendant(cs, concept, value);
    case 'descendent-of':
      return isDescendant(cs, concept, value);
    default:
      return false;
  }
}

function isDescendant(cs: Map<string, IndexedConcept>, concept: IndexedConcept, ancestor: string, depth = 0): boolean {
  if (depth > 50) return false;
  for (const p of concept.parents) {
    if (p === ancestor) return true;
    const parent = cs.get(p);
    if (parent && isDescendant(cs, parent, ancestor, depth + 1)) return true;
  }
  return false;
}

function add(into: Map<string, Set<string>>, system: string, code: string): void {
  let codes = into.get(system);
  if (!codes) {
    codes = new Set();
    into.set(system, codes);
  }
  codes.add(code);
}

function merge(into: Map<string, Set<string>>, part: Map<string, Set<string>>): void {
  for (const [system, codes] of part) for (const code of codes) add(into, system, code);
}

function intersect(a: Map<string, Set<string>>, b: Map<string, Set<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [system, codes] of a) for (const code of codes) if (b.get(system)?.has(code)) add(out, system, code);
  return out;
}
