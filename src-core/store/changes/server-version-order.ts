// Whether the store already holds a server version (or a newer one), so a pulled version can be
// dropped. Pages overlap at a watermark boundary and a pull can race a push, so the same or an
// older version of a resource can arrive after the store has moved past it. Server versionIds
// are compared as numbers when both are (HAPI FHIR); otherwise they are opaque (Medplum uses
// UUIDs) and only the server's lastUpdated, when both are known, can order them.
import type { CurrentState, ServerVersion } from '../write/write-plan';

const DIGITS = /^\d+$/;

/** Numeric strings compared as integers of any length ("10" > "9"); undefined for opaque ids. */
function compareNumeric(a: string, b: string): number | undefined {
  if (!DIGITS.test(a) || !DIGITS.test(b)) return undefined;
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The store's version of the resource is `remote` itself or newer than it. */
export function holdsServerVersion(held: CurrentState | undefined, remote: ServerVersion): boolean {
  const heldId = held?.serverVersionId;
  if (heldId === undefined) return false;
  if (heldId === remote.serverVersionId) return true;
  const numeric = compareNumeric(remote.serverVersionId, heldId);
  if (numeric !== undefined) return numeric < 0;
  const heldTime = held?.serverLastUpdated;
  if (heldTime === undefined || remote.serverLastUpdated === undefined) return false;
  const [a, b] = [Date.parse(remote.serverLastUpdated), Date.parse(heldTime)];
  return Number.isFinite(a) && Number.isFinite(b) && a < b;
}
