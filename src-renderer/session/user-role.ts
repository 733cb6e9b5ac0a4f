// The four roles a local user holds in Ceiba, and how they are written in a PractitionerRole.
//
// `PractitionerRole.code` is bound (required) to the health-worker roles of `rol-personal-salud`,
// which describe the job, not what a person may do in Ceiba, and have no "administrator". So the
// one CodeableConcept carries two codings: the health-worker role the profile requires, and the
// Ceiba access role (nurse, physician, specialist, admin) in a Ceiba system. A role written by
// another client without the access coding is read from the health-worker code alone.
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import { codeSystemUrl } from '../../src-core/fhir/canonical';

export type UserRole = 'nurse' | 'physician' | 'specialist' | 'admin';

export const USER_ROLES: readonly UserRole[] = ['nurse', 'physician', 'specialist', 'admin'];

/**
 * Ceiba access roles of local users. Not yet published as a CodeSystem in fhir-profiles/vocabulary
 * (owned by the profiles work); the validator accepts it because the other coding is in the bound set.
 */
export const ACCESS_ROLE_SYSTEM = codeSystemUrl('rol-usuario');
/** The profile-owned health-worker roles (fhir-profiles/vocabulary/CodeSystem-rol-personal-salud.json). */
export const HEALTH_WORKER_SYSTEM = codeSystemUrl('rol-personal-salud');

export type HealthWorkerCode = 'auxiliar-enfermeria' | 'enfermera-profesional' | 'tecnico-salud-rural' | 'medico-general' | 'medico-especialista';

/** The jobs an administrator may hold at a health post (a specialist would also need a specialty). */
export const ADMIN_POSITIONS: readonly HealthWorkerCode[] = ['auxiliar-enfermeria', 'enfermera-profesional', 'tecnico-salud-rural', 'medico-general'];

const ACCESS_CODE: Readonly<Record<UserRole, string>> = {
  nurse: 'enfermeria',
  physician: 'medico',
  specialist: 'especialista',
  admin: 'administrador',
};

const HEALTH_WORKER_DISPLAY: Readonly<Record<HealthWorkerCode, string>> = {
  'auxiliar-enfermeria': 'Auxiliar de enfermería',
  'enfermera-profesional': 'Enfermera/o profesional',
  'tecnico-salud-rural': 'Técnico en salud rural',
  'medico-general': 'Médico general',
  'medico-especialista': 'Médico especialista',
};

/** The health-worker code a role implies; an administrator states their own job. */
export function healthWorkerCodeOf(role: Exclude<UserRole, 'admin'>): HealthWorkerCode {
  switch (role) {
    case 'nurse':
      return 'auxiliar-enfermeria';
    case 'physician':
      return 'medico-general';
    case 'specialist':
      return 'medico-especialista';
  }
}

export function roleConcept(role: UserRole, healthWorker: HealthWorkerCode): CodeableConcept {
  return {
    coding: [
      { system: HEALTH_WORKER_SYSTEM, code: healthWorker, display: HEALTH_WORKER_DISPLAY[healthWorker] },
      { system: ACCESS_ROLE_SYSTEM, code: ACCESS_CODE[role] },
    ],
  };
}

/** The access role a PractitionerRole.code states, or undefined when it states none we know. */
export function roleFromConcepts(concepts: readonly CodeableConcept[] | undefined): UserRole | undefined {
  const codings: Coding[] = (concepts ?? []).flatMap((c) => c.coding ?? []);
  for (const coding of codings) {
    if (coding.system !== ACCESS_ROLE_SYSTEM) continue;
    const role = USER_ROLES.find((r) => ACCESS_CODE[r] === coding.code);
    if (role !== undefined) return role;
  }
  for (const coding of codings) {
    if (coding.system !== HEALTH_WORKER_SYSTEM) continue;
    switch (coding.code) {
      case 'auxiliar-enfermeria':
      case 'enfermera-profesional':
      case 'tecnico-salud-rural':
        return 'nurse';
      case 'medico-general':
        return 'physician';
      case 'medico-especialista':
        return 'specialist';
      case undefined:
      default:
        break;
    }
  }
  return undefined;
}

export function isHealthWorkerCode(value: string): value is HealthWorkerCode {
  return value in HEALTH_WORKER_DISPLAY;
}

export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}
