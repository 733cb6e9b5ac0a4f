// What a health post pulls from the central server: the resource types Ceiba records, in
// dependency order (what is referred to before what refers to it), as the engine's scope.
//
// Not yet narrowed to the post: DESIGN §5 scopes a post to its patients and their compartments by
// an organization/location tag, and no part of the app tags records that way yet, so every type is
// pulled whole. The parameters slot is where that scope goes (e.g. `_tag`), per type.
import type { ScopedType } from '../../src-core/sync';

export const SYNC_RESOURCE_TYPES = [
  'Organization',
  'Location',
  'Practitioner',
  'PractitionerRole',
  'Patient',
  'RelatedPerson',
  'Encounter',
  'Condition',
  'AllergyIntolerance',
  'Observation',
  'Immunization',
  'MedicationRequest',
  'Procedure',
  'ServiceRequest',
  'Task',
  'Media',
  'Communication',
  'DocumentReference',
  'Provenance',
] as const;

export function postScope(): ScopedType[] {
  return SYNC_RESOURCE_TYPES.map((resourceType) => ({ resourceType }));
}
