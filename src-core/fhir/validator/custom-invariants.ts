// Invariants evaluated in TypeScript, keyed by the constraint key in the StructureDefinition.
// Two reasons to have one:
// - the rule cannot sensibly be written in FHIRPath (cui-1: the CUI check digit and the
//   department/municipality it encodes). The profile keeps a FHIRPath part (13 digits), which is
//   all a server such as HAPI evaluates; Ceiba's validator adds the rest here.
// - the FHIRPath evaluator gets the rule wrong (per-1: @medplum/core compares a date and a
//   dateTime of different precision as strings; FHIRPath says the result is empty, so the
//   invariant fails). Those replace the expression.

export interface InvariantContext {
  /** The resources enclosing the value, outermost first (a Bundle, an entry, a contained one). */
  readonly resources: readonly unknown[];
}

export interface CustomInvariant {
  /** True when the TypeScript check replaces the FHIRPath expression instead of adding to it. */
  readonly replacesExpression: boolean;
  /**
   * Undefined when `value` (the element the constraint sits on) keeps the rule; otherwise an
   * English reason (never the value itself: it may be patient data), optionally with a Spanish
   * text for the user that replaces the constraint's own description.
   */
  check(value: unknown, context: InvariantContext): InvariantFailure | undefined;
}

export interface InvariantFailure {
  readonly diagnostics: string;
  readonly spanish?: string;
}

export type CustomInvariants = Readonly<Record<string, CustomInvariant>>;

interface DateParts {
  readonly parts: number[];
  /** Milliseconds since the epoch when a time (with zone) is present. */
  readonly instant?: number;
}

const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

function parseDateTime(value: string): DateParts | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number);
  if (m[4] === undefined) return { parts };
  const instant = Date.parse(value.length === 16 ? `${value.slice(0, 16)}:00${value.slice(16)}` : value);
  return Number.isNaN(instant) ? { parts } : { parts, instant };
}

/**
 * FHIRPath comparison of two date/dateTime strings: -1, 0 or 1, or undefined when the precisions
 * differ and the values are equal at the common precision (the comparison is unknown).
 */
export function compareDateTimes(a: string, b: string): -1 | 0 | 1 | undefined {
  const x = parseDateTime(a);
  const y = parseDateTime(b);
  if (!x || !y) return undefined;
  if (x.instant !== undefined && y.instant !== undefined) return Math.sign(x.instant - y.instant) as -1 | 0 | 1;
  const common = Math.min(x.parts.length, y.parts.length);
  for (let i = 0; i < common; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d) as -1 | 1;
  }
  const samePrecision = x.parts.length === y.parts.length && (x.instant === undefined) === (y.instant === undefined);
  return samePrecision ? 0 : undefined;
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;

const primitive = (value: unknown): unknown =>
  value instanceof String || value instanceof Number || value instanceof Boolean ? value.valueOf() : value;

export const periodInvariant: CustomInvariant = {
  replacesExpression: true,
  check(value) {
    const period = asRecord(value);
    const start = primitive(period?.start);
    const end = primitive(period?.end);
    if (typeof start !== 'string' || typeof end !== 'string') return undefined;
    const order = compareDateTimes(start, end);
    if (order === undefined) return { diagnostics: 'start and end have different precisions and are equal at the common one: their order is unknown' };
    return order > 0 ? { diagnostics: 'start is after end' } : undefined;
  },
};

/**
 * ref-1 (Reference): a local reference `#id` must name a contained resource. The R4 expression
 * evaluates to empty, not true, for a Reference with no `reference` (identifier or display only),
 * which the HL7 validator and the R4 examples treat as valid.
 */
export const localReferenceInvariant: CustomInvariant = {
  replacesExpression: true,
  check(value, context) {
    const reference = primitive(asRecord(value)?.reference);
    if (typeof reference !== 'string' || !reference.startsWith('#') || reference === '#') return undefined;
    const id = reference.slice(1);
    const found = context.resources.some((r) => {
      const contained = asRecord(r)?.contained;
      return Array.isArray(contained) && contained.some((c) => asRecord(c)?.id === id);
    });
    return found ? undefined : { diagnostics: `no contained resource has id ${id}` };
  },
};

/**
 * cui-1 on an Identifier: `checkCui` says why the CUI is not valid (check digit, department,
 * municipality), or returns undefined when it is.
 */
export function cuiInvariant(checkCui: (cui: string) => InvariantFailure | undefined): CustomInvariant {
  return {
    replacesExpression: false,
    check(value) {
      const cui = primitive(asRecord(value)?.value);
      return typeof cui === 'string' ? checkCui(cui) : undefined;
    },
  };
}
