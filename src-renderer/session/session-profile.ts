// Who a signed-in user is, read from the (now decrypted) store: the Practitioner carrying their
// sign-in name, its PractitionerRole at the health post, the post's Organization and Location.
import type { Location, Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { FhirStore } from '../../src-core/store';
import { LOCAL_USER_SYSTEM } from './local-user-id';
import { postCodeOf } from './post-resources';
import type { HealthPost, SessionUser } from './session-types';
import { practitionerDisplayName } from './user-resources';
import { roleFromConcepts, type UserRole } from './user-role';

export interface SessionProfile {
  readonly user: SessionUser;
  readonly post: HealthPost;
}

const idOf = (reference: string | undefined, type: string): string | undefined =>
  reference?.startsWith(`${type}/`) === true ? reference.slice(type.length + 1) : undefined;

async function postOf(store: FhirStore, organizationId: string): Promise<HealthPost | undefined> {
  let organization: Organization;
  try {
    organization = await store.read('Organization', organizationId);
  } catch {
    return undefined;
  }
  const locations = await store.search('Location', { organization: `Organization/${organizationId}`, _count: '1' });
  const location: Location | undefined = locations.resources[0];
  if (location?.id === undefined) return undefined;
  return { organizationId, locationId: location.id, name: organization.name ?? '', code: postCodeOf(organization) };
}

/**
 * The user's profile, or undefined when the store holds no Practitioner for them with an active
 * role at a post (a set-up interrupted between creating the key and writing the records).
 * Several Practitioners with the same sign-in name (another post's, after a sync) are tried in
 * the store's order; the first with a role at a post with a Location wins.
 */
export async function loadSessionProfile(store: FhirStore, userId: string): Promise<SessionProfile | undefined> {
  const practitioners = await store.search('Practitioner', { identifier: `${LOCAL_USER_SYSTEM}|${userId}` });
  for (const practitioner of practitioners.resources) {
    const practitionerId = practitioner.id;
    if (practitionerId === undefined || practitioner.active === false) continue;
    const roles = await store.search('PractitionerRole', { practitioner: `Practitioner/${practitionerId}` });
    for (const role of roles.resources) {
      const found = await profileFrom(store, userId, { ...practitioner, id: practitionerId }, role);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

async function profileFrom(store: FhirStore, userId: string, practitioner: Practitioner & { id: string }, role: PractitionerRole): Promise<SessionProfile | undefined> {
  const userRole: UserRole | undefined = roleFromConcepts(role.code);
  const organizationId = idOf(role.organization?.reference, 'Organization');
  if (role.active === false || role.id === undefined || userRole === undefined || organizationId === undefined) return undefined;
  const post = await postOf(store, organizationId);
  if (post === undefined) return undefined;
  return {
    user: {
      userId,
      displayName: practitionerDisplayName(practitioner),
      role: userRole,
      practitionerId: practitioner.id,
      practitionerRoleId: role.id,
    },
    post,
  };
}

/** A user of the post as the admin screen lists them. */
export interface PostUser {
  readonly userId: string;
  readonly displayName: string;
  readonly role: UserRole;
}

/** Users with a role at the post, by display name. Only those with a sign-in name are listed. */
export async function listPostUsers(store: FhirStore, organizationId: string): Promise<PostUser[]> {
  const users: PostUser[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.search('PractitionerRole', {
      organization: `Organization/${organizationId}`,
      _include: 'PractitionerRole:practitioner',
      _count: '100',
      ...(cursor === undefined ? {} : { _cursor: cursor }),
    });
    const practitioners = new Map(
      page.included.filter((r): r is Practitioner => r.resourceType === 'Practitioner').map((p) => [`Practitioner/${p.id ?? ''}`, p]),
    );
    for (const role of page.resources) {
      const practitioner = practitioners.get(role.practitioner?.reference ?? '');
      const userRole = roleFromConcepts(role.code);
      const userId = practitioner?.identifier?.find((i) => i.system === LOCAL_USER_SYSTEM)?.value;
      if (practitioner === undefined || userRole === undefined || userId === undefined || role.active === false) continue;
      users.push({ userId, displayName: practitionerDisplayName(practitioner), role: userRole });
    }
    cursor = page.next;
  } while (cursor !== undefined);
  return users.sort((a, b) => a.displayName.localeCompare(b.displayName, 'es-GT') || (a.userId < b.userId ? -1 : 1));
}
