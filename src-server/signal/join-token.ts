// Signed short-lived join tokens for call rooms: base64url(JSON claims) "." base64url(HMAC-SHA-256).
// The central side (or an admin tool) issues one per party and Task; the relay verifies it with the
// same secret, in constant time, and refuses expired or tampered tokens.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CallRole } from '../../src-core/teleconsult/signaling-protocol';

export interface JoinClaims {
  /** The room: the coordination Task id of the consult. */
  readonly room: string;
  /** The user id (Practitioner or PractitionerRole id); goes into the TURN username. */
  readonly user: string;
  readonly role: CallRole;
  /** Unix seconds. */
  readonly exp: number;
}

export type TokenCheck = { readonly ok: true; readonly claims: JoinClaims } | { readonly ok: false; readonly code: 'unauthorized' | 'token-expired' };

const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/; // FHIR id syntax
const sign = (secret: string, body: string): Buffer => createHmac('sha256', secret).update(body).digest();

export function issueJoinToken(
  secret: string,
  claims: Omit<JoinClaims, 'exp'>,
  ttlSeconds: number,
  nowMs: number = Date.now(),
): string {
  if (secret.length < 16) throw new Error('join token secret must be at least 16 characters');
  if (!ID_PATTERN.test(claims.room) || !ID_PATTERN.test(claims.user)) throw new Error('room and user must be FHIR ids');
  const full: JoinClaims = { room: claims.room, user: claims.user, role: claims.role, exp: Math.floor(nowMs / 1000) + Math.max(1, Math.floor(ttlSeconds)) };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

export function verifyJoinToken(secret: string, token: string, nowMs: number = Date.now()): TokenCheck {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, code: 'unauthorized' };
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = sign(secret, body);
  // timingSafeEqual needs equal lengths; compare against a same-length buffer so length alone leaks nothing useful.
  const same = given.length === expected.length && timingSafeEqual(given, expected);
  if (!same) return { ok: false, code: 'unauthorized' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, code: 'unauthorized' };
  }
  if (typeof claims !== 'object' || claims === null) return { ok: false, code: 'unauthorized' };
  const c = claims as Record<string, unknown>;
  if (
    typeof c.room !== 'string' || !ID_PATTERN.test(c.room) ||
    typeof c.user !== 'string' || !ID_PATTERN.test(c.user) ||
    (c.role !== 'nurse' && c.role !== 'specialist') ||
    typeof c.exp !== 'number' || !Number.isInteger(c.exp)
  ) {
    return { ok: false, code: 'unauthorized' };
  }
  if (c.exp * 1000 <= nowMs) return { ok: false, code: 'token-expired' };
  return { ok: true, claims: { room: c.room, user: c.user, role: c.role, exp: c.exp } };
}
