// The session layer (accounts on a shared PC): the public edge of src-renderer/session.
export type { HealthPost, SessionUser, UnlockedSession, UserRole } from './session-types';
export { useSession } from './use-session';
export { useSessionControl } from './use-session-control';
export type { SessionControl } from './session-context';
export { SessionProvider, DATABASE_NAME, type SessionProviderProps } from './session-provider';
export { SessionGate } from './session-gate';
export { autoLockMsFromSearch, DEFAULT_AUTO_LOCK_MS } from './auto-lock';
export { attributedTransaction, provenanceFor, type Attribution, type ProvenanceActivity } from './attribution';
export { attributionOf } from './account-service';
export type { PostUser } from './session-profile';
export { USER_ROLES, ADMIN_POSITIONS } from './user-role';
