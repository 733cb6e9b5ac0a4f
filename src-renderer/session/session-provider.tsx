// Opens this PC's store database and key vault once, and provides the session: first run,
// locked (sign-in) or unlocked. Locking drops the vault session's keys, sends the router back to
// the start and changes the session generation, so every screen of the previous user is
// unmounted with its state. Auto-lock runs while a session is open.
import { useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { usePlatform } from '../platform/platform-context';
import { failed } from '../ui/loadable';
import { MIN_PASSWORD_LENGTH, type AccountService } from './account-service';
import { DEFAULT_AUTO_LOCK_MS, IdleTimer } from './auto-lock';
import { SessionControlContext, UnlockedSessionContext, type SessionControl } from './session-context';
import { INITIAL_SESSION_MACHINE, sessionTransition, type LockReason, type SessionState } from './session-state';
import type { UnlockedSession } from './session-types';

/** The one IndexedDB database of a health-post PC (store and key records). */
export const DATABASE_NAME = 'ceiba';

/** What counts as someone using the PC. */
const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'pointerdown'] as const;

export interface SessionProviderProps {
  readonly children: ReactNode;
  /** Inactivity before an open session locks itself. Default 10 minutes. */
  readonly autoLockMs?: number;
  readonly databaseName?: string;
}

function notReady(): never {
  throw new Error('the session layer is not open yet');
}

function signedIn(state: SessionState): Extract<SessionState, { status: 'unlocked' }> {
  if (state.status !== 'unlocked') throw new Error('no unlocked session');
  return state;
}

export function SessionProvider({ children, autoLockMs = DEFAULT_AUTO_LOCK_MS, databaseName = DATABASE_NAME }: SessionProviderProps): ReactNode {
  const platform = usePlatform();
  const navigate = useNavigate();
  const [machine, dispatch] = useReducer(sessionTransition, INITIAL_SESSION_MACHINE);
  const [service, setService] = useState<AccountService | undefined>(undefined);
  const state = machine.state;

  useEffect(() => {
    let closed = false;
    // Read through a function: the cleanup sets it while `open` awaits.
    const isClosed = (): boolean => closed;
    let database: { close(): void } | undefined;
    const open = async (): Promise<void> => {
      try {
        const [{ openAccounts }, keyStore] = await Promise.all([import('./open-accounts'), platform.getKeyStore()]);
        const opened = await openAccounts(databaseName, keyStore);
        database = opened;
        if (isClosed()) {
          opened.close();
          return;
        }
        const accounts = opened.service;
        const users = await accounts.users();
        if (isClosed()) return;
        setService(accounts);
        dispatch({ type: 'opened', users });
      } catch (err) {
        if (!isClosed()) dispatch({ type: 'open-failed', detail: failed(err).detail });
      }
    };
    void open();
    return () => {
      closed = true;
      database?.close();
    };
  }, [platform, databaseName]);

  const control = useMemo<SessionControl>(() => {
    const accounts = (): AccountService => service ?? notReady();
    const lock = (reason: LockReason = 'user'): void => {
      const vaultSession =
        state.status === 'unlocked' ? state.session.vaultSession : state.status === 'incomplete' ? state.setup.vaultSession : undefined;
      if (vaultSession === undefined) return;
      vaultSession.lock();
      dispatch({ type: 'locked', reason });
      // Nothing of the last user's place in the app survives: back to the start.
      void navigate('/', { replace: true });
    };
    return {
      state,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      setUp: async (input) => {
        const result = await accounts().setUp(input);
        dispatch(result.status === 'ready' ? { type: 'signed-in', session: result.session } : { type: 'setup-incomplete', setup: result });
      },
      completeSetUp: async (post, admin) => {
        if (state.status !== 'incomplete') throw new Error('no interrupted set-up to complete');
        dispatch({ type: 'signed-in', session: await accounts().completeSetUp(state.setup, post, admin) });
      },
      signIn: async (userId, password) => {
        const result = await accounts().signIn(userId, password);
        dispatch(result.status === 'ready' ? { type: 'signed-in', session: result.session } : { type: 'setup-incomplete', setup: result });
      },
      lock,
      addUser: async (user, password) => {
        const session = signedIn(state).session;
        await accounts().addUser(session, user, password);
        dispatch({ type: 'users-changed', users: await accounts().users() });
      },
      changePassword: (oldPassword, newPassword) => accounts().changePassword(signedIn(state).session.user.userId, oldPassword, newPassword),
      listUsers: () => accounts().listUsers(signedIn(state).session),
      users: () => accounts().users(),
    };
  }, [service, state, navigate]);

  // The idle timer calls the newest lock (the control object changes with the state).
  const lockRef = useRef(control.lock);
  useEffect(() => {
    lockRef.current = control.lock;
  }, [control]);

  const generation = state.status === 'unlocked' || state.status === 'incomplete' ? state.generation : 0;
  useEffect(() => {
    if (generation === 0) return;
    const timer = new IdleTimer(autoLockMs, () => {
      lockRef.current('idle');
    });
    const touch = (): void => {
      timer.touch();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { capture: true, passive: true });
    timer.start();
    return () => {
      timer.stop();
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
    };
  }, [generation, autoLockMs]);

  const unlocked = useMemo<UnlockedSession | null>(
    () =>
      state.status === 'unlocked'
        ? {
            ...state.session,
            lock: () => {
              lockRef.current('user');
            },
          }
        : null,
    [state],
  );

  return (
    <SessionControlContext value={control}>
      <UnlockedSessionContext value={unlocked}>{children}</UnlockedSessionContext>
    </SessionControlContext>
  );
}
