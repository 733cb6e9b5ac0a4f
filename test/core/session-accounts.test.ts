// Accounts on a shared PC without the UI: the AccountService over a real Dexie store
// (fake-indexeddb) and key vault. First run, signing in, two users who each see only their own
// profile, the admin-only rules, interrupted writes, and password changes.
import type { Provenance } from '@medplum/fhirtypes';
import { afterEach, describe, expect, it } from 'vitest';
import { OutcomeError, outcome, issue } from '../../src-core/fhir/outcome';
import { HEALTH_POST_CODE_SYSTEM } from '../../src-core/fhir/canonical';
import type { SyncStore } from '../../src-core/store';
import type { AccountDatabase, OpenSession, SignInResult } from '../../src-renderer/session/account-service';
import { LOCAL_USER_SYSTEM } from '../../src-renderer/session/local-user-id';
import { rejectionOf } from '../harness/encryption-vault';
import { CHICOJ, NURSE, openNodeAccounts, type NodeAccounts } from '../harness/session-accounts';

const opened: NodeAccounts[] = [];
async function pc(options: Parameters<typeof openNodeAccounts>[0] = {}): Promise<NodeAccounts> {
  const accounts = await openNodeAccounts(options);
  opened.push(accounts);
  return accounts;
}
afterEach(() => {
  for (const a of opened.splice(0)) a.close();
});

function ready(result: SignInResult): OpenSession {
  if (result.status !== 'ready') throw new Error(`expected a ready session, got ${result.status}`);
  return result.session;
}

describe('first run', () => {
  it('creates the first user and writes the post and its admin, attributed to the admin, in one transaction', async () => {
    const { service } = await pc();
    expect(await service.users()).toEqual([]);

    const session = ready(await service.setUp(CHICOJ));

    expect(await service.users()).toEqual(['rosa.caal']);
    expect(session.user).toMatchObject({ userId: 'rosa.caal', displayName: 'Rosa Caal Xol', role: 'admin' });
    expect(session.post).toMatchObject({ name: 'Puesto de Salud Chicoj', code: '16-01-PS-007' });
    const organization = await session.store.read('Organization', session.post.organizationId);
    expect(organization.identifier).toEqual([{ system: HEALTH_POST_CODE_SYSTEM, value: '16-01-PS-007' }]);
    expect(organization.address).toEqual([{ state: '16', district: '1601', country: 'GT' }]);
    expect(organization.partOf?.display).toBe('Distrito Municipal de Salud de Cobán');
    const location = await session.store.read('Location', session.post.locationId);
    expect(location.managingOrganization?.reference).toBe(`Organization/${session.post.organizationId}`);
    const practitioner = await session.store.read('Practitioner', session.user.practitionerId);
    expect(practitioner.identifier).toContainEqual({ use: 'usual', system: LOCAL_USER_SYSTEM, value: 'rosa.caal' });

    // One Provenance names the four records, with the admin as author on behalf of the post.
    const provenances = await session.store.search('Provenance', {});
    expect(provenances.total).toBe(1);
    const provenance = provenances.resources[0] as Provenance;
    expect(provenance.target.map((t) => t.reference).sort()).toEqual(
      [
        `Organization/${session.post.organizationId}`,
        `Location/${session.post.locationId}`,
        `Practitioner/${session.user.practitionerId}`,
        `PractitionerRole/${session.user.practitionerRoleId}`,
      ].sort(),
    );
    expect(provenance.agent[0]?.who.reference).toBe(`Practitioner/${session.user.practitionerId}`);
    expect(provenance.agent[0]?.onBehalfOf?.reference).toBe(`Organization/${session.post.organizationId}`);
    expect(provenance.location?.reference).toBe(`Location/${session.post.locationId}`);
    // Everything the set-up wrote waits for sync, in one outbox.
    expect((await session.store.pendingChanges()).map((c) => c.resourceType).sort()).toEqual(
      ['Location', 'Organization', 'Practitioner', 'PractitionerRole', 'Provenance'],
    );
  });

  it('refuses invalid post data before creating any user (a municipality of another department)', async () => {
    const { service } = await pc();
    const err = await rejectionOf(service.setUp({ ...CHICOJ, post: { ...CHICOJ.post, municipality: '0101' } }));
    expect(err.issue.some((i) => i.severity === 'error' && i.expression?.some((e) => e.startsWith('Bundle.entry[')))).toBe(true);
    expect(await service.users()).toEqual([]);
  });

  it('happens once: a second set-up on the same PC is refused and changes nothing', async () => {
    const { service } = await pc();
    ready(await service.setUp(CHICOJ));
    const err = await rejectionOf(service.setUp({ ...CHICOJ, admin: { ...CHICOJ.admin, userId: 'otro' } }));
    expect(err.issue[0]?.code).toBe('duplicate');
    expect(await service.users()).toEqual(['rosa.caal']);
  });

  it('an interrupted first run (records not written) is finished at the next sign-in', async () => {
    let failWrites = true;
    const flaky = (database: AccountDatabase): AccountDatabase => ({
      keyRecords: database.keyRecords,
      fhir: (options) => {
        const store = database.fhir(options);
        return new Proxy(store, {
          get(target, key, receiver) {
            if (key === 'importBundle' && failWrites) {
              return () => Promise.reject(new OutcomeError(outcome([issue('transient', 'disk full (test)', { details: 'Disco lleno.' })])));
            }
            const value: unknown = Reflect.get(target, key, receiver);
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
          },
        }) satisfies SyncStore;
      },
    });
    const first = await pc({ wrap: flaky });
    const interrupted = await first.service.setUp(CHICOJ);
    expect(interrupted.status).toBe('incomplete');
    if (interrupted.status !== 'incomplete') return;
    expect(interrupted.problem?.issue[0]?.details?.text).toBe('Disco lleno.');
    interrupted.vaultSession.lock();
    first.close();

    // The PC restarts: the admin signs in and is asked to finish, then everything is there.
    failWrites = false;
    const again = await pc({ factory: first.factory });
    const resumed = await again.service.signIn('rosa.caal', CHICOJ.password);
    expect(resumed.status).toBe('incomplete');
    if (resumed.status !== 'incomplete') return;
    const session = await again.service.completeSetUp(resumed, CHICOJ.post, { given: 'Rosa', family: 'Caal Xol', position: 'enfermera-profesional' });
    expect(session.user).toMatchObject({ userId: 'rosa.caal', role: 'admin', displayName: 'Rosa Caal Xol' });
    session.vaultSession.lock();
    expect(ready(await again.service.signIn('rosa.caal', CHICOJ.password)).post.name).toBe('Puesto de Salud Chicoj');
  });
});

