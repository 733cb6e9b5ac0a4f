// The checks Ceiba adds to @medplum/core's validator, in one walk over the resource with the same
// schema (base type or parsed profile). Medplum checks cardinality, primitive formats, fixed and
// pattern values of plain elements, and the FHIRPath constraints of elements; it does not check:
// - bindings (no terminology): checked here against local ValueSets (LocalTerminology);
// - choice types narrowed by a profile (e.g. value[x] only Quantity);
// - anything inside a slice (the slice's own constraints, fixed values, bindings, children,
//   extension profiles), nor slice cardinality when the discriminator path is a list: slices
//   are matched and counted here, and medplum's slice-count issues are dropped by the caller;
// - invariants of data types and of resources below the root (per-1 on a Period, att-1 on an
//   Attachment, dom-* on a contained or Bundle entry resource): evaluated here;
// - custom invariants (custom-invariants.ts) and the Attachment size.
import {
  arrayify,
  deepEquals,
  deepIncludes,
  evalFhirPathTyped,
  getDataType,
  getNestedProperty,
  isPrimitiveType,
  toTypedValue,
  UCUM,
  type CrawlerVisitor,
  type InternalSchemaElement,
  type InternalTypeSchema,
  type SliceDefinition,
  type TypedValue,
  type TypedValueWithPath,
} from '@medplum/core';
import type { ElementDefinitionBinding, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { CustomInvariants } from './custom-invariants';
import type { LocalTerminology } from './local-terminology';
import type { ModelSlice, NestedSlice, SlicingModel } from './slice-model';
import { validationIssue } from './validation-issue';

/** Constraint keys @medplum/core also skips (need descendants() or are back-compat exceptions). */
const SKIPPED_CONSTRAINTS = new Set(['ele-1', 'dom-3', 'org-1', 'sdf-19']);

export interface WalkContext {
  /** The slicing of a sliced element of the schema being walked, read from the snapshot. */
  readonly slicing: (element: InternalSchemaElement) => SlicingModel | undefined;
  readonly terminology: LocalTerminology;
  readonly customInvariants: CustomInvariants;
  /**
   * Validates a value (an extension, typically) against the type profile its slice names, when
   * that profile is known locally; undefined when it is not.
   */
  readonly checkTypeProfile: (value: TypedValueWithPath, profileUrl: string) => OperationOutcomeIssue[] | undefined;
}

type Constraint = NonNullable<InternalSchemaElement['constraints']>[number];

const present = (v: TypedValueWithPath): boolean => v.value !== undefined && v.value !== null;

/** The present values of property groups, in order (a plain loop: this runs for every property). */
function flatten(values: readonly (TypedValueWithPath | TypedValueWithPath[])[]): TypedValueWithPath[] {
  const out: TypedValueWithPath[] = [];
  for (const v of values) {
    if (Array.isArray(v)) {
      for (const item of v) if (present(item)) out.push(item);
    } else if (present(v)) {
      out.push(v);
    }
  }
  return out;
}

const primitive = (value: unknown): unknown =>
  value instanceof String || value instanceof Number || value instanceof Boolean ? value.valueOf() : value;

/** The path of a property: the list's path without the item index, or the single value's. */
const groupPath = (group: TypedValueWithPath | TypedValueWithPath[], fallback: string): string =>
  Array.isArray(group) ? (group[0]?.path.replace(/\[\d+\]$/, '') ?? fallback) : group.path;

const cardinality = (min: number, max: number): string => `${min}..${Number.isFinite(max) ? max : '*'}`;

export class ProfileWalker implements CrawlerVisitor {
  readonly issues: OperationOutcomeIssue[] = [];
  private readonly resources: Resource[] = [];
  /** Backbone element types as the profile constrains them (empty for a base type). */
  private readonly innerTypes = new Map<string, InternalTypeSchema>();

  constructor(
    private readonly ctx: WalkContext,
    private readonly rootPath: string,
    private readonly rootValue: TypedValue,
    rootSchema: InternalTypeSchema,
    isProfile: boolean,
  ) {
    if (isProfile) for (const inner of rootSchema.innerTypes) this.innerTypes.set(inner.name, inner);
  }

  /**
   * Base mode walks `value` with its base type `schema` (bindings, data-type invariants, custom
   * invariants, attachments), alongside @medplum/core's own validation. Profile mode checks the
   * profile's elements against the value: cardinality, fixed/pattern values, choice types,
   * bindings, invariants and slices, descending into backbone elements as the profile constrains
   * them. (Calling @medplum/core with the profile would parse the StructureDefinition on every
   * call, and it validates backbone values against the base type anyway.)
   */
  static walk(ctx: WalkContext, value: TypedValue, schema: InternalTypeSchema, rootPath: string, mode: 'base' | 'profile'): OperationOutcomeIssue[] {
    const walker = new ProfileWalker(ctx, rootPath, value, schema, mode === 'profile');
    if (walker.isResource(value.value)) walker.resources.push(value.value);
    const root = { ...value, path: rootPath };
    if (mode === 'profile') {
      walker.checkConstraints(root, schema.constraints);
      walker.checkElements(root, schema);
    } else {
      walker.checkCustomOnly(root, schema.constraints);
      crawlPresentElements(root, walker, schema, rootPath);
    }
    return walker.issues;
  }

  onEnterResource(_path: string, value: TypedValueWithPath): void {
    if (this.isResource(value.value)) this.resources.push(value.value);
  }

  onExitResource(): void {
    this.resources.pop();
  }

  onEnterObject(path: string, value: TypedValueWithPath, schema: InternalTypeSchema): void {
    // Invariants of a data type or a nested resource (medplum only checks the root's).
    if (path === this.rootPath || schema.parentType !== undefined) return;
    // `path` is the property (no index); the value's own path has it.
    this.checkConstraints(value, schema.constraints);
    if (value.type === 'Attachment') this.checkAttachment(value);
  }

  visitProperty(
    _parent: TypedValueWithPath,
    key: string,
    path: string,
    propertyValues: (TypedValueWithPath | TypedValueWithPath[])[],
    schema: InternalTypeSchema,
  ): void {
    const element = schema.elements[key];
    if (!element) return;
    for (const group of propertyValues) {
      const values = flatten([group]);
      for (const v of values) {
        this.checkChoiceType(v, element);
        this.checkBinding(v, element);
        this.checkCustomOnly(v, element.constraints);
      }
      if (element.slicing && values.length > 0) this.checkSlices(values, element, path);
      else if (element.slicing) this.checkSliceMinimums(element, path, 0);
    }
  }

  /** A backbone value against the profile's own definition of its type. */
  private checkInnerType(v: TypedValueWithPath): void {
    const inner = this.innerTypes.get(v.type);
    if (!inner) return;
    this.checkConstraints(v, inner.constraints);
    this.checkElements(v, inner);
  }

  /** Each element of `schema` (keys may be nested paths such as `name.family`) against `v`. */
  private checkElements(v: TypedValueWithPath, schema: InternalTypeSchema): void {
    for (const [key, element] of Object.entries(schema.elements)) {
      for (const group of getNestedProperty(v, key, { withPath: true })) {
        const values = flatten([group]);
        const path = groupPath(group, `${v.path}.${key}`);
        this.checkCardinality(path, element, values.length);
        for (const cv of values) {
          this.checkSpecified(cv, element);
          this.checkChoiceType(cv, element);
          this.checkBinding(cv, element);
          this.checkConstraints(cv, element.constraints);
          this.checkInnerType(cv);
        }
        if (element.slicing && values.length > 0) this.checkSlices(values, element, path);
        else if (element.slicing) this.checkSliceMinimums(element, path, 0);
      }
    }
  }

  private checkCardinality(path: string, element: InternalSchemaElement, count: number, sliceName?: string): void {
    if (count >= element.min && count <= element.max) return;
    const where = sliceName === undefined ? element.path : `${element.path} in slice '${sliceName}'`;
    this.issues.push(
      validationIssue(
        'error',
        'structure',
        path,
        count < element.min ? `Missing required property: ${where} requires ${cardinality(element.min, element.max)} values, found ${count}` : `Invalid number of values: ${where} requires ${cardinality(element.min, element.max)}, found ${count}`,
        count < element.min ? 'Falta un dato obligatorio.' : `Cantidad de valores no permitida: se esperaba ${cardinality(element.min, element.max)} y hay ${count}.`,
      ),
    );
  }

  // --- slices -----------------------------------------------------------------------------

  private checkSlices(values: TypedValueWithPath[], element: InternalSchemaElement, path: string): void {
    const slicing = this.ctx.slicing(element);
    if (!slicing) return;
    const counts = new Map<string, number>(slicing.slices.map((s) => [s.name, 0]));
    for (const v of values) {
      const slice = slicing.slices.find((s) => slicing.discriminator.every((d) => this.matchesDiscriminator(v, d, s)));
      if (!slice) {
        if (slicing.rule === 'closed') {
          this.issues.push(validationIssue('error', 'structure', v.path, `Value matches no slice of closed slicing at ${element.path}`, 'El valor no corresponde a ninguna de las variantes permitidas.'));
        }
        continue;
      }
      counts.set(slice.name, (counts.get(slice.name) ?? 0) + 1);
      this.checkSliceValue(v, slice);
    }
    for (const slice of slicing.slices) this.checkSliceCount(slice, path, counts.get(slice.name) ?? 0);
  }

  private checkSliceMinimums(element: InternalSchemaElement, path: string, count: number): void {
    for (const slice of this.ctx.slicing(element)?.slices ?? []) this.checkSliceCount(slice, path, count);
  }

  private checkSliceCount(slice: SliceDefinition, path: string, count: number): void {
    if (count >= slice.min && count <= slice.max) return;
    // A missing optional parent is reported (if at all) by the parent's own cardinality.
    if (count === 0 && slice.min > 0 && !this.parentExists(path)) return;
    this.issues.push(
      validationIssue(
        'error',
        'structure',
        path,
        `Slice '${slice.name}' of ${slice.path} requires ${cardinality(slice.min, slice.max)} values, found ${count}`,
        `Se esperaban ${cardinality(slice.min, slice.max)} valores de «${slice.name}» y hay ${count}.`,
      ),
    );
  }

  private parentExists(path: string): boolean {
    const parentPath = path.slice(0, path.lastIndexOf('.'));
    if (parentPath === this.rootPath || !parentPath.includes('.')) return true;
    try {
      const expression = parentPath.slice(parentPath.indexOf('.') + 1);
      return evalFhirPathTyped(expression, [this.rootValue]).length > 0;
    } catch {
      return true;
    }
  }

  private matchesDiscriminator(value: TypedValueWithPath, d: { path: string; type: string }, slice: ModelSlice): boolean {
    const targets: TypedValue[] = d.path === '$this' ? [value] : flatten(getNestedProperty(value, d.path, { withPath: true }));
    if (d.type === 'type') return targets.some((t) => slice.type.some((ty) => ty.code === t.type));
    if (d.type !== 'value' && d.type !== 'pattern') return false;
    const sliceElement = d.path === '$this' ? slice : slice.elements[d.path];
    if (d.path === 'url' && !sliceElement?.fixed && !sliceElement?.pattern) {
      // Extension slices: the url is the slice's type profile (children are not in the snapshot).
      const profile = slice.type[0]?.profile?.[0];
      return profile !== undefined && targets.some((t) => primitive(t.value) === profile);
    }
    if (!sliceElement) {
      // The discriminating value may sit in a slice nested inside this one (bp: code.coding.code).
      for (const n of slice.nested) {
        if (!d.path.startsWith(`${n.key}.`)) continue;
        const v = n.values.find((x) => x.key === d.path.slice(n.key.length + 1));
        if (v) return targets.some((t) => (v.pattern ? deepIncludes(primitive(t.value), v.value) : deepEquals(primitive(t.value), v.value)));
      }
      return false;
    }
    const fixed = sliceElement.fixed;
    const pattern = sliceElement.pattern;
    if (fixed) return targets.some((t) => deepEquals(primitive(t.value), primitive(fixed.value)));
    if (pattern) return targets.some((t) => deepIncludes(primitive(t.value), primitive(pattern.value)));
    const binding = sliceElement.binding;
    if (binding?.strength === 'required' && binding.valueSet && this.ctx.terminology.hasValueSet(binding.valueSet)) {
      return targets.some((t) => this.bindingFailure(t, binding) === undefined);
    }
    return false;
  }

  private checkSliceValue(v: TypedValueWithPath, slice: ModelSlice): void {
    this.checkSpecified(v, slice);
    this.checkChoiceType(v, slice);
    this.checkBinding(v, slice);
    this.checkConstraints(v, slice.constraints);
    const profile = slice.type.length === 1 ? slice.type[0]?.profile?.[0] : undefined;
    if (profile !== undefined) this.issues.push(...(this.ctx.checkTypeProfile(v, profile) ?? []));
    this.checkInnerType(v);
    for (const n of slice.nested) this.checkNestedSlice(v, n);
    for (const [key, child] of Object.entries(slice.elements)) {
      for (const group of getNestedProperty(v, key, { withPath: true })) {
        const values = flatten([group]);
        const path = groupPath(group, `${v.path}.${key}`);
        this.checkCardinality(path, child, values.length, slice.name);
        for (const cv of values) {
          this.checkSpecified(cv, child);
          this.checkChoiceType(cv, child);
          this.checkBinding(cv, child);
          this.checkConstraints(cv, child.constraints);
        }
      }
    }
  }

  private checkNestedSlice(v: TypedValueWithPath, n: NestedSlice): void {
    const values = flatten(getNestedProperty(v, n.key, { withPath: true }));
    const count = values.filter((x) =>
      n.values.every((c) => {
        const found = flatten(getNestedProperty(x, c.key, { withPath: true })).map((y) => primitive(y.value));
        return found.some((f) => (c.pattern ? deepIncludes(f, c.value) : deepEquals(f, c.value)));
      }),
    ).length;
    if (count >= n.min && count <= n.max) return;
    this.issues.push(
      validationIssue(
        'error',
        'structure',
        `${v.path}.${n.key}`,
        `Slice '${n.name}' of ${n.key} requires ${cardinality(n.min, n.max)} values, found ${count}`,
        `Se esperaban ${cardinality(n.min, n.max)} valores de «${n.name}» y hay ${count}.`,
      ),
    );
  }

  private checkSpecified(v: TypedValueWithPath, element: InternalSchemaElement): void {
    const value = primitive(v.value);
    const fixed = element.fixed;
    const pattern = element.pattern;
    if (fixed && !deepEquals(value, primitive(fixed.value))) {
      this.issues.push(validationIssue('error', 'value', v.path, `Value must be exactly ${JSON.stringify(fixed.value)}`, 'El valor no es el que exige el perfil.'));
    } else if (pattern && !deepIncludes(value, primitive(pattern.value))) {
      this.issues.push(validationIssue('error', 'value', v.path, `Value must include ${JSON.stringify(pattern.value)}`, 'El valor no coincide con el patrón que exige el perfil.'));
    }
  }

  // --- types and bindings ---------------------------------------------------------------------

  private checkChoiceType(v: TypedValueWithPath, element: InternalSchemaElement): void {
    if (!element.path.endsWith('[x]') || element.type.length === 0) return;
    if (element.type.some((t) => t.code === v.type)) return;
    const allowed = element.type.map((t) => t.code).join(', ');
    this.issues.push(
      validationIssue('error', 'structure', v.path, `Type ${v.type} is not allowed for ${element.path} (allowed: ${allowed})`, `Tipo de dato no permitido aquí (${v.type}); se admite: ${allowed}.`),
    );
  }

  private checkBinding(v: TypedValueWithPath, element: InternalSchemaElement): void {
    const binding = element.binding;
    if (!binding?.valueSet || (binding.strength !== 'required' && binding.strength !== 'extensible')) return;
    if (!this.ctx.terminology.hasValueSet(binding.valueSet)) return;
    // A units ValueSet on a choice element (vitalsigns' component.value[x]) binds the Quantity
    // choice only; the HL7 validator does not apply it to a CodeableConcept value.
    const systems = this.ctx.terminology.systems(binding.valueSet);
    if (element.path.endsWith('[x]') && systems.length === 1 && systems[0] === UCUM) return;
    const failure = this.bindingFailure(v, binding);
    if (failure === undefined) return;
    const valueSet = binding.valueSet.split('|')[0] ?? binding.valueSet;
    const required = binding.strength === 'required';
    this.issues.push(
      validationIssue(
        required ? 'error' : 'warning',
        'code-invalid',
        v.path,
        `${failure} is not in the value set ${valueSet} (${binding.strength} binding)`,
        required
          ? `El código ${failure} no pertenece al catálogo exigido (${valueSet.slice(valueSet.lastIndexOf('/') + 1)}).`
          : `El código ${failure} no pertenece al catálogo recomendado (${valueSet.slice(valueSet.lastIndexOf('/') + 1)}); úselo si existe un código adecuado.`,
      ),
    );
  }

  /** undefined when the value satisfies the binding; otherwise a description of what was found. */
  private bindingFailure(v: TypedValue, binding: ElementDefinitionBinding): string | undefined {
    const valueSet = binding.valueSet ?? '';
    const terminology = this.ctx.terminology;
    const value = primitive(v.value);
    switch (v.type) {
      case 'code':
      case 'string':
      case 'uri':
        if (typeof value !== 'string') return undefined;
        return terminology.membership(valueSet, undefined, value) === 'not-member' ? `'${value}'` : undefined;
      case 'Coding': {
        const coding = value as { system?: string; code?: string };
        if (coding.code === undefined) return binding.strength === 'required' ? 'a coding without code' : undefined;
        return terminology.membership(valueSet, coding.system, coding.code) === 'not-member'
          ? `'${coding.system ?? ''}|${coding.code}'`
          : undefined;
      }
      case 'CodeableConcept': {
        const codings = (value as { coding?: { system?: string; code?: string }[] }).coding ?? [];
        const coded = codings.filter((c) => c.code !== undefined);
        if (coded.length === 0) return binding.strength === 'required' ? 'a concept without codes' : undefined;
        if (coded.some((c) => terminology.membership(valueSet, c.system, c.code ?? '') === 'member')) return undefined;
        return coded.map((c) => `'${c.system ?? ''}|${c.code ?? ''}'`).join(', ');
      }
      default:
        return undefined;
    }
  }

  // --- invariants -------------------------------------------------------------------------------

  private checkConstraints(v: TypedValueWithPath, constraints: Constraint[] | undefined): void {
    for (const c of constraints ?? []) {
      if (c.severity !== 'error' || SKIPPED_CONSTRAINTS.has(c.key)) continue;
      const custom = this.ctx.customInvariants[c.key];
      if (!custom?.replacesExpression && !this.expressionHolds(c, v)) {
        this.pushConstraintIssue(v.path, c, `${c.description} [${c.expression}]`);
        continue;
      }
      this.runCustom(v, c);
    }
  }

  /** Custom TypeScript invariants only (the FHIRPath part is evaluated by @medplum/core). */
  private checkCustomOnly(v: TypedValueWithPath, constraints: Constraint[] | undefined): void {
    for (const c of constraints ?? []) if (c.severity === 'error') this.runCustom(v, c);
  }

  private runCustom(v: TypedValueWithPath, c: Constraint): void {
    const custom = this.ctx.customInvariants[c.key];
    const failure = custom?.check(primitive(v.value), { resources: [this.rootValue.value, ...this.resources] });
    if (failure !== undefined) this.pushConstraintIssue(v.path, c, failure.diagnostics, failure.spanish);
  }

  private pushConstraintIssue(path: string, c: Constraint, reason: string, spanish?: string): void {
    this.issues.push(
      validationIssue('error', 'invariant', path, `Constraint ${c.key} not met: ${reason}`, spanish ?? `No se cumple la regla ${c.key}: ${c.description}`),
    );
  }

  private expressionHolds(c: Constraint, v: TypedValueWithPath): boolean {
    const variables: Record<string, TypedValue> = { '%context': v, '%ucum': toTypedValue(UCUM) };
    const current = this.resources[this.resources.length - 1];
    if (current) variables['%resource'] = toTypedValue(current);
    if (this.isResource(this.rootValue.value)) variables['%rootResource'] = this.rootValue;
    try {
      const result = evalFhirPathTyped(c.expression, [v], variables);
      return result.length === 1 && result[0]?.value === true;
    } catch {
      return false;
    }
  }

  // --- attachments ----------------------------------------------------------------------------

  private checkAttachment(v: TypedValueWithPath): void {
    const attachment = v.value as { data?: unknown; size?: unknown };
    const data = primitive(attachment.data);
    const size = primitive(attachment.size);
    if (typeof data !== 'string' || typeof size !== 'number') return;
    const clean = data.replace(/\s/g, '');
    const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
    const actual = Math.floor((clean.length * 3) / 4) - padding;
    if (actual !== size) {
      this.issues.push(
        validationIssue('error', 'value', `${v.path}.size`, `Stated Attachment size ${size} does not match the data size ${actual}`, `El tamaño declarado del adjunto (${size}) no coincide con el de los datos (${actual}).`),
      );
    }
  }

  private isResource(value: unknown): value is Resource {
    return typeof value === 'object' && value !== null && typeof (value as { resourceType?: unknown }).resourceType === 'string';
  }
}

// --- the base-mode crawl ------------------------------------------------------------------------

/**
 * @medplum/core's crawlTypedValue, minus the elements a value does not have. That crawl visits
 * every element of every schema, present or not, and most are not: two thirds of the time of a
 * base walk went to reading absent elements. For an absent element a visitor is handed only an
 * empty value (nothing to check, nothing to descend into); the one thing it can still do is count
 * slices, so elements with slicing are always visited. Everything else (order, paths, typed
 * values, callbacks) is crawlTypedValue's, through the same getNestedProperty.
 */
export function crawlPresentElements(value: TypedValueWithPath, visitor: CrawlerVisitor, schema: InternalTypeSchema, path: string): void {
  const object: unknown = value.value;
  // As the crawler tells a resource: an object with a resourceType property.
  const isResource = typeof object === 'object' && object !== null && 'resourceType' in object;
  if (isResource) visitor.onEnterResource?.(path, value, schema);
  visitor.onEnterObject?.(path, value, schema);
  const index = schemaIndex(schema);
  const keys = typeof object === 'object' && object !== null && !Array.isArray(object) ? presentElements(index, Object.keys(object)) : index.order;
  for (const key of keys) {
    const propertyPath = `${path}.${key}`;
    const propertyValues = getNestedProperty(value, key, { withPath: true });
    visitor.visitProperty(value, key, propertyPath, propertyValues, schema);
    for (const group of propertyValues) {
      for (const item of arrayify(group) ?? []) {
        if (!isPrimitiveType(item.type)) crawlPresentElements(item, visitor, getDataType(item.type), propertyPath);
      }
    }
  }
  visitor.onExitObject?.(path, value, schema);
  if (isResource) visitor.onExitResource?.(path, value, schema);
}

/** What the crawl needs to know of a schema, worked out once per schema. */
interface SchemaIndex {
  /** Element keys in schema order (the order the crawler visits them). */
  readonly order: readonly string[];
  /** Position of each element key in `order`. */
  readonly position: ReadonlyMap<string, number>;
  /** JSON property → its element key: `birthDate` and `_birthDate` → birthDate, `valueQuantity` → value[x]. */
  readonly property: ReadonlyMap<string, string>;
  /** Element keys visited whether present or not: sliced elements and nested keys ("name.family"). */
  readonly always: readonly string[];
}

const schemaIndexes = new WeakMap<InternalTypeSchema, SchemaIndex>();

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function schemaIndex(schema: InternalTypeSchema): SchemaIndex {
  let index = schemaIndexes.get(schema);
  if (index !== undefined) return index;
  const order = Object.keys(schema.elements);
  const property = new Map<string, string>();
  const always: string[] = [];
  for (const key of order) {
    const element = schema.elements[key];
    if (element?.slicing !== undefined || key.includes('.')) always.push(key);
    const names = key.endsWith('[x]') ? (element?.type ?? []).map((t) => key.slice(0, -3) + capitalize(t.code)) : [key];
    for (const name of names) {
      property.set(name, key);
      property.set(`_${name}`, key);
    }
  }
  index = { order, position: new Map(order.map((k, i) => [k, i])), property, always };
  schemaIndexes.set(schema, index);
  return index;
}

/**
 * The element keys of the schema the object may have, in schema order: those its JSON properties
 * name, plus the ones always visited. A property naming no element (a choice type the element
 * does not allow, an unknown property) gives nothing, as in the crawler, which reads only the
 * elements of the schema.
 */
function presentElements(index: SchemaIndex, properties: readonly string[]): string[] {
  const found = new Set<string>(index.always);
  for (const p of properties) {
    const key = index.property.get(p);
    if (key !== undefined) found.add(key);
  }
  return [...found].sort((a, b) => (index.position.get(a) ?? 0) - (index.position.get(b) ?? 0));
}
