// Turns write requests into exact new versions against the current state of each resource: the
// part of a write that is the same in every store. A store reads the current states, plans,
// prepares rows (seals, hashes) and commits only if the states it planned against are unchanged.
import type { Resource } from '@medplum/fhirtypes';
import { issue, outcome, OutcomeError } from '../../fhir/outcome';
import { notFound, versionConflict } from '../store-errors';

/** What a store knows about a resource's current version without reading its body. */
export interface CurrentState {
  readonly versionId: number;
  readonly deleted: boolean;
  readonly lastUpdated: string;
  /** The server version the newest local version descends from (If-Match base). */
  readonly serverVersionId?: string;
  /** The local version whose content is server version `serverVersionId` (absent: none known). */
  readonly syncedVersionId?: number;
  /** The server's meta.lastUpdated of `serverVersionId`, when known (orders versions with opaque ids). */
  readonly serverLastUpdated?: string;
  /**
   * Server version `serverVersionId` is a deletion (the server holds the resource deleted): set
   * when a server deletion is pulled, a tombstone is marked in sync or a delete is acknowledged;
   * absent once a body is the version in sync (and in rows written before it existed).
   */
  readonly serverDeleted?: true;
}

/** A version as the central server holds it, by id (and time, when known). */
export interface ServerVersion {
  readonly serverVersionId: string;
  readonly serverLastUpdated?: string;
}

export type WriteRequest =
  | {
      readonly kind: 'put';
      readonly resource: Resource & { readonly id: string };
      readonly ifMatch?: string;
      /**
       * The id was just assigned on this device (a create): no stored row can hold it, so a backend
       * may plan the write without reading the current state first. The commit still checks the
       * state it planned against (none), so a row that does exist only makes the write plan again.
       */
      readonly fresh?: true;
    }
  | { readonly kind: 'delete'; readonly resourceType: string; readonly id: string; readonly ifMatch?: string };

export interface PlannedWrite {
  readonly key: string;
  readonly resourceType: string;
  readonly id: string;
  readonly versionId: number;
  readonly lastUpdated: string;
  /** The new body with meta.versionId and meta.lastUpdated; absent for a deletion. */
  readonly resource?: Resource;
  /** The state this write was planned against (absent: the resource did not exist). */
  readonly base?: CurrentState;
  /**
   * Set when this version IS that server version (pulled or rebased): it is written in sync,
   * and the resource has no outbox entry afterwards. Absent for local writes.
   */
  readonly remote?: ServerVersion;
}

export const keyOf = (resourceType: string, id: string): string => `${resourceType}/${id}`;

export function requestKey(request: WriteRequest): string {
  return request.kind === 'put' ? keyOf(request.resource.resourceType, request.resource.id) : keyOf(request.resourceType, request.id);
}

function duplicate(key: string): OutcomeError {
  return new OutcomeError(
    outcome([
      issue('invalid', `more than one write to ${key} in one request`, {
        details: 'El paquete modifica el mismo registro más de una vez.',
        expression: ['Bundle.entry'],
      }),
    ]),
  );
}

/**
 * Plans every request or throws: a version conflict (If-Match), a delete of something that never
 * existed, or two writes to one resource. Deleting a deleted resource plans nothing.
 */
export function planWrites(
  requests: readonly WriteRequest[],
  current: ReadonlyMap<string, CurrentState>,
  now: string,
): PlannedWrite[] {
  const seen = new Set<string>();
  const plans: PlannedWrite[] = [];
  for (const request of requests) {
    const key = requestKey(request);
    if (seen.has(key)) throw duplicate(key);
    seen.add(key);
    const base = current.get(key);
    const resourceType = request.kind === 'put' ? request.resource.resourceType : request.resourceType;
    const id = request.kind === 'put' ? request.resource.id : request.id;
    if (request.ifMatch !== undefined && String(base?.versionId ?? 0) !== request.ifMatch) {
      throw versionConflict(resourceType, id, request.ifMatch, String(base?.versionId ?? 'none'));
    }
    const versionId = (base?.versionId ?? 0) + 1;
    const common = { key, resourceType, id, versionId, lastUpdated: now, ...(base === undefined ? {} : { base }) };
    if (request.kind === 'put') {
      const meta = { ...request.resource.meta, versionId: String(versionId), lastUpdated: now };
      plans.push({ ...common, resource: { ...request.resource, meta } });
    } else {
      if (base === undefined) throw notFound(resourceType, id);
      if (base.deleted) continue;
      plans.push(common);
    }
  }
  return plans;
}
