// Three-way merge: examples of each rule, then properties over random resources and edits.
import type { Patient, Resource } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutcomeError } from '../../src-core/fhir/outcome';
import type { MergeResult } from '../../src-core/sync/merge';
import { mergeResource, resolveConflict, resolveFieldByField } from '../../src-core/sync/merge';

const base: Patient = {
  resourceType: 'Patient',
  id: 'p1',
  meta: { versionId: '3', lastUpdated: '2026-01-01T00:00:00Z' },
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Ana Xol</div>' },
  gender: 'female',
  birthDate: '1990-01-01',
  name: [{ family: 'Xol', given: ['Ana'] }],
  maritalStatus: { text: 'soltera' },
};
const edit = (changes: Partial<Patient>, versionId = '3'): Patient => ({ ...base, ...changes, meta: { versionId, lastUpdated: `2026-0${versionId}-01T00:00:00Z` } });

describe('mergeResource', () => {
  it('merges disjoint field edits and carries the remote version', () => {
    const local = edit({ birthDate: '1991-02-02' });
    const remote = edit({ gender: 'other' }, '4');
    const result = mergeResource(base, local, remote);
    expect(result.kind).toBe('merged');
    const merged = (result as Extract<MergeResult<Patient>, { kind: 'merged' }>).resource;
    expect(merged.birthDate).toBe('1991-02-02');
    expect(merged.gender).toBe('other');
    expect(merged.meta?.versionId).toBe('4');
    // A combination of both sides: neither narrative describes it.
    expect(merged.text).toBeUndefined();
  });

  it('merges edits of different keys inside one object', () => {
    const local = edit({ maritalStatus: { text: 'soltera', coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'U' }] } });
    const remote = edit({ maritalStatus: {} }, '4');
    const result = mergeResource(base, local, remote);
    expect(result).toMatchObject({ kind: 'merged', resource: { maritalStatus: { coding: [{ code: 'U' }] } } });
    expect((result as { resource: Patient }).resource.maritalStatus?.text).toBeUndefined();
  });

  it('treats identical edits on both sides as no conflict, with the remote narrative', () => {
    const local = edit({ gender: 'male' });
    const remote = { ...edit({ gender: 'male' }, '4'), text: { status: 'generated' as const, div: '<div xmlns="http://www.w3.org/1999/xhtml">remoto</div>' } };
    expect(mergeResource(base, local, remote)).toEqual({ kind: 'merged', resource: remote });
  });

  it('reports different edits of one field, and of one array, as conflicts at their paths', () => {
    const local = edit({ gender: 'male', name: [{ family: 'Xol', given: ['Ana', 'María'] }] });
    const remote = edit({ gender: 'other', name: [{ family: 'Xol Pop', given: ['Ana'] }] }, '4');
    expect(mergeResource(base, local, remote)).toEqual({ kind: 'conflict', fields: ['Patient.gender', 'Patient.name'] });
  });

  it('reports delete against edit as a conflict on the whole resource, either way round', () => {
    expect(mergeResource(base, undefined, edit({ gender: 'male' }, '4'))).toEqual({ kind: 'conflict', fields: ['Patient'] });
    expect(mergeResource(base, edit({ gender: 'male' }), undefined)).toEqual({ kind: 'conflict', fields: ['Patient'] });
    expect(mergeResource(base, undefined, edit({}, '4'))).toEqual({ kind: 'deleted' });
    expect(mergeResource(base, undefined, undefined)).toEqual({ kind: 'deleted' });
  });

  it('settles an upload whose answer was lost: remote already holds the local content', () => {
    const local = edit({ gender: 'male' });
    const remote = edit({ gender: 'male' }, '4');
    expect(mergeResource(base, local, remote)).toEqual({ kind: 'merged', resource: remote });
    expect(mergeResource(undefined, local, remote)).toEqual({ kind: 'merged', resource: remote });
  });

  it('refuses to merge versions of different resources', () => {
    expect(() => mergeResource(base, { ...base, id: 'other' }, base)).toThrow(OutcomeError);
  });
});

describe('conflict resolution', () => {
  const local = edit({ gender: 'male', birthDate: '1991-02-02' });
  const remote = edit({ gender: 'other', maritalStatus: { text: 'casada' } }, '4');

  it('keeps the chosen side per path and every non-conflicting change of both', () => {
    const byField = resolveFieldByField(base, local, remote, { 'Patient.gender': 'remote' });
    expect(byField).toMatchObject({ kind: 'merged', resource: { gender: 'other', birthDate: '1991-02-02', maritalStatus: { text: 'casada' }, meta: { versionId: '4' } } });
  });

  it('keep-local and keep-remote settle every conflict to one side', () => {
    expect(resolveConflict(base, local, remote, { kind: 'keep-local' })).toMatchObject({ kind: 'merged', resource: { gender: 'male', maritalStatus: { text: 'casada' } } });
    expect(resolveConflict(base, local, remote, { kind: 'keep-remote' })).toMatchObject({ kind: 'merged', resource: { gender: 'other', birthDate: '1991-02-02' } });
    expect(resolveConflict(base, undefined, remote, { kind: 'keep-local' })).toEqual({ kind: 'deleted' });
    expect(resolveConflict(base, undefined, remote, { kind: 'keep-remote' })).toMatchObject({ kind: 'merged', resource: remote });
  });

  it('names the paths still missing a choice in an OperationOutcome', () => {
    try {
      resolveFieldByField(base, local, remote, {});
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(OutcomeError);
      const first = (err as OutcomeError).outcome.issue[0];
      expect(first?.code).toBe('required');
      expect(first?.expression).toEqual(['Patient.gender']);
      expect(first?.details?.text).toMatch(/Elija/);
    }
  });
});

