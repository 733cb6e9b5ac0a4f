// React contexts of the session layer: the unlocked session (null outside one) and the control
// object the gate, the header and the admin screen use.
import { createContext } from 'react';
import type { PostInput } from './post-resources';
import type { AdminInput, SetupInput } from './account-service';
import type { PostUser } from './session-profile';
import type { LockReason, SessionState } from './session-state';
import type { UnlockedSession } from './session-types';
import type { UserInput } from './user-resources';

export const UnlockedSessionContext = createContext<UnlockedSession | null>(null);

export interface SessionControl {
  readonly state: SessionState;
  readonly minPasswordLength: number;
  /** First run. Rejects with an outcome (Spanish `details.text`) when nothing could be created. */
  readonly setUp: (input: SetupInput) => Promise<void>;
  /** Finishes an interrupted first run ('incomplete' state). */
  readonly completeSetUp: (post: PostInput, admin: Omit<AdminInput, 'userId'>) => Promise<void>;
  /** Rejects with the vault's outcome on a wrong password. */
  readonly signIn: (userId: string, password: string) => Promise<void>;
  /** Locks the session now: keys dropped, routes back to the start, screens remounted. */
  readonly lock: (reason?: LockReason) => void;
  /** Admin only: a new local user with a role. */
  readonly addUser: (user: UserInput, password: string) => Promise<void>;
  /** The signed-in user's own password. */
  readonly changePassword: (oldPassword: string, newPassword: string) => Promise<void>;
  /** The post's users (signed in). */
  readonly listUsers: () => Promise<PostUser[]>;
  /** Sign-in names of this PC. */
  readonly users: () => Promise<string[]>;
}

export const SessionControlContext = createContext<SessionControl | null>(null);
