// Snapshot generation for constraint StructureDefinitions (profiles and extensions), offline,
// from their differential and the snapshot of their baseDefinition. It covers the constructs the
// Ceiba profiles use, and refuses anything else loudly rather than guessing:
// - constraints on existing elements: min/max (never loosened), type (a subset of the base
//   types), fixed[x]/pattern[x], binding, constraint (appended), mustSupport, short, definition,
//   comment, requirements, label, maxLength, slicing;
// - children of complex types, expanded from the type's StructureDefinition (or the type's
//   profile, e.g. an extension definition) when the differential constrains one of them;
// - slices (sliceName), inserted after the sliced element's subtree and its earlier slices, with
//   children copied from the sliced element (backbone elements) or expanded from the type.
import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';

export type StructureDefinitionResolver = (url: string) => StructureDefinition | undefined;

export class SnapshotError extends Error {
  constructor(
    readonly profile: string,
    readonly elementId: string,
    message: string,
  ) {
    super(`${profile} ${elementId}: ${message}`);
    this.name = 'SnapshotError';
  }
}

const HL7_SD = 'http://hl7.org/fhir/StructureDefinition/';

/** Fields a differential may set, copied onto the snapshot element as they are. */
const REPLACED_FIELDS = [
  'short',
  'definition',
  'comment',
  'requirements',
  'label',
  'mustSupport',
  'maxLength',
  'slicing',
  'binding',
  'isSummary',
] as const satisfies readonly (keyof ElementDefinition)[];

type Mutable = Record<string, unknown>;

const clone = <T>(value: T): T => structuredClone(value);

function cardinalityMax(max: string | undefined): number {
  if (max === undefined || max === '*') return Number.POSITIVE_INFINITY;
  return Number.parseInt(max, 10);
}

function valueKeys(element: ElementDefinition, prefix: 'fixed' | 'pattern'): string[] {
  return Object.keys(element).filter((k) => k.startsWith(prefix) && k.length > prefix.length);
}

/** Splits `Patient.identifier:cui.system` into parent `Patient.identifier:cui` and `system`. */
function splitId(id: string): { parent: string; segment: string } | undefined {
  const dot = id.lastIndexOf('.');
  if (dot < 0) return undefined;
  return { parent: id.slice(0, dot), segment: id.slice(dot + 1) };
}

/** An element id without slice names is its path (`Patient.identifier:cui.system` -> `Patient.identifier.system`). */
export function idToPath(id: string): string {
  return id
    .split('.')
    .map((s) => s.split(':')[0])
    .join('.');
}

class SnapshotBuilder {
  private readonly elements: ElementDefinition[];

  constructor(
    private readonly sd: StructureDefinition,
    base: StructureDefinition,
    private readonly resolve: StructureDefinitionResolver,
  ) {
    const baseElements = base.snapshot?.element;
    if (!baseElements?.length) throw new SnapshotError(sd.url, '', `base ${base.url} has no snapshot`);
    this.elements = clone(baseElements);
  }

  build(): ElementDefinition[] {
    for (const diff of this.sd.differential?.element ?? []) {
      const id = diff.id ?? diff.path;
      if (diff.path !== idToPath(id)) throw this.error(id, `path ${diff.path} does not match id`);
      const index = this.indexOf(id) ?? this.materialize(id);
      this.merge(index, diff);
    }
    return this.elements;
  }

  private error(id: string, message: string): SnapshotError {
    return new SnapshotError(this.sd.url, id, message);
  }

  private indexOf(id: string): number | undefined {
    const i = this.elements.findIndex((e) => e.id === id);
    return i < 0 ? undefined : i;
  }

  /** Index just past the subtree of the element at `index` (its children and their slices). */
  private subtreeEnd(index: number): number {
    const id = this.elements[index]?.id ?? '';
    let i = index + 1;
    while (i < this.elements.length && (this.elements[i]?.id ?? '').startsWith(`${id}.`)) i++;
    return i;
  }

  /** Index past the sliced element, its subtree and all its existing slices with theirs. */
  private slicesEnd(index: number): number {
    const id = this.elements[index]?.id ?? '';
    let i = this.subtreeEnd(index);
    while (i < this.elements.length) {
      const next = this.elements[i]?.id ?? '';
      if (!next.startsWith(`${id}:`)) break;
      i = this.subtreeEnd(i);
    }
    return i;
  }

  private materialize(id: string): number {
    const parts = splitId(id);
    if (!parts) throw this.error(id, 'not found in the base snapshot');
    const { parent, segment } = parts;
    const colon = segment.indexOf(':');
    if (colon >= 0) {
      const slicedId = `${parent}.${segment.slice(0, colon)}`;
      const sliceName = segment.slice(colon + 1);
      const slicedIndex = this.indexOf(slicedId) ?? this.materialize(slicedId);
      const sliced = this.elements[slicedIndex];
      if (!sliced) throw this.error(id, 'sliced element missing');
      if (!sliced.slicing) throw this.error(id, `${slicedId} is not sliced (declare slicing before the slices)`);
      const slice = clone(sliced);
      delete slice.slicing;
      slice.id = id;
      slice.sliceName = sliceName;
      const at = this.slicesEnd(slicedIndex);
      this.elements.splice(at, 0, slice);
      return at;
    }
    const parentIndex = this.indexOf(parent) ?? this.materialize(parent);
    this.expandChildren(parentIndex);
    const index = this.indexOf(id);
    if (index === undefined) throw this.error(id, `no such child of ${parent}`);
    return index;
  }

