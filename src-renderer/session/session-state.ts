// The session's states and its pure transition function (STYLE §6). The provider dispatches
// events; everything the UI shows about accounts follows from the state.
import type { IncompleteSetup, OpenSession } from './account-service';

export type LockReason = 'user' | 'idle';

export type SessionState =
  /** The store database is being opened. */
  | { readonly status: 'opening' }
  /** It could not be opened (technical detail in English, for support). */
  | { readonly status: 'unavailable'; readonly detail: string }
  /** No user yet: the first-run set-up. */
  | { readonly status: 'first-run' }
  /** Users exist, nobody is signed in. `reason` says why the last session ended, if one did. */
  | { readonly status: 'locked'; readonly users: readonly string[]; readonly reason?: LockReason }
  /** Signed in, but the first run's records were never written: finish the set-up. */
  | { readonly status: 'incomplete'; readonly setup: IncompleteSetup; readonly generation: number }
  /**
   * Signed in. `generation` changes with every sign-in: screens are keyed by it, so nothing of
   * one session's React state survives into the next.
   */
  | { readonly status: 'unlocked'; readonly session: OpenSession; readonly generation: number };

export type SessionEvent =
  | { readonly type: 'opened'; readonly users: readonly string[] }
  | { readonly type: 'open-failed'; readonly detail: string }
  | { readonly type: 'signed-in'; readonly session: OpenSession }
  | { readonly type: 'setup-incomplete'; readonly setup: IncompleteSetup }
  | { readonly type: 'locked'; readonly reason: LockReason }
  | { readonly type: 'users-changed'; readonly users: readonly string[] };

export const INITIAL_SESSION_STATE: SessionState = { status: 'opening' };

/**
 * The state plus what outlives one state: the sign-in count (so generations never repeat) and the
 * PC's sign-in names (so locking can show the sign-in screen at once, without waiting for a read).
 */
export interface SessionMachine {
  readonly state: SessionState;
  readonly signIns: number;
  readonly users: readonly string[];
}

export const INITIAL_SESSION_MACHINE: SessionMachine = { state: INITIAL_SESSION_STATE, signIns: 0, users: [] };

export function sessionTransition(machine: SessionMachine, event: SessionEvent): SessionMachine {
  const { state, signIns, users } = machine;
  const to = (next: SessionState, count = signIns, known = users): SessionMachine => ({ state: next, signIns: count, users: known });
  switch (event.type) {
    case 'opened':
      if (state.status !== 'opening') return machine;
      return to(event.users.length === 0 ? { status: 'first-run' } : { status: 'locked', users: event.users }, signIns, event.users);
    case 'open-failed':
      return state.status === 'opening' ? to({ status: 'unavailable', detail: event.detail }) : machine;
    case 'signed-in': {
      // From the login, the first run, or finishing an interrupted first run.
      if (state.status !== 'locked' && state.status !== 'first-run' && state.status !== 'incomplete') return machine;
      const userId = event.session.user.userId;
      const known = users.includes(userId) ? users : [...users, userId].sort();
      return to({ status: 'unlocked', session: event.session, generation: signIns + 1 }, signIns + 1, known);
    }
    case 'setup-incomplete': {
      if (state.status !== 'locked' && state.status !== 'first-run') return machine;
      const userId = event.setup.userId;
      const known = users.includes(userId) ? users : [...users, userId].sort();
      return to({ status: 'incomplete', setup: event.setup, generation: signIns + 1 }, signIns + 1, known);
    }
    case 'locked':
      if (state.status !== 'unlocked' && state.status !== 'incomplete') return machine;
      return to(users.length === 0 ? { status: 'first-run' } : { status: 'locked', users, reason: event.reason });
    case 'users-changed':
      return to(state.status === 'locked' ? { ...state, users: event.users } : state, signIns, event.users);
  }
}