describe('signing in', () => {
  it('refuses a wrong password with the vault\'s Spanish message and no session', async () => {
    const { service } = await pc();
    ready(await service.setUp(CHICOJ)).vaultSession.lock();
    const err = await rejectionOf(service.signIn('rosa.caal', 'not-her-password'));
    expect(err.issue[0]).toMatchObject({ code: 'security', details: { text: 'Contraseña incorrecta.' } });
    expect(JSON.stringify(err)).not.toContain('not-her-password');
  });

  it('two users on one PC: each session is its own user, and a locked session reads nothing', async () => {
    const { service } = await pc();
    const admin = ready(await service.setUp(CHICOJ));
    await service.addUser(admin, NURSE.user, NURSE.password);
    expect(await service.users()).toEqual(['ana.pop', 'rosa.caal']);
    admin.vaultSession.lock();
    const locked = await rejectionOf(admin.store.read('Organization', admin.post.organizationId));
    expect(locked.issue[0]?.code).toBe('login');

    const nurse = ready(await service.signIn('ana.pop', NURSE.password));
    expect(nurse.user).toMatchObject({ userId: 'ana.pop', displayName: 'Ana María Pop Choc', role: 'nurse' });
    expect(nurse.user.practitionerId).not.toBe(admin.user.practitionerId);
    expect(nurse.post.organizationId).toBe(admin.post.organizationId);
    // The nurse's session reads the same post data with her own keys.
    expect((await nurse.store.read('Organization', nurse.post.organizationId)).name).toBe('Puesto de Salud Chicoj');
    // The admin's password does not open the nurse's account.
    expect((await rejectionOf(service.signIn('ana.pop', CHICOJ.password))).issue[0]?.code).toBe('security');
  });

  it('lists the post\'s users with their roles for the admin screen', async () => {
    const { service } = await pc();
    const admin = ready(await service.setUp(CHICOJ));
    await service.addUser(admin, NURSE.user, NURSE.password);
    await service.addUser(admin, { userId: 'eva.tut', given: 'Eva', family: 'Tut', role: 'specialist', specialty: 'Pediatría' }, 'ceiba-Eva-2024');
    await service.addUser(admin, { userId: 'luis.coc', given: 'Luis', family: 'Coc', role: 'admin', position: 'medico-general' }, 'ceiba-Luis-2024');
    expect(await service.listUsers(admin)).toEqual([
      { userId: 'ana.pop', displayName: 'Ana María Pop Choc', role: 'nurse' },
      { userId: 'eva.tut', displayName: 'Eva Tut', role: 'specialist' },
      { userId: 'luis.coc', displayName: 'Luis Coc', role: 'admin' },
      { userId: 'rosa.caal', displayName: 'Rosa Caal Xol', role: 'admin' },
    ]);
  });
});

