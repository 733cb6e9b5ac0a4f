import { use } from 'react';
import { UnlockedSessionContext } from './session-context';
import type { UnlockedSession } from './session-types';

/**
 * The signed-in user's session. Every page except "Acerca de" renders only inside one, so this
 * throws when called elsewhere (a programming error, not a user-facing state).
 */
export function useSession(): UnlockedSession {
  const session = use(UnlockedSessionContext);
  if (session === null) throw new Error('useSession needs an unlocked session (render inside <SessionGate>)');
  return session;
}
