// Slices read straight from a profile's snapshot. @medplum/core's parser flattens a slice's
// descendants by path and treats a slice nested inside a slice (bp's
// component:SystolicBP.code.coding:SBPCode) as a sibling of its parent, so the children after it
// are lost; validation of slices uses this model instead, keyed by the sliced element.
import type { InternalSchemaElement, InternalTypeSchema, SliceDefinition, SlicingRules, TypedValue } from '@medplum/core';
import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';

/** A slice nested inside a slice, counted by the fixed/pattern values of its children. */
export interface NestedSlice {
  /** Path of the sliced element relative to the outer slice, e.g. `code.coding`. */
  readonly key: string;
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly values: readonly { readonly key: string; readonly value: unknown; readonly pattern: boolean }[];
}

export interface ModelSlice extends SliceDefinition {
  readonly nested: readonly NestedSlice[];
}

export interface SlicingModel extends Omit<SlicingRules, 'slices'> {
  readonly slices: ModelSlice[];
}

const PRIMITIVES = new Set([
  'base64Binary', 'boolean', 'canonical', 'code', 'date', 'dateTime', 'decimal', 'id', 'instant', 'integer',
  'markdown', 'oid', 'positiveInt', 'string', 'time', 'unsignedInt', 'uri', 'url', 'uuid',
]);

const withoutSlices = (relativeId: string): string =>
  relativeId
    .split('.')
    .map((p) => p.split(':')[0])
    .join('.');

const maxOf = (max: string | undefined): number => (max === undefined || max === '*' ? Number.POSITIVE_INFINITY : Number(max));

function valueOf(e: ElementDefinition, prefix: 'fixed' | 'pattern'): TypedValue | undefined {
  for (const [key, value] of Object.entries(e)) {
    if (!key.startsWith(prefix) || key.length === prefix.length) continue;
    const name = key.slice(prefix.length);
    const lower = name.charAt(0).toLowerCase() + name.slice(1);
    return { type: PRIMITIVES.has(lower) ? lower : name, value: value as unknown };
  }
  return undefined;
}

export function toSchemaElement(e: ElementDefinition): InternalSchemaElement {
  const fixed = valueOf(e, 'fixed');
  const pattern = valueOf(e, 'pattern');
  return {
    description: '',
    path: e.path,
    min: e.min ?? 0,
    max: maxOf(e.max),
    isArray: maxOf(e.base?.max ?? e.max) > 1,
    constraints: (e.constraint ?? []).map((c) => ({
      key: c.key,
      severity: c.severity,
      expression: c.expression ?? '',
      description: c.human,
    })),
    type: (e.type ?? []).map((t) => ({
      code: t.code,
      ...(t.profile ? { profile: t.profile } : {}),
      ...(t.targetProfile ? { targetProfile: t.targetProfile } : {}),
    })),
    ...(fixed ? { fixed } : {}),
    ...(pattern ? { pattern } : {}),
    ...(e.binding ? { binding: e.binding } : {}),
  };
}

function nestedSlices(elements: ElementDefinition[], sliceId: string): NestedSlice[] {
  const out: NestedSlice[] = [];
  for (const e of elements) {
    const id = e.id ?? '';
    if (!id.startsWith(`${sliceId}.`) || e.sliceName === undefined) continue;
    const rest = id.slice(sliceId.length + 1);
    if (rest.split(':').length !== 2) continue;
    const values: NestedSlice['values'][number][] = [];
    for (const child of elements) {
      const childId = child.id ?? '';
      if (!childId.startsWith(`${id}.`) || childId.slice(id.length + 1).includes(':')) continue;
      for (const [k, value] of Object.entries(child)) {
        const pattern = k.startsWith('pattern');
        if (pattern || k.startsWith('fixed')) values.push({ key: childId.slice(id.length + 1), value, pattern });
      }
    }
    out.push({ key: withoutSlices(rest), name: e.sliceName, min: e.min ?? 0, max: maxOf(e.max), values });
  }
  return out;
}

/** The slicing of every sliced element of the profile, keyed by medplum's parsed element. */
export function buildSlicingModels(sd: StructureDefinition, schema: InternalTypeSchema): Map<InternalSchemaElement, SlicingModel> {
  const elements = sd.snapshot?.element ?? [];
  const models = new Map<InternalSchemaElement, SlicingModel>();
  const rootPath = elements[0]?.path ?? '';
  for (const [key, element] of Object.entries(schema.elements)) {
    if (!element.slicing) continue;
    const slicedId = `${rootPath}.${key}`;
    const sliced = elements.find((e) => e.id === slicedId);
    if (!sliced?.slicing) continue;
    const slices: ModelSlice[] = [];
    for (const e of elements) {
      const id = e.id ?? '';
      if (e.sliceName === undefined || id !== `${slicedId}:${e.sliceName}`) continue;
      const children: Record<string, InternalSchemaElement> = {};
      for (const c of elements) {
        const cid = c.id ?? '';
        if (!cid.startsWith(`${id}.`) || cid.slice(id.length + 1).includes(':')) continue;
        children[cid.slice(id.length + 1)] = toSchemaElement(c);
      }
      slices.push({ ...toSchemaElement(e), name: e.sliceName, elements: children, nested: nestedSlices(elements, id) });
    }
    models.set(element, {
      discriminator: (sliced.slicing.discriminator ?? []).map((d) => ({ path: d.path, type: d.type })),
      ordered: sliced.slicing.ordered ?? false,
      rule: sliced.slicing.rules,
      slices,
    });
  }
  return models;
}
