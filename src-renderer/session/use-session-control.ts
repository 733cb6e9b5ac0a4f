import { use } from 'react';
import { SessionControlContext, type SessionControl } from './session-context';

/** The session's state and actions; needs a <SessionProvider>. */
export function useSessionControl(): SessionControl {
  const control = use(SessionControlContext);
  if (control === null) throw new Error('useSessionControl needs a <SessionProvider>');
  return control;
}
