// Indexing evaluates a search parameter's expression branch only when the resource has one of the
// properties the branch reads (search-parameter-registry.ts). These tests hold that shortcut to
// the plain evaluation of every branch: the same values for every parameter of every resource of
// the Synthea fixtures and of hand-made edge cases (choice types, primitive extensions, a branch
// that yields a value on an empty resource), and what the syntax-tree reading says for the
// shapes that occur in the R4 definitions.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toTypedValue, type TypedValue } from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { evaluateParam, searchParamDef, searchParamDefs, type SearchParamDef } from '../../src-core/store/search/search-parameter-registry';

const FIXTURES = fileURLToPath(new URL('../fixtures/store/', import.meta.url));

/** Every branch evaluated, as the registry did before it learned to skip: the reference. */
function evaluateEveryBranch(def: SearchParamDef, resource: Resource): TypedValue[] {
  const input = [toTypedValue(resource)];
  const context = { variables: { '%resource': input[0] as TypedValue } };
  return def.atoms.flatMap((atom) =>
    atom.eval(context, input).map((v) => {
      const raw: unknown = v.value;
      return { type: v.type, value: raw instanceof Object ? raw.valueOf() : raw };
    }),
  );
}

function expectSameValues(resource: Resource): number {
  let compared = 0;
  for (const def of searchParamDefs(resource.resourceType).values()) {
    expect(evaluateParam(def, resource), `${resource.resourceType}.${def.code}`).toEqual(evaluateEveryBranch(def, resource));
    compared++;
  }
  return compared;
}

const fixtureResources = (): Resource[] =>
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => ((JSON.parse(readFileSync(`${FIXTURES}${f}`, 'utf8')) as Bundle).entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])));

const reads = (type: string, code: string): (readonly string[] | undefined)[] => {
  const def = searchParamDef(type, code);
  if (def === undefined) throw new Error(`no parameter ${type}.${code}`);
  return def.branches.map((b) => b.reads);
};

describe('evaluating only the branches a resource can satisfy', () => {
  it('gives every parameter of every Synthea fixture resource the values of a full evaluation', () => {
    const resources = fixtureResources();
    expect(new Set(resources.map((r) => r.resourceType)).size).toBeGreaterThan(10);
    let compared = 0;
    for (const resource of resources) compared += expectSameValues(resource);
    expect(compared).toBeGreaterThan(5_000);
  });

  it('gives the same values on the edge cases: choice types, primitive extensions only, empty and odd resources', () => {
    const cases: Resource[] = [
      { resourceType: 'Patient' },
      { resourceType: 'Patient', deceasedBoolean: false },
      { resourceType: 'Patient', deceasedDateTime: '2020-01-01' },
      { resourceType: 'Patient', _birthDate: { extension: [{ url: 'http://example.org/x', valueString: 'unknown' }] } } as Resource,
      { resourceType: 'Patient', name: [{ family: 'Xiloj Tzoc', given: ['Tecún'] }], telecom: [{ system: 'phone', value: '5555' }] },
      { resourceType: 'Observation', status: 'final', code: { text: 'peso' }, valueString: 'alto' },
      { resourceType: 'Observation', status: 'final', code: { text: 'peso' }, valueCodeableConcept: { text: 'Nunca fumó' } },
      { resourceType: 'Observation', status: 'final', code: { text: 'x' }, valuePeriod: { start: '2020-01-01' }, effectiveTiming: { event: ['2020-02-02'] } },
      {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'bp' },
        component: [{ code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueCodeableConcept: { text: 'alta' } }],
      },
      { resourceType: 'Person', address: [{ city: 'Totonicapán' }] },
      { resourceType: 'Condition', subject: { reference: 'Patient/1' }, onsetString: 'niñez', abatementAge: { value: 3 } },
      { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, period: { start: '2020-01-01T10:00:00Z' } },
    ];
    for (const resource of cases) expect(expectSameValues(resource)).toBeGreaterThan(0);
  });

  it('reads the top-level properties of plain paths, narrowing a typed choice to one property', () => {
    expect(reads('Observation', 'code')).toEqual([['code', '_code']]);
    expect(reads('Observation', 'patient')).toEqual([['subject', '_subject']]);
    expect(reads('Observation', 'value-concept')).toEqual([['valueCodeableConcept', '_valueCodeableConcept']]);
    expect(reads('Observation', 'component-code')).toEqual([['component', '_component']]);
    // A choice read without a cast may be any of its types.
    expect(reads('Observation', 'date')[0]).toEqual(expect.arrayContaining(['effectiveDateTime', 'effectivePeriod', 'effectiveTiming', 'effectiveInstant']));
  });

  it('always evaluates a branch that yields a value on an empty resource', () => {
    // (Patient.deceased.exists() and Patient.deceased != false) is false, not empty, without deceased.
    expect(reads('Patient', 'deceased')).toEqual([undefined]);
    expect(evaluateParam(searchParamDef('Patient', 'deceased') as SearchParamDef, { resourceType: 'Patient' })).toEqual([
      { type: 'boolean', value: false },
    ]);
  });
});