describe('adding users', () => {
  it('is for administrators only', async () => {
    const { service } = await pc();
    const admin = ready(await service.setUp(CHICOJ));
    await service.addUser(admin, NURSE.user, NURSE.password);
    const nurse = ready(await service.signIn('ana.pop', NURSE.password));
    const err = await rejectionOf(service.addUser(nurse, { userId: 'x.y', given: 'X', family: 'Y', role: 'nurse' }, 'ceiba-XY-2024'));
    expect(err.issue[0]?.code).toBe('forbidden');
    expect(await service.users()).toEqual(['ana.pop', 'rosa.caal']);
  });

  it('refuses a taken name, and a specialist without specialty, writing nothing', async () => {
    const { service } = await pc();
    const admin = ready(await service.setUp(CHICOJ));
    expect((await rejectionOf(service.addUser(admin, { ...NURSE.user, userId: 'rosa.caal' }, NURSE.password))).issue[0]?.code).toBe('duplicate');
    const noSpecialty = await rejectionOf(service.addUser(admin, { userId: 'eva.tut', given: 'Eva', family: 'Tut', role: 'specialist' }, 'ceiba-Eva-2024'));
    expect(noSpecialty.issue.some((i) => i.diagnostics?.includes('gt-rol-1'))).toBe(true);
    expect(await service.users()).toEqual(['rosa.caal']);
    expect((await admin.store.search('Practitioner', {})).total).toBe(1);
  });

  it('takes the key record back when the records cannot be written, so nobody signs in without a profile', async () => {
    const { service } = await pc();
    const admin = ready(await service.setUp(CHICOJ));
    const failing: SyncStore = Object.assign(Object.create(admin.store) as SyncStore, {
      importBundle: () => Promise.reject(new OutcomeError(outcome([issue('transient', 'disk full (test)')]))),
    });
    const err = await rejectionOf(service.addUser({ ...admin, store: failing }, NURSE.user, NURSE.password));
    expect(err.issue[0]?.code).toBe('transient');
    expect(await service.users()).toEqual(['rosa.caal']);
  });
});

describe('changing one\'s password', () => {
  it('needs the current password; afterwards only the new one opens the account, with the same data', async () => {
    const { service } = await pc();
    const admin = ready(await service.setUp(CHICOJ));
    admin.vaultSession.lock();
    expect((await rejectionOf(service.changePassword('rosa.caal', 'wrong-password', 'ceiba-Rosa-2025'))).issue[0]?.code).toBe('security');
    await service.changePassword('rosa.caal', CHICOJ.password, 'ceiba-Rosa-2025');
    expect((await rejectionOf(service.signIn('rosa.caal', CHICOJ.password))).issue[0]?.code).toBe('security');
    const again = ready(await service.signIn('rosa.caal', 'ceiba-Rosa-2025'));
    expect(again.post.organizationId).toBe(admin.post.organizationId);
  });
});