// Random resources: a few fields, nested objects, arrays; edits set, remove or nest values.
const leaf = fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 2 }), fc.boolean(), fc.array(fc.constantFrom('x', 'y'), { maxLength: 2 }));
const fieldNames = ['f1', 'f2', 'f3'] as const;
const value = fc.oneof(leaf, fc.dictionary(fc.constantFrom('g1', 'g2', 'g3'), leaf, { minKeys: 1, maxKeys: 3 }));
const body = fc.dictionary(fc.constantFrom(...fieldNames), value, { maxKeys: 3 });
const asResource = (fields: Record<string, unknown>, versionId: string): Resource =>
  ({ resourceType: 'Basic', id: 'r', meta: { versionId }, code: { text: 'c' }, ...fields }) as unknown as Resource;
/** A version derived from base by random edits (often leaving base unchanged). */
const derived = (b: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(fc.constant(b), body.map((edits) => ({ ...b, ...edits })), fc.constantFrom(...fieldNames).map((k) => Object.fromEntries(Object.entries(b).filter(([key]) => key !== k))));
const triple = body.chain((b) => fc.tuple(fc.constant(b), derived(b), derived(b)));
const maybeDeleted = (r: Resource): fc.Arbitrary<Resource | undefined> => fc.oneof({ weight: 5, arbitrary: fc.constant(r) }, { weight: 1, arbitrary: fc.constant(undefined) });

/** Flattens to path -> atomic value (arrays and primitives), ignoring version bookkeeping. */
function flat(resource: Resource | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (path: string, v: unknown): void => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) walk(`${path}.${k}`, x);
    else out.set(path, JSON.stringify(v));
  };
  if (resource !== undefined) walk('', { ...resource, meta: undefined, text: undefined });
  return out;
}
const stripMeta = (r: MergeResult): unknown => (r.kind === 'merged' ? { ...r.resource, meta: undefined, text: undefined } : r.kind === 'conflict' ? { kind: 'conflict', fields: [...r.fields].sort() } : r);

describe('mergeResource properties', () => {
  it('merge(b, b, r) is r and merge(b, l, b) is l', () => {
    fc.assert(
      fc.property(triple, fc.boolean(), ([b, l, r], deleteOther) => {
        const base_ = asResource(b, '1');
        const remote = deleteOther ? undefined : asResource(r, '2');
        const local = deleteOther ? undefined : asResource(l, '1');
        expect(mergeResource(base_, base_, remote)).toEqual(remote === undefined ? { kind: 'deleted' } : { kind: 'merged', resource: remote });
        const fromLocal = mergeResource(base_, local, base_);
        expect(stripMeta(fromLocal)).toEqual(local === undefined ? { kind: 'deleted' } : { ...local, meta: undefined, text: undefined });
      }),
      { numRuns: 300 },
    );
  });

  it('detects the same conflicts whichever side is called local', () => {
    fc.assert(
      fc.property(triple.chain(([b, l, r]) => fc.tuple(fc.constant(asResource(b, '1')), maybeDeleted(asResource(l, '1')), maybeDeleted(asResource(r, '2')))), ([b, l, r]) => {
        expect(stripMeta(mergeResource(b, l, r))).toEqual(stripMeta(mergeResource(b, r, l)));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every non-conflicting change of both sides', () => {
    fc.assert(
      fc.property(triple, ([b, l, r]) => {
        const [base_, local, remote] = [asResource(b, '1'), asResource(l, '1'), asResource(r, '2')];
        const result = mergeResource(base_, local, remote);
        if (result.kind !== 'merged') return;
        const [fb, fm] = [flat(base_), flat(result.resource)];
        for (const side of [flat(local), flat(remote)]) {
          for (const path of new Set([...fb.keys(), ...side.keys()])) {
            if (side.get(path) !== fb.get(path)) expect(fm.get(path)).toBe(side.get(path));
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('resolving every conflict toward one side gives a result that keeps that side wherever base differs', () => {
    fc.assert(
      fc.property(triple, fc.constantFrom('local' as const, 'remote' as const), ([b, l, r], side) => {
        const [base_, local, remote] = [asResource(b, '1'), asResource(l, '1'), asResource(r, '2')];
        const merged = mergeResource(base_, local, remote);
        const choices = Object.fromEntries((merged.kind === 'conflict' ? merged.fields : []).map((p) => [p, side]));
        const resolved = resolveFieldByField(base_, local, remote, choices);
        expect(resolved.kind).toBe('merged');
        if (resolved.kind !== 'merged') return;
        const chosen = flat(side === 'local' ? local : remote);
        const fr = flat(resolved.resource);
        for (const [path, v] of chosen) if (v !== flat(base_).get(path)) expect(fr.get(path)).toBe(v);
      }),
      { numRuns: 300 },
    );
  });
});