  /** Inserts the children of an element that the snapshot does not list yet. */
  private expandChildren(parentIndex: number): void {
    const parent = this.elements[parentIndex];
    if (!parent?.id) throw this.error('?', 'element without id');
    const next = this.elements[parentIndex + 1];
    if (next?.id?.startsWith(`${parent.id}.`)) throw this.error(parent.id, 'children already expanded');
    const children = this.childrenFor(parent);
    this.elements.splice(parentIndex + 1, 0, ...children);
  }

  private childrenFor(parent: ElementDefinition): ElementDefinition[] {
    const parentId = parent.id ?? '';
    const parentPath = parent.path;
    const types = parent.type ?? [];
    if (types.length !== 1) throw this.error(parentId, 'constrain the element to a single type before its children');
    const type = types[0];
    const code = type?.code ?? '';
    if (parent.sliceName) {
      // A slice starts from the sliced element's children when the snapshot already lists them
      // (always for backbone elements; for complex types once the profile constrained them).
      const slicedId = parentId.slice(0, parentId.lastIndexOf(':'));
      const slicedIndex = this.indexOf(slicedId);
      if (slicedIndex === undefined) throw this.error(parentId, 'sliced element missing');
      if (this.subtreeEnd(slicedIndex) > slicedIndex + 1) return this.copySlicedChildren(slicedIndex, slicedId, parentId);
    }
    if (code === 'BackboneElement' || code === 'Element') throw this.error(parentId, 'backbone children missing from the base');
    const typeUrl = type?.profile?.[0] ?? `${HL7_SD}${code}`;

    const typeSd = this.resolve(typeUrl.split('|')[0] ?? typeUrl);
    const typeElements = typeSd?.snapshot?.element;
    if (!typeElements?.length) throw this.error(parentId, `cannot resolve type ${typeUrl}`);
    const rootId = typeElements[0]?.id ?? '';
    const rootPath = typeElements[0]?.path ?? '';
    return typeElements.slice(1).map((e) => {
      const copy = clone(e);
      copy.id = parentId + (e.id ?? '').slice(rootId.length);
      copy.path = parentPath + e.path.slice(rootPath.length);
      return copy;
    });
  }

  private copySlicedChildren(slicedIndex: number, slicedId: string, sliceId: string): ElementDefinition[] {
    return this.elements.slice(slicedIndex + 1, this.subtreeEnd(slicedIndex)).map((e) => {
      const copy = clone(e);
      copy.id = sliceId + (e.id ?? '').slice(slicedId.length);
      return copy;
    });
  }

  private merge(index: number, diff: ElementDefinition): void {
    const target = this.elements[index];
    if (!target) throw this.error(diff.id ?? '?', 'internal: no element to merge into');
    const id = target.id ?? '?';
    const t = target as unknown as Mutable;
    if (diff.min !== undefined) {
      if (diff.min < (target.min ?? 0) && !diff.sliceName) throw this.error(id, `min ${diff.min} loosens base min ${target.min ?? 0}`);
      target.min = diff.min;
    }
    if (diff.max !== undefined) {
      if (cardinalityMax(diff.max) > cardinalityMax(target.max)) throw this.error(id, `max ${diff.max} loosens base max ${target.max ?? '*'}`);
      target.max = diff.max;
    }
    if (target.min !== undefined && cardinalityMax(target.max) < target.min) throw this.error(id, 'min greater than max');
    if (diff.type) {
      const allowed = new Set((target.type ?? []).map((x) => x.code));
      for (const ty of diff.type) {
        if (!allowed.has(ty.code)) throw this.error(id, `type ${ty.code} is not allowed by the base`);
      }
      target.type = clone(diff.type);
    }
    for (const field of REPLACED_FIELDS) {
      if (diff[field] !== undefined) t[field] = clone(diff[field]);
    }
    for (const prefix of ['fixed', 'pattern'] as const) {
      const keys = valueKeys(diff, prefix);
      if (keys.length === 0) continue;
      for (const old of [...valueKeys(target, 'fixed'), ...valueKeys(target, 'pattern')]) Reflect.deleteProperty(t, old);
      for (const key of keys) t[key] = clone((diff as unknown as Mutable)[key]);
    }
    if (diff.constraint) {
      const constraints = [...(target.constraint ?? [])];
      for (const c of diff.constraint) {
        if (constraints.some((x) => x.key === c.key)) throw this.error(id, `constraint ${c.key} already defined`);
        constraints.push({ ...clone(c), source: c.source ?? this.sd.url });
      }
      target.constraint = constraints;
    }
  }
}

/**
 * Returns the snapshot elements of `sd` (a constraint on `sd.baseDefinition`), built from its
 * differential. `resolve` returns StructureDefinitions with snapshots (the base, data types,
 * type profiles).
 */
export function generateSnapshot(sd: StructureDefinition, resolve: StructureDefinitionResolver): ElementDefinition[] {
  if (sd.derivation !== 'constraint') throw new SnapshotError(sd.url, '', 'only constraint derivations are supported');
  const baseUrl = sd.baseDefinition;
  const base = baseUrl === undefined ? undefined : resolve(baseUrl);
  if (!base) throw new SnapshotError(sd.url, '', `cannot resolve base ${baseUrl ?? '(none)'}`);
  return new SnapshotBuilder(sd, base, resolve).build();
}
