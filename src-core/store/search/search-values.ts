// What a search parameter's FHIRPath values mean for each parameter type. The handling is by FHIR
// data type shape (Coding, Identifier, HumanName, Reference, Period, …), never by field name, so
// one function serves every parameter of that type in every resource.
import type { TypedValue } from '@medplum/core';
import { tokenize } from '../../fhir/terminology/normalize-text';
import { parseDateRange, periodRange, type DateRange } from './date-range';

/** One token: a code (or identifier value) and its system when it has one. */
export interface TokenForm {
  readonly system?: string;
  readonly code: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function tokenOfCoding(coding: Record<string, unknown>): TokenForm | undefined {
  const code = str(coding.code);
  if (code === undefined) return undefined;
  const system = str(coding.system);
  return system === undefined ? { code } : { system, code };
}

/**
 * code, boolean → the value; Coding → system|code; CodeableConcept → each coding;
 * Identifier and ContactPoint → system|value.
 */
export function tokenForms(values: readonly TypedValue[]): TokenForm[] {
  const out: TokenForm[] = [];
  for (const { value } of values) {
    if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') {
      out.push({ code: String(value) });
    } else if (isRecord(value)) {
      if (Array.isArray(value.coding)) {
        for (const coding of value.coding) if (isRecord(coding)) pushDefined(out, tokenOfCoding(coding));
      } else if (typeof value.code === 'string') {
        pushDefined(out, tokenOfCoding(value));
      } else if (typeof value.value === 'string') {
        const system = str(value.system);
        out.push(system === undefined ? { code: value.value } : { system, code: value.value });
      }
    }
  }
  return out;
}

/** Elements of a complex value that are about it, not text in it (HumanName.use, Address.type…). */
const NOT_TEXT: ReadonlySet<string> = new Set(['id', 'use', 'type', 'system', 'extension', 'period']);

/**
 * The text parts of each value: a string is itself; a complex value (HumanName, Address, …)
 * contributes each of its string elements, so every part of a name is searchable.
 */
export function stringParts(values: readonly TypedValue[]): string[][] {
  const out: string[][] = [];
  for (const { value } of values) {
    if (typeof value === 'string') {
      out.push([value]);
    } else if (isRecord(value)) {
      const parts: string[] = [];
      for (const [key, element] of Object.entries(value)) {
        if (NOT_TEXT.has(key)) continue;
        if (typeof element === 'string') parts.push(element);
        else if (Array.isArray(element)) for (const item of element) if (typeof item === 'string') parts.push(item);
      }
      if (parts.length > 0) out.push(parts);
    }
  }
  return out;
}

/** The folded words of each value (one list per value: a whole HumanName is one value). */
export function stringWords(values: readonly TypedValue[]): string[][] {
  return stringParts(values).map((parts) => parts.flatMap(tokenize));
}

/**
 * "Patient/1", "Patient/1/_history/2" and "https://host/fhir/Patient/1" all name Patient/1; other
 * references (urn:uuid:…, contained "#x", canonicals) are kept as written.
 */
export function normalizeReference(reference: string): string {
  const withoutHistory = reference.replace(/\/_history\/[^/]+$/, '');
  const absolute = /^https?:\/\/.+\/([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})$/.exec(withoutHistory);
  return absolute?.[1] ?? withoutHistory;
}

/** Reference → its target ("Type/id"); canonical and uri strings as written. */
export function referenceForms(values: readonly TypedValue[]): string[] {
  const out: string[] = [];
  for (const { value } of values) {
    if (typeof value === 'string') out.push(value);
    else if (isRecord(value) && typeof value.reference === 'string') out.push(normalizeReference(value.reference));
  }
  return out;
}

export function uriForms(values: readonly TypedValue[]): string[] {
  return values.flatMap(({ value }) => (typeof value === 'string' ? [value] : []));
}

/** date/dateTime/instant → its range; Period → start to end; Timing → each event. */
export function dateRanges(values: readonly TypedValue[]): DateRange[] {
  const out: DateRange[] = [];
  for (const { value } of values) {
    if (typeof value === 'string') {
      pushDefined(out, parseDateRange(value));
    } else if (isRecord(value)) {
      if ('start' in value || 'end' in value) {
        pushDefined(out, periodRange(str(value.start), str(value.end)));
      } else if (Array.isArray(value.event)) {
        for (const event of value.event) if (typeof event === 'string') pushDefined(out, parseDateRange(event));
      }
    }
  }
  return out;
}

function pushDefined<T>(out: T[], value: T | undefined): void {
  if (value !== undefined) out.push(value);
}
