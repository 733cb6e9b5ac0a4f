// What the session layer provides: the shapes every screen codes against.
import type { SyncStore } from '../../src-core/store';
import type { VaultSession } from '../../src-core/store/crypto';
import type { UserRole } from './user-role';

export type { UserRole } from './user-role';

export interface SessionUser {
  /** The key record's id (the sign-in name), also the value of the Practitioner's local-user identifier. */
  readonly userId: string;
  readonly displayName: string;
  readonly role: UserRole;
  /** Id of the user's Practitioner: the agent of what they record (see attribution.ts). */
  readonly practitionerId: string;
  readonly practitionerRoleId: string;
}

/** The health post this PC belongs to, as the first-run set-up recorded it. */
export interface HealthPost {
  readonly organizationId: string;
  readonly locationId: string;
  readonly name: string;
  /** MSPAS establishment code. */
  readonly code: string;
}

/** A signed-in user's hold on the store. Gone (and its keys dropped) after `lock()`. */
export interface UnlockedSession {
  readonly user: SessionUser;
  readonly post: HealthPost;
  readonly store: SyncStore;
  readonly vaultSession: VaultSession;
  /** Locks the vault session and returns the PC to the sign-in screen. */
  lock(): void;
}
