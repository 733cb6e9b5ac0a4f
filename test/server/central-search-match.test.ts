// The central server's compiled search matcher (search-match.ts) against Medplum's
// matchesSearchRequest, which it replaces for speed: for random searches over real Synthea
// resources — every matchable parameter of each type, values taken from the resources themselves,
// every date prefix, modifiers, comma lists — both must give the same answer for every resource.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SearchRequest } from '@medplum/core';
import { evalFhirPath, getSearchParameters, matchesSearchRequest, parseSearchRequest } from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFhirDefinitions } from '../../src-server/central/fhir-definitions';
import { compileSearchRequest } from '../../src-server/central/search-match';

const SYNTHEA = fileURLToPath(new URL('../../../shared/data/synthea_r4/', import.meta.url));
const MATCHABLE = new Set(['reference', 'string', 'uri', 'token', 'date']);
const DATE_PREFIXES = ['', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'];
const TOKEN_MODIFIERS = ['', ':not'];

interface TypeCase {
  readonly resources: Resource[];
  /** [code, search parameter type, values seen in the resources] */
  readonly params: [string, string, string[]][];
}

let cases: Map<string, TypeCase>;

/** Query values a search parameter's expression yields for a resource, in the forms a client sends. */
function valuesOf(resource: Resource, expression: string, type: string): string[] {
  const out: string[] = [];
  for (const value of evalFhirPath(expression, resource)) {
    if (typeof value === 'string') out.push(value, value.slice(0, 4), value.slice(0, 10));
    else if (typeof value === 'object' && value !== null) {
      const v = value as { system?: string; code?: string; value?: string; reference?: string; coding?: { system?: string; code?: string }[]; family?: string; start?: string };
      for (const c of [v, ...(v.coding ?? [])]) {
        const code = c.code ?? (c as { value?: string }).value;
        if (code !== undefined) out.push(code, code.toUpperCase(), `${c.system ?? ''}|${code}`, `${(c.system ?? '').toUpperCase()}|`, `|${code}`);
      }
      if (v.reference !== undefined) out.push(v.reference);
      if (v.family !== undefined) out.push(v.family.slice(0, 3));
      if (v.start !== undefined) out.push(v.start.slice(0, 10));
    }
  }
  return type === 'date' ? out.filter((s) => /^\d{4}/.test(s)) : out;
}

beforeAll(() => {
  loadFhirDefinitions();
  cases = new Map();
  const files = readdirSync(SYNTHEA).filter((f) => f.endsWith('.json')).sort().slice(0, 3);
  let tick = Date.parse('2026-01-01T00:00:00Z');
  for (const file of files) {
    const bundle = JSON.parse(readFileSync(`${SYNTHEA}${file}`, 'utf8')) as Bundle;
    for (const entry of bundle.entry ?? []) {
      if (entry.resource === undefined) continue;
      tick += 997;
      const resource = { ...entry.resource, meta: { ...entry.resource.meta, versionId: '1', lastUpdated: new Date(tick).toISOString() } } as Resource;
      const existing = cases.get(resource.resourceType) ?? { resources: [], params: [] };
      if (existing.resources.length < 60) existing.resources.push(resource);
      cases.set(resource.resourceType, existing);
    }
  }
  for (const [type, typeCase] of cases) {
    for (const param of Object.values(getSearchParameters(type) ?? {})) {
      const special = param.code.startsWith('_') && !['_id', '_lastUpdated', '_tag'].includes(param.code);
      if (!MATCHABLE.has(param.type) || param.expression === undefined || special) continue;
      const seen = new Set<string>();
      for (const resource of typeCase.resources.slice(0, 40)) {
        try {
          for (const v of valuesOf(resource, param.expression, param.type)) seen.add(v);
        } catch {
          // An expression Medplum cannot evaluate on this resource: no values from it.
        }
      }
      typeCase.params.push([param.code, param.type, [...seen, 'no-such-value'].slice(0, 30)]);
    }
  }
});

function query(code: string, type: string, values: readonly string[], prefix: string, modifier: string, missing: boolean | undefined): string {
  if (missing !== undefined) return `${code}:missing=${String(missing)}`;
  // Medplum's parser takes one value per date parameter; other types take comma lists (OR).
  const joined = type === 'date' ? `${prefix}${values[0] ?? ''}` : values.join(',');
  return `${code}${type === 'token' ? modifier : ''}=${encodeURIComponent(joined)}`;
}

describe('compiled search matching', () => {
  it('agrees with Medplum on every resource for random searches', () => {
    // Every (type, parameter) pair that has real values is equally likely, so rare types get tested too.
    const pairs = [...cases].flatMap(([type, typeCase]) => typeCase.params.filter(([, , values]) => values.length > 1).map((param) => ({ type, param })));
    expect(pairs.length).toBeGreaterThan(100);
    let searches = 0;
    let compared = 0;
    let matched = 0;
    const filter = fc.tuple(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.constantFrom(...DATE_PREFIXES), fc.constantFrom(...TOKEN_MODIFIERS), fc.option(fc.boolean(), { nil: undefined, freq: 8 }));
    fc.assert(
      fc.property(filter, fc.option(filter, { nil: undefined, freq: 3 }), (first, second) => {
        const [pairIndex] = first;
        const pair = pairs[pairIndex % pairs.length];
        const typeCase = pair === undefined ? undefined : cases.get(pair.type);
        if (pair === undefined || typeCase === undefined) return;
        const toQuery = ([, vs, prefix, modifier, missing]: typeof first, [code, paramType, values]: [string, string, string[]]): string =>
          query(code, paramType, vs.map((v) => values[v % values.length] ?? 'x'), prefix, modifier, missing);
        const parts = [toQuery(first, pair.param)];
        if (second !== undefined) parts.push(toQuery(second, typeCase.params[second[0] % typeCase.params.length] ?? pair.param));
        let request: SearchRequest;
        try {
          request = parseSearchRequest(`${pair.type}?${parts.join('&')}`);
        } catch {
          return; // a query the server refuses (400) before any matching
        }
        const compiled = compileSearchRequest(request);
        searches += 1;
        for (const resource of typeCase.resources) {
          const expected = matchesSearchRequest(resource, request);
          expect(compiled(resource), `${pair.type}?${parts.join('&')} on ${resource.id ?? ''}`).toBe(expected);
          compared += 1;
          if (expected) matched += 1;
        }
      }),
      { numRuns: 600, seed: 5 },
    );
    expect(searches).toBeGreaterThan(400);
    // The searches were not all trivially empty or all-matching.
    expect(matched).toBeGreaterThan(compared / 20);
    expect(matched).toBeLessThan(compared);
  });

  it('agrees on _lastUpdated with every prefix at, before and after real instants, and on _tag in every form', () => {
    let compared = 0;
    for (const [type, typeCase] of cases) {
      const instants = typeCase.resources.slice(0, 3).map((r) => r.meta?.lastUpdated ?? '');
      const around = instants.flatMap((i) => [i, i.slice(0, 10), `${i.slice(0, 19)}Z`, new Date(Date.parse(i) - 1).toISOString(), i.replace('Z', '+00:00')]);
      const queries = [
        ...DATE_PREFIXES.flatMap((prefix) => around.map((i) => `_lastUpdated=${encodeURIComponent(prefix + i)}`)),
        ...['https://smarthealthit.org/tags|synthea-5-2019', 'HTTPS://SMARTHEALTHIT.ORG/TAGS|SYNTHEA-5-2019', 'synthea-5-2019', 'SYNTHEA-5-2019', 'https://smarthealthit.org/tags|', '|synthea-5-2019', 'other|x', 'a,synthea-5-2019'].flatMap((t) => [
          `_tag=${encodeURIComponent(t)}`,
          `_tag:not=${encodeURIComponent(t)}`,
        ]),
        `_lastUpdated=ge${encodeURIComponent(instants[2] ?? '')}&_tag=${encodeURIComponent('https://smarthealthit.org/tags|synthea-5-2019')}`,
      ];
      for (const q of queries) {
        const request = parseSearchRequest(`${type}?${q}`);
        const compiled = compileSearchRequest(request);
        for (const resource of typeCase.resources.slice(0, 30)) {
          expect(compiled(resource), `${type}?${q} on ${resource.id ?? ''}`).toBe(matchesSearchRequest(resource, request));
          compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });

  it('matches nothing for an unknown parameter, as Medplum does', () => {
    const request = parseSearchRequest('Patient?not-a-parameter=1');
    const resource = { resourceType: 'Patient', id: 'a' } as Resource;
    expect(compileSearchRequest(request)(resource)).toBe(false);
    expect(matchesSearchRequest(resource, request)).toBe(false);
  });

  it('matches a resource of another type never, and with no filters always', () => {
    const observation = { resourceType: 'Observation', id: 'o', status: 'final', code: {} } as Resource;
    expect(compileSearchRequest(parseSearchRequest('Patient'))(observation)).toBe(false);
    expect(compileSearchRequest(parseSearchRequest('Observation'))(observation)).toBe(true);
  });
});
