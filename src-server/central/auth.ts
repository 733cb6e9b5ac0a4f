// Optional bearer-token check. Digests are compared in constant time so the token's length and
// prefix do not leak through response timing.
import { createHash, timingSafeEqual } from 'node:crypto';

export function hasBearerToken(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer +(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(token));
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
