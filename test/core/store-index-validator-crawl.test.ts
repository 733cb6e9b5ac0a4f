// Every write (and so every imported resource) is validated, and the validator's base walk used to
// spend most of its time on elements a resource does not have. crawlPresentElements
// (profile-walker.ts) skips them; this test holds it to @medplum/core's crawlTypedValue: the same
// callbacks with the same paths and typed values, in the same order, once visits of absent
// elements (which hand the visitor nothing) are left out of both. Inputs: the Synthea
// fixtures and mutated copies (deleted and mistyped elements, primitive extensions, choice types,
// contained resources, extensions).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crawlTypedValue, getDataType, toTypedValue, type CrawlerVisitor, type TypedValueWithPath } from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { ensureR4Loaded } from '../../src-core/fhir/validator/r4-base';
import { crawlPresentElements } from '../../src-core/fhir/validator/profile-walker';

const FIXTURES = fileURLToPath(new URL('../fixtures/store/', import.meta.url));

type Visit = readonly [string, string, string];

const present = (v: TypedValueWithPath): boolean => v.value !== undefined && v.value !== null;

/** Records every callback but the visits of absent elements without slicing (no-ops for a visitor). */
function recorder(): CrawlerVisitor & { readonly visits: Visit[] } {
  const visits: Visit[] = [];
  return {
    visits,
    onEnterResource: (path, value) => visits.push(['enter-resource', path, value.type]),
    onExitResource: (path, value) => visits.push(['exit-resource', path, value.type]),
    onEnterObject: (path, value) => visits.push(['enter-object', path, `${value.type} ${value.path}`]),
    onExitObject: (path, value) => visits.push(['exit-object', path, `${value.type} ${value.path}`]),
    visitProperty: (_parent, key, path, values, schema) => {
      const flat = values.flat();
      if (!flat.some(present) && schema.elements[key]?.slicing === undefined) return;
      visits.push(['property', path, JSON.stringify(flat.map((v) => [v.type, v.path, v.value as unknown]))]);
    },
  };
}

function expectSameCrawl(resource: Resource): number {
  const typed = toTypedValue(resource);
  const schema = getDataType(resource.resourceType);
  const reference = recorder();
  crawlTypedValue(typed, reference, { schema, initialPath: schema.path });
  const skipping = recorder();
  crawlPresentElements({ ...typed, path: schema.path }, skipping, schema, schema.path);
  expect(skipping.visits).toEqual(reference.visits);
  return reference.visits.length;
}

const MUTATIONS: readonly ((r: Record<string, unknown>, i: number) => void)[] = [
  (r, i) => {
    for (const [n, key] of Object.keys(r).entries()) if (key !== 'resourceType' && (n + i) % 3 === 0) Reflect.deleteProperty(r, key);
  },
  (r, i) => {
    const key = Object.keys(r).filter((k) => k !== 'resourceType')[i % 5];
    if (key !== undefined) r[key] = 42;
  },
  (r) => {
    // A primitive known only by its extensions: `_status` without `status`.
    for (const key of Object.keys(r).filter((k) => k !== 'resourceType' && typeof r[k] === 'string')) {
      Reflect.deleteProperty(r, key);
      r[`_${key}`] = { extension: [{ url: 'http://example.org/why', valueString: 'unknown' }] };
    }
  },
  (r) => {
    r.valueString = 'x';
    r.valueQuantity = { value: 'not a number' };
    r.effectiveTiming = { event: ['2020-01-01'] };
  },
  (r) => {
    r.extension = [
      { url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace', valueAddress: { city: 'Totonicapán' } },
      { url: 'http://example.org/odd', valueFoo: 1 },
    ];
    r.modifierExtension = [];
  },
  (r) => {
    r.contained = [{ resourceType: 'Patient', id: 'c1', name: [{ family: 3 }] }, { id: 'no-type' }, 'text'];
  },
  (r) => {
    r.meta = { profile: ['http://example.org/unknown'], tag: [{ code: 'a' }] };
    r.text = { status: 'weird', div: 5 };
  },
];

describe('the validator crawl over present elements', () => {
  const resources = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => ((JSON.parse(readFileSync(`${FIXTURES}${f}`, 'utf8')) as Bundle).entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));

  it('visits Synthea resources exactly as crawlTypedValue does, absent elements aside', () => {
    ensureR4Loaded();
    let visits = 0;
    for (const resource of resources) visits += expectSameCrawl(resource);
    expect(visits).toBeGreaterThan(10_000);
  });

  it('and mutated ones: wrong types, primitive extensions, choice types, contained and extensions', () => {
    ensureR4Loaded();
    let crawled = 0;
    resources.forEach((resource, i) => {
      if (i % 7 !== 0) return;
      for (const mutate of MUTATIONS) {
        const copy = structuredClone(resource) as unknown as Record<string, unknown>;
        mutate(copy, i);
        expectSameCrawl(copy as unknown as Resource);
        crawled++;
      }
    });
    expect(crawled).toBeGreaterThan(100);
  });
});
