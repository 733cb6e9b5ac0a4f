// The health post as FHIR: its Organization (ceiba-organization) and the Location where care is
// given (ceiba-location). The district is referenced logically (by name): the district hierarchy
// is MSPAS's, kept centrally, and a post being set up offline cannot create or look it up.
import type { Location, Organization } from '@medplum/fhirtypes';
import { HEALTH_POST_CODE_SYSTEM } from '../../src-core/fhir/canonical';
import { CEIBA_CODE_SYSTEM, CEIBA_PROFILE } from '../../src-core/fhir/profiles/ceiba-urls';

export interface PostInput {
  readonly name: string;
  /** MSPAS establishment code. */
  readonly code: string;
  /** Name of the Distrito Municipal de Salud the post belongs to. */
  readonly district: string;
  /** INE department code ('16'). */
  readonly department: string;
  /** INE municipality code ('1601'). */
  readonly municipality: string;
}

export interface PostResources {
  readonly organization: Organization & { id: string };
  readonly location: Location & { id: string };
}

export function postResources(input: PostInput, ids: { organizationId: string; locationId: string }): PostResources {
  const address = { state: input.department, district: input.municipality, country: 'GT' };
  return {
    organization: {
      resourceType: 'Organization',
      id: ids.organizationId,
      meta: { profile: [CEIBA_PROFILE.organization] },
      active: true,
      identifier: [{ system: HEALTH_POST_CODE_SYSTEM, value: input.code }],
      type: [{ coding: [{ system: CEIBA_CODE_SYSTEM.tipoEstablecimiento, code: 'puesto-salud', display: 'Puesto de Salud' }] }],
      name: input.name,
      partOf: { type: 'Organization', display: input.district },
      address: [address],
    },
    location: {
      resourceType: 'Location',
      id: ids.locationId,
      meta: { profile: [CEIBA_PROFILE.location] },
      status: 'active',
      name: input.name,
      managingOrganization: { reference: `Organization/${ids.organizationId}`, display: input.name },
      address,
    },
  };
}

/** The post's establishment code, from its Organization. */
export function postCodeOf(organization: Organization): string {
  return organization.identifier?.find((i) => i.system === HEALTH_POST_CODE_SYSTEM)?.value ?? '';
}
