// Short-lived TURN credentials per coturn's TURN REST API scheme (`use-auth-secret`):
// username = "<unix expiry>:<user id>", credential = base64(HMAC-SHA1(shared secret, username)).
// coturn recomputes the HMAC with the same static-auth-secret; no per-user state on either side.
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../src-core/teleconsult/signaling-protocol';

export interface TurnConfig {
  readonly urls: readonly string[];
  readonly sharedSecret: string;
  /** Default 3600 (an hour covers a consult; coturn checks the expiry only at allocation/refresh). */
  readonly ttlSeconds?: number;
}

export const turnCredential = (sharedSecret: string, username: string): string =>
  createHmac('sha1', sharedSecret).update(username).digest('base64');

export function turnCredentials(config: TurnConfig, userId: string, nowMs: number = Date.now()): { server: IceServer; expiresAt: number } {
  const expiresAt = Math.floor(nowMs / 1000) + (config.ttlSeconds ?? 3600);
  const username = `${expiresAt}:${userId}`;
  return { server: { urls: [...config.urls], username, credential: turnCredential(config.sharedSecret, username) }, expiresAt };
}

/** The ICE servers a joining party receives: configured STUN and TURN only, never library defaults. */
export function iceServersFor(
  userId: string,
  options: { turn?: TurnConfig; stun?: readonly string[] },
  nowMs: number = Date.now(),
): { iceServers: IceServer[]; expiresAt: number } {
  const iceServers: IceServer[] = [];
  if (options.stun !== undefined && options.stun.length > 0) iceServers.push({ urls: [...options.stun] });
  let expiresAt = Math.floor(nowMs / 1000) + 24 * 3600;
  if (options.turn !== undefined) {
    const t = turnCredentials(options.turn, userId, nowMs);
    iceServers.push(t.server);
    expiresAt = t.expiresAt;
  }
  return { iceServers, expiresAt };
}
