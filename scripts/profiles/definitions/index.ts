// Every Ceiba StructureDefinition in build order (extensions before the profiles that use them,
// a profile after the profile it derives from).
import type { ProfileSpec } from '../dsl';
import { conditionProfile, immunizationProfile, medicationRequestProfile } from './clinical';
import { encounterProfile } from './encounter';
import { puebloExtension } from './extensions';
import { patientProfile } from './patient';
import { auditEventProfile, provenanceProfile } from './security';
import {
  communicationProfile,
  mediaProfile,
  referralProfile,
  teleconsultRequestProfile,
  teleconsultTaskProfile,
} from './teleconsult';
import { vitalSignProfiles } from './vital-signs';
import { locationProfile, organizationProfile, practitionerProfile, practitionerRoleProfile } from './workforce';

export { vocabularies } from './vocabulary';

export const profileSpecs: ProfileSpec[] = [
  puebloExtension,
  patientProfile,
  practitionerProfile,
  practitionerRoleProfile,
  organizationProfile,
  locationProfile,
  encounterProfile,
  ...vitalSignProfiles,
  conditionProfile,
  immunizationProfile,
  medicationRequestProfile,
  referralProfile,
  teleconsultRequestProfile,
  teleconsultTaskProfile,
  communicationProfile,
  mediaProfile,
  auditEventProfile,
  provenanceProfile,
];
