// Three-way merge of one resource (DESIGN §5 Conflicts): base is the last version both sides
// agreed on, local the device's pending version, remote the server's current one; undefined means
// absent (deleted, or for base: never seen by both).
//
// Rules:
// - A field changed on one side only takes that side's value; the same change on both sides is
//   no conflict. Objects merge key by key, recursively.
// - Arrays are atomic values: element-wise merging of FHIR arrays (names, identifiers, telecoms) has
//   no safe general rule — elements carry no stable identity and order can matter — so two different
//   edits of one array are a conflict at the array's path.
// - A delete against an edit is a conflict at the resource's path (e.g. "Patient").
// - meta.versionId and meta.lastUpdated are ignored in the comparison; the merged resource carries
//   the remote's, since it descends from (and is uploaded with If-Match on) the remote version.
// - text (the narrative) is not compared: when the merge takes all data from one side, that side's
//   narrative comes along; when it combines both, a narrative written for either would describe
//   data the resource no longer holds, so it is dropped (the local write path regenerates it).
import type { Resource } from '@medplum/fhirtypes';
import { OutcomeError, errorOutcome } from '../../fhir/outcome';
import type { JsonObject, Side } from './json-values';
import { deepEqual, isJsonObject } from './json-values';

export type MergeResult<T extends Resource = Resource> =
  | { readonly kind: 'merged'; readonly resource: T }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'conflict'; readonly fields: readonly string[] };

export type Resolved<T extends Resource = Resource> = Exclude<MergeResult<T>, { kind: 'conflict' }>;

export function mergeResource<T extends Resource>(base: T | undefined, local: T | undefined, remote: T | undefined): MergeResult<T> {
  const result = mergeWith(base, local, remote, () => undefined);
  return result.missing.length > 0 ? { kind: 'conflict', fields: result.missing } : (result.resolved as Resolved<T>);
}

/** Chooses a side for a conflicting path, or undefined to leave it a conflict. */
export type Chooser = (path: string) => Side | undefined;

/** The merge core shared with resolveFieldByField: conflicts the chooser settles are resolved. */
export function mergeWith<T extends Resource>(
  base: T | undefined,
  local: T | undefined,
  remote: T | undefined,
  choose: Chooser,
): { resolved: Resolved<T> | undefined; missing: string[] } {
  const sample = local ?? remote ?? base;
  if (sample === undefined) return { resolved: { kind: 'deleted' }, missing: [] };
  assertSameResource(sample, [base, local, remote]);
  const root = sample.resourceType;
  const [b, l, r] = [base, local, remote].map((v) => (v === undefined ? undefined : comparable(v)));
  const missing: string[] = [];
  const merged = mergeValue(root, b, l, r, choose, missing);
  if (missing.length > 0) return { resolved: undefined, missing };
  if (merged === undefined) return { resolved: { kind: 'deleted' }, missing };
  return { resolved: { kind: 'merged', resource: finish(merged as JsonObject, local, remote) as unknown as T }, missing };
}

function mergeValue(path: string, base: unknown, local: unknown, remote: unknown, choose: Chooser, conflicts: string[]): unknown {
  if (deepEqual(local, remote)) return local;
  if (deepEqual(base, local)) return remote;
  if (deepEqual(base, remote)) return local;
  if (isJsonObject(local) && isJsonObject(remote) && (base === undefined || isJsonObject(base))) {
    const b: JsonObject = base ?? {};
    const out: JsonObject = {};
    for (const key of new Set([...Object.keys(b), ...Object.keys(local), ...Object.keys(remote)])) {
      const value = mergeValue(`${path}.${key}`, b[key], local[key], remote[key], choose, conflicts);
      if (value !== undefined) out[key] = value;
    }
    // Both sides removing different parts of one element can leave it empty: FHIR has no empty elements.
    return Object.keys(out).length === 0 ? undefined : out;
  }
  const side = choose(path);
  if (side === undefined) {
    conflicts.push(path);
    return undefined;
  }
  return side === 'local' ? local : remote;
}

/** The resource without what the comparison ignores (version bookkeeping and narrative). */
function comparable(resource: Resource): JsonObject {
  const copy = { ...(resource as unknown as JsonObject) };
  delete copy.text;
  if (isJsonObject(copy.meta)) {
    const meta = { ...copy.meta };
    delete meta.versionId;
    delete meta.lastUpdated;
    if (Object.keys(meta).length === 0) delete copy.meta;
    else copy.meta = meta;
  }
  return copy;
}

/** Puts back the remote's version bookkeeping and the narrative that still describes the data. */
function finish(merged: JsonObject, local: Resource | undefined, remote: Resource | undefined): JsonObject {
  const out: JsonObject = { ...merged };
  const versionId = remote?.meta?.versionId;
  const lastUpdated = remote?.meta?.lastUpdated;
  if (versionId !== undefined || lastUpdated !== undefined) {
    out.meta = {
      ...(isJsonObject(merged.meta) ? merged.meta : {}),
      ...(versionId === undefined ? {} : { versionId }),
      ...(lastUpdated === undefined ? {} : { lastUpdated }),
    };
  }
  const narrative = pickNarrative(merged, local, remote);
  if (narrative !== undefined) out.text = narrative;
  return out;
}

function pickNarrative(merged: JsonObject, local: Resource | undefined, remote: Resource | undefined): unknown {
  if (remote !== undefined && deepEqual(merged, comparable(remote))) return (remote as unknown as JsonObject).text;
  if (local !== undefined && deepEqual(merged, comparable(local))) return (local as unknown as JsonObject).text;
  return undefined;
}

function assertSameResource(sample: Resource, versions: (Resource | undefined)[]): void {
  for (const v of versions) {
    if (v !== undefined && (v.resourceType !== sample.resourceType || v.id !== sample.id)) {
      throw new OutcomeError(
        errorOutcome('invalid', `cannot merge ${v.resourceType}/${v.id ?? '?'} with ${sample.resourceType}/${sample.id ?? '?'}`, [sample.resourceType]),
      );
    }
  }
}
