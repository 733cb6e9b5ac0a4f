// A local user as FHIR: a Practitioner (ceiba-practitioner) carrying the sign-in name as an
// identifier, and a PractitionerRole (ceiba-practitioner-role) at the health post with the role.
import type { Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { CEIBA_PROFILE } from '../../src-core/fhir/profiles/ceiba-urls';
import { LOCAL_USER_SYSTEM } from './local-user-id';
import { healthWorkerCodeOf, roleConcept, type HealthWorkerCode, type UserRole } from './user-role';

export interface UserInput {
  /** Normalized sign-in name. */
  readonly userId: string;
  /** Given names as typed ("Ana María"). */
  readonly given: string;
  /** Surnames as written ("Pop Choc"). */
  readonly family: string;
  readonly role: UserRole;
  /** An administrator's job at the post; ignored for the other roles. */
  readonly position?: HealthWorkerCode;
  /** A specialist's specialty (required by gt-rol-1); ignored for the other roles. */
  readonly specialty?: string;
}

export interface UserResources {
  readonly practitioner: Practitioner & { id: string };
  readonly practitionerRole: PractitionerRole & { id: string };
}

export const displayNameOf = (given: string, family: string): string => `${given.trim()} ${family.trim()}`.trim();

export function userResources(
  input: UserInput,
  ids: { practitionerId: string; practitionerRoleId: string; organizationId: string; locationId: string },
): UserResources {
  const given = input.given.trim().split(/\s+/u).filter((g) => g !== '');
  const family = input.family.trim();
  const displayName = displayNameOf(input.given, input.family);
  const healthWorker = input.role === 'admin' ? (input.position ?? 'auxiliar-enfermeria') : healthWorkerCodeOf(input.role);
  const specialty = input.role === 'specialist' ? input.specialty?.trim() : undefined;
  return {
    practitioner: {
      resourceType: 'Practitioner',
      id: ids.practitionerId,
      meta: { profile: [CEIBA_PROFILE.practitioner] },
      identifier: [{ use: 'usual', system: LOCAL_USER_SYSTEM, value: input.userId }],
      active: true,
      name: [{ use: 'official', text: displayName, family, given }],
    },
    practitionerRole: {
      resourceType: 'PractitionerRole',
      id: ids.practitionerRoleId,
      meta: { profile: [CEIBA_PROFILE.practitionerRole] },
      active: true,
      practitioner: { reference: `Practitioner/${ids.practitionerId}`, display: displayName },
      organization: { reference: `Organization/${ids.organizationId}` },
      location: [{ reference: `Location/${ids.locationId}` }],
      code: [roleConcept(input.role, healthWorker)],
      ...(specialty === undefined || specialty === '' ? {} : { specialty: [{ text: specialty }] }),
    },
  };
}

/** The name to show for a Practitioner: its text, else given names and surnames. */
export function practitionerDisplayName(practitioner: Practitioner): string {
  const name = practitioner.name?.[0];
  if (name === undefined) return '';
  if (name.text !== undefined && name.text.trim() !== '') return name.text.trim();
  return displayNameOf((name.given ?? []).join(' '), name.family ?? '');
}
