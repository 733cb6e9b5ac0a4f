// Roles in PractitionerRole.code: the health-worker coding the profile requires plus the Ceiba
// access role; read back from either.
import { describe, expect, it } from 'vitest';
import { ceibaValidator } from '../../src-core/fhir/validator';
import { userResources } from '../../src-renderer/session/user-resources';
import { ACCESS_ROLE_SYSTEM, HEALTH_WORKER_SYSTEM, roleConcept, roleFromConcepts, USER_ROLES } from '../../src-renderer/session/user-role';

const IDS = { practitionerId: 'p1', practitionerRoleId: 'r1', organizationId: 'o1', locationId: 'l1' };
const errors = (resource: unknown): string[] =>
  ceibaValidator()
    .validate(resource)
    .filter((i) => i.severity === 'error')
    .map((i) => i.diagnostics ?? '');

describe('user roles', () => {
  it('every role round-trips and its PractitionerRole and Practitioner are valid', () => {
    for (const role of USER_ROLES) {
      const { practitioner, practitionerRole } = userResources(
        { userId: 'u', given: 'Ana', family: 'Pop', role, position: 'tecnico-salud-rural', specialty: 'Pediatría' },
        IDS,
      );
      expect(roleFromConcepts(practitionerRole.code)).toBe(role);
      expect(errors(practitioner)).toEqual([]);
      expect(errors(practitionerRole)).toEqual([]);
    }
  });

  it('an administrator is also coded with their job; a specialist with their specialty', () => {
    const admin = userResources({ userId: 'u', given: 'A', family: 'B', role: 'admin', position: 'medico-general' }, IDS).practitionerRole;
    expect(admin.code?.[0]?.coding?.find((c) => c.system === HEALTH_WORKER_SYSTEM)?.code).toBe('medico-general');
    const specialist = userResources({ userId: 'u', given: 'A', family: 'B', role: 'specialist', specialty: 'Pediatría' }, IDS).practitionerRole;
    expect(specialist.specialty).toEqual([{ text: 'Pediatría' }]);
  });

  it('a specialist without specialty breaks gt-rol-1', () => {
    const { practitionerRole } = userResources({ userId: 'u', given: 'A', family: 'B', role: 'specialist' }, IDS);
    expect(errors(practitionerRole).some((d) => d.includes('gt-rol-1'))).toBe(true);
  });

  it('a role from another client, with only the health-worker code, is still understood', () => {
    const only = (code: string) => [{ coding: [{ system: HEALTH_WORKER_SYSTEM, code }] }];
    expect(roleFromConcepts(only('auxiliar-enfermeria'))).toBe('nurse');
    expect(roleFromConcepts(only('enfermera-profesional'))).toBe('nurse');
    expect(roleFromConcepts(only('medico-general'))).toBe('physician');
    expect(roleFromConcepts(only('medico-especialista'))).toBe('specialist');
    expect(roleFromConcepts(only('otro'))).toBeUndefined();
    expect(roleFromConcepts(undefined)).toBeUndefined();
  });

  it('the access coding wins over the job (an administrator who is a nurse is an administrator)', () => {
    const concept = roleConcept('admin', 'auxiliar-enfermeria');
    expect(concept.coding?.map((c) => c.system)).toEqual([HEALTH_WORKER_SYSTEM, ACCESS_ROLE_SYSTEM]);
    expect(roleFromConcepts([concept])).toBe('admin');
  });
});
