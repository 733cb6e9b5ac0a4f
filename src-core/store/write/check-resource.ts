// What every write goes through before anything is stored: shape, known type, id syntax, size,
// then the injected validator (base R4 plus the Ceiba profiles). Returns a private deep copy, so
// the caller's object and the stored one never alias.
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { outcome, OutcomeError, toOutcome } from '../../fhir/outcome';
import { hasErrors, type ResourceValidator } from '../../fhir/validation';
import { isKnownResourceType } from '../search/patient-compartment';
import { invalidId, missingResourceType, notAnObject, tooLarge, unknownResourceType } from '../store-errors';

/**
 * 5 MB serialized. IndexedDB keeps larger values out of line and slows every read of the row;
 * nothing a health post records legitimately comes near it (a consultation is a few KB; photos
 * are compressed to a few hundred KB before they are attached); and the limit stops a runaway
 * attachment before it fills a shared PC's disk one version at a time.
 */
export const MAX_RESOURCE_BYTES = 5 * 1024 * 1024;

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Where the resource sits in the input: `resourceType` itself for a single write, or a Bundle
 * entry ("Bundle.entry[3].resource"). Validator expressions ("Patient.birthDate") are rewritten
 * under it so they point into what the caller sent.
 */
export interface ResourceLocation {
  readonly path?: string;
}

const at = (location: ResourceLocation, type: string, element: string): string => `${location.path ?? type}.${element}`;

function relocate(expression: string, type: string, location: ResourceLocation): string {
  if (location.path === undefined) return expression;
  if (expression === type) return location.path;
  return expression.startsWith(`${type}.`) ? `${location.path}${expression.slice(type.length)}` : expression;
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

export function checkResource(input: unknown, validator: ResourceValidator, location: ResourceLocation = {}): Resource {
  const root = location.path ?? 'Resource';
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw notAnObject(root);
  const resourceType = (input as { resourceType?: unknown }).resourceType;
  if (typeof resourceType !== 'string') throw missingResourceType(at(location, 'Resource', 'resourceType'));
  if (!isKnownResourceType(resourceType)) throw unknownResourceType(resourceType, at(location, resourceType, 'resourceType'));
  const id = (input as { id?: unknown }).id;
  if (id !== undefined && (typeof id !== 'string' || !ID.test(id))) throw invalidId(at(location, resourceType, 'id'));

  const json = JSON.stringify(input);
  // A UTF-8 byte is at least one UTF-16 unit and at most three per unit: count exactly only near the limit.
  if (json.length * 3 > MAX_RESOURCE_BYTES) {
    const bytes = utf8Length(json);
    if (bytes > MAX_RESOURCE_BYTES) throw tooLarge(bytes, MAX_RESOURCE_BYTES, location.path ?? resourceType);
  }
  const copy = JSON.parse(json) as Resource;

  let issues: OperationOutcomeIssue[];
  try {
    issues = validator.validate(copy);
  } catch (err) {
    // The interface says validators report, not throw; one that throws still must not write.
    throw new OutcomeError(toOutcome(err));
  }
  if (hasErrors(issues)) {
    const errors = issues
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => (i.expression === undefined ? i : { ...i, expression: i.expression.map((e) => relocate(e, resourceType, location)) }));
    throw new OutcomeError(outcome(errors));
  }
  return copy;
}
