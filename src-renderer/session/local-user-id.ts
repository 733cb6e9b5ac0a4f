// The sign-in name of a local user: the key record's id and the value of the Practitioner's
// local-user identifier. Names are compared and stored folded to lower case, so "Ana" and "ana"
// are one user on the sign-in screen.
import { CEIBA_CANONICAL_BASE } from '../../src-core/fhir/canonical';

/** Identifier system of local user names (next to the other Ceiba `sid`s of canonical.ts). */
export const LOCAL_USER_SYSTEM = `${CEIBA_CANONICAL_BASE}/sid/usuario-local`;

export const USER_ID_MIN_LENGTH = 3;
export const USER_ID_MAX_LENGTH = 32;

/** Letters (accents allowed), digits, dot, dash, underscore; starts with a letter or digit. */
const USER_ID = /^[\p{Ll}\p{Nd}][\p{Ll}\p{Nd}._-]*$/u;

export function normalizeUserId(input: string): string {
  return input.trim().normalize('NFC').toLocaleLowerCase('es-GT');
}

export type UserIdProblem = 'required' | 'length' | 'characters';

/** What is wrong with an already normalized user name, or undefined when it is acceptable. */
export function userIdProblem(userId: string): UserIdProblem | undefined {
  if (userId === '') return 'required';
  const length = Array.from(userId).length;
  if (length < USER_ID_MIN_LENGTH || length > USER_ID_MAX_LENGTH) return 'length';
  return USER_ID.test(userId) ? undefined : 'characters';
}
