// Accounts on a shared PC, without React: the first-run set-up, signing in, adding users and
// changing a password, over one store database and the key vault of its key records. The
// session provider is a thin React wrapper around it; tests drive it directly in Node.
//
// Order of writes. The vault must exist before anything can be written (the store's cipher comes
// from it), so the first run creates the vault's first user, then writes the post and its admin
// in one transaction. Everything that transaction holds is validated first, so only a crash or a
// full disk can come between the two; signing in then finds no profile and offers to finish the
// set-up ('incomplete'). Adding a user writes the key record first and removes it again if the
// transaction fails, so no user can sign in without a profile.
import type { Bundle, OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { outcome, OutcomeError, toOutcome } from '../../src-core/fhir/outcome';
import { hasErrors, type ResourceValidator } from '../../src-core/fhir/validation';
import { systemClock, type Clock } from '../../src-core/platform/clock';
import { cryptoIds, type Ids } from '../../src-core/platform/ids';
import type { Logger } from '../../src-core/platform/logger';
import type { StoreSessionOptions, SyncStore } from '../../src-core/store';
import { DEFAULT_MIN_PASSWORD_LENGTH, KeyVault, type KeyRecordStore, type KeyStore, type VaultSession } from '../../src-core/store/crypto';
import { attributedTransaction, type Attribution } from './attribution';
import { postResources, type PostInput } from './post-resources';
import { adminOnly, noProfile, userTaken } from './session-errors';
import { listPostUsers, loadSessionProfile, type PostUser, type SessionProfile } from './session-profile';
import type { HealthPost, SessionUser } from './session-types';
import { userResources, type UserInput } from './user-resources';
import type { HealthWorkerCode } from './user-role';

/** The minimum password length every account form checks and the vault enforces. */
export const MIN_PASSWORD_LENGTH = DEFAULT_MIN_PASSWORD_LENGTH;

/** What the service needs of the store database (DexieStore satisfies it). */
export interface AccountDatabase {
  readonly keyRecords: KeyRecordStore;
  fhir(session: StoreSessionOptions): SyncStore;
}

export interface AccountServiceOptions {
  readonly database: AccountDatabase;
  readonly validator: ResourceValidator;
  /** The OS key store on the desktop; none in the web shell. */
  readonly keyStore?: KeyStore;
  readonly ids?: Ids;
  readonly clock?: Clock;
  /** PBKDF2 work factor for new key records; the vault's default (600,000) unless a test lowers it. */
  readonly pbkdf2Iterations?: number;
  readonly logger?: Logger;
}

/** An unlocked session before the UI adds `lock()`. */
export interface OpenSession extends SessionProfile {
  readonly store: SyncStore;
  readonly vaultSession: VaultSession;
}

export interface AdminInput {
  readonly userId: string;
  readonly given: string;
  readonly family: string;
  readonly position: HealthWorkerCode;
}

export interface SetupInput {
  readonly post: PostInput;
  readonly admin: AdminInput;
  readonly password: string;
}

/** A first run whose records were not written: the vault exists, the profile does not. */
export interface IncompleteSetup {
  readonly status: 'incomplete';
  readonly userId: string;
  readonly vaultSession: VaultSession;
  readonly store: SyncStore;
  /** Why the records were not written, when this follows a failed write rather than a sign-in. */
  readonly problem?: OperationOutcome;
}

export type SignInResult = { readonly status: 'ready'; readonly session: OpenSession } | IncompleteSetup;

export class AccountService {
  readonly #database: AccountDatabase;
  readonly #vault: KeyVault;
  readonly #validator: ResourceValidator;
  readonly #ids: Ids;
  readonly #clock: Clock;
  readonly #logger: Logger | undefined;

  constructor(options: AccountServiceOptions) {
    this.#database = options.database;
    this.#validator = options.validator;
    this.#ids = options.ids ?? cryptoIds;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger;
    this.#vault = new KeyVault({
      records: options.database.keyRecords,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      clock: this.#clock,
      ...(options.keyStore === undefined ? {} : { keyStore: options.keyStore }),
      ...(options.pbkdf2Iterations === undefined ? {} : { pbkdf2Iterations: options.pbkdf2Iterations }),
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  }

  /** Sign-in names of this PC's users (not secret); empty before the first run. */
  users(): Promise<string[]> {
    return this.#vault.users();
  }

  /** First run: creates the vault and its first user, then writes the post and its administrator. */
  async setUp(input: SetupInput): Promise<SignInResult> {
    const bundle = this.#setupBundle(input.post, input.admin);
    this.#validate(bundle); // before the vault exists: nothing to undo on invalid input
    const vaultSession = await this.#vault.createFirstUser(input.admin.userId, input.password);
    const store = this.#store(vaultSession);
    try {
      return { status: 'ready', session: await this.#writeSetup(store, vaultSession, bundle, input.admin.userId) };
    } catch (err) {
      this.#logger?.warn('first-run records not written; set-up can be finished at sign-in', { reason: toOutcome(err).issue[0]?.diagnostics });
      return { status: 'incomplete', userId: input.admin.userId, vaultSession, store, problem: toOutcome(err) };
    }
  }

  /** Finishes an interrupted first run with the session of its (only) user. */
  async completeSetUp(incomplete: IncompleteSetup, post: PostInput, admin: Omit<AdminInput, 'userId'>): Promise<OpenSession> {
    const bundle = this.#setupBundle(post, { ...admin, userId: incomplete.userId });
    this.#validate(bundle);
    return this.#writeSetup(incomplete.store, incomplete.vaultSession, bundle, incomplete.userId);
  }

  /**
   * Signs a user in. A wrong password rejects with the vault's outcome (code `security`). A user
   * without a profile gets 'incomplete' when they are the only user of a store without a post
   * (the first run was interrupted); otherwise the session is locked again and `noProfile` thrown.
   */
  async signIn(userId: string, password: string): Promise<SignInResult> {
    const vaultSession = await this.#vault.unlock(userId, password);
    try {
      const store = this.#store(vaultSession);
      const profile = await loadSessionProfile(store, userId);
      if (profile !== undefined) return { status: 'ready', session: { ...profile, store, vaultSession } };
      const posts = await store.search('Organization', { _count: '1' });
      if (posts.total === 0 && (await this.#vault.users()).length === 1) return { status: 'incomplete', userId, vaultSession, store };
      throw noProfile();
    } catch (err) {
      vaultSession.lock();
      throw err;
    }
  }

  /** An administrator adds a user: key record, then Practitioner + PractitionerRole + Provenance. */
  async addUser(session: OpenSession, input: UserInput, password: string): Promise<void> {
    if (session.user.role !== 'admin') throw adminOnly();
    if ((await this.#vault.users()).includes(input.userId)) throw userTaken();
    const records = userResources(input, {
      practitionerId: this.#ids.uuid(),
      practitionerRoleId: this.#ids.uuid(),
      organizationId: session.post.organizationId,
      locationId: session.post.locationId,
    });
    const bundle = attributedTransaction([records.practitioner, records.practitionerRole], attributionOf(session.user, session.post), {
      ids: this.#ids,
      clock: this.#clock,
    });
    this.#validate(bundle);
    await this.#vault.addUser(session.vaultSession, input.userId, password);
    try {
      await session.store.importBundle(bundle);
    } catch (err) {
      try {
        await this.#vault.removeUser(session.vaultSession, input.userId);
      } catch (undo) {
        this.#logger?.error('could not remove the key record of a user whose records were not written', { reason: toOutcome(undo).issue[0]?.diagnostics });
      }
      throw err;
    }
  }

  /** Changes a user's own password (the old one proves it is them); no data is touched. */
  changePassword(userId: string, oldPassword: string, newPassword: string): Promise<void> {
    return this.#vault.changePassword(userId, oldPassword, newPassword);
  }

  /** The post's users, for the admin screen. */
  listUsers(session: OpenSession): Promise<PostUser[]> {
    return listPostUsers(session.store, session.post.organizationId);
  }

  #store(vaultSession: VaultSession): SyncStore {
    return this.#database.fhir({ cipher: vaultSession.cipher, validator: this.#validator, ids: this.#ids, clock: this.#clock });
  }

  async #writeSetup(store: SyncStore, vaultSession: VaultSession, bundle: Bundle, userId: string): Promise<OpenSession> {
    await store.importBundle(bundle);
    const profile = await loadSessionProfile(store, userId);
    if (profile === undefined) throw noProfile();
    return { ...profile, store, vaultSession };
  }

  /** Organization + Location of the post, the admin's Practitioner + PractitionerRole, attributed to the admin. */
  #setupBundle(post: PostInput, admin: AdminInput): Bundle {
    const organizationId = this.#ids.uuid();
    const locationId = this.#ids.uuid();
    const practitionerId = this.#ids.uuid();
    const { organization, location } = postResources(post, { organizationId, locationId });
    const { practitioner, practitionerRole } = userResources(
      { userId: admin.userId, given: admin.given, family: admin.family, role: 'admin', position: admin.position },
      { practitionerId, practitionerRoleId: this.#ids.uuid(), organizationId, locationId },
    );
    return attributedTransaction([organization, location, practitioner, practitionerRole], { practitionerId, organizationId, locationId }, {
      ids: this.#ids,
      clock: this.#clock,
    });
  }

  /** The store's own check, run early: every error of every entry, or nothing. */
  #validate(bundle: Bundle): void {
    const issues = (bundle.entry ?? []).flatMap((e, i) =>
      e.resource === undefined ? [] : this.#validator.validate(e.resource).map((issue) => atEntry(issue, e.resource?.resourceType ?? '', i)),
    );
    if (hasErrors(issues)) throw new OutcomeError(outcome(issues.filter((i) => i.severity === 'error' || i.severity === 'fatal')));
  }
}

/** An issue's expressions rewritten under the entry, as the store reports them ("Bundle.entry[0].resource.name"). */
function atEntry(issue: OperationOutcomeIssue, type: string, index: number): OperationOutcomeIssue {
  const at = `Bundle.entry[${index}].resource`;
  const expression = issue.expression?.map((e) => (e === type ? at : e.startsWith(`${type}.`) ? `${at}${e.slice(type.length)}` : e));
  return expression === undefined ? issue : { ...issue, expression };
}

/** The Attribution of a signed-in user at their post. */
export function attributionOf(user: SessionUser, post: HealthPost): Attribution {
  return { practitionerId: user.practitionerId, organizationId: post.organizationId, locationId: post.locationId };
}
