// The outbox keeps one entry per resource: the net effect of its unsent writes (DESIGN §4, §5).
//   nothing     + write        → create (server never saw it) or update (If-Match its server version)
//   create      + update       → create, with the newest version
//   create      + delete       → nothing, if the server never saw the resource
//   update      + update       → update, same If-Match base
//   update      + delete       → delete, same base
//   delete      + write        → update (the server still has the resource at the base version)
//   nothing     + write        → update too on a server deletion (If-Match the deletion: recreate)
//   update      + delete       → nothing, if the base server version is itself a deletion (the
//                                server already holds the resource deleted)
// All of these follow from one rule: the entry depends only on whether the newest local version
// is a deletion, on which server version (if any) it descends from and on whether that server
// version is a deletion. The first write's `seq`
// is kept so the upload order among unrelated resources stays the order they were first touched.
import type { ChangeOperation, PendingChange, SentAck } from '../fhir-store';

export interface ResourceWrite {
  readonly resourceType: string;
  readonly id: string;
  /** The new local version. */
  readonly versionId: number;
  readonly deleted: boolean;
  /** The server version the resource descends from (If-Match base), if the server knows it. */
  readonly serverVersionId?: string;
  /** That server version is a deletion. */
  readonly serverDeleted?: boolean;
}

function netOperation(write: ResourceWrite): ChangeOperation | undefined {
  if (write.serverVersionId === undefined) return write.deleted ? undefined : 'create';
  if (!write.deleted) return 'update';
  return write.serverDeleted === true ? undefined : 'delete';
}

export function squashChange(existing: PendingChange | undefined, write: ResourceWrite, nextSeq: () => number): PendingChange | undefined {
  const op = netOperation(write);
  if (op === undefined) return undefined;
  return {
    resourceType: write.resourceType,
    id: write.id,
    op,
    versionId: String(write.versionId),
    ...(write.serverVersionId === undefined ? {} : { baseServerVersionId: write.serverVersionId }),
    seq: existing?.seq ?? nextSeq(),
  };
}

export interface AckResult {
  /** The entry still to send (newer local writes happened meanwhile), or undefined when in sync. */
  readonly change?: PendingChange;
  /** The resource's server version from now on. */
  readonly serverVersionId?: string;
  /** Its meta.lastUpdated on the server, when the acknowledgement said. */
  readonly serverLastUpdated?: string;
  /** The local version that now equals the server's version: the one acknowledged. */
  readonly syncedVersionId: number;
  /** The acknowledged version is a deletion (the server now holds the resource deleted). */
  readonly serverDeleted?: true;
}

/**
 * The server accepted `ack.versionId`. If that is the newest local version the entry is done;
 * otherwise the newer local version now descends from the server's new version, so the entry
 * stays with that as its base (a create becomes an update). Either way the acknowledged version
 * is now the one in sync with the server. `ackedDeleted` says whether the acknowledged local
 * version is a deletion: then a newer local deletion on top of it is in sync too.
 */
export function acknowledge(
  existing: PendingChange,
  current: { readonly versionId: number; readonly deleted: boolean },
  ack: SentAck,
  ackedDeleted: boolean,
): AckResult {
  const serverVersionId = ack.serverVersionId;
  const base = {
    syncedVersionId: Number(ack.versionId),
    ...(serverVersionId === undefined ? {} : { serverVersionId }),
    ...(serverVersionId === undefined || ack.serverLastUpdated === undefined ? {} : { serverLastUpdated: ack.serverLastUpdated }),
    ...(ackedDeleted ? { serverDeleted: true as const } : {}),
  };
  if (existing.versionId === ack.versionId) return base;
  const change = squashChange(
    existing,
    {
      resourceType: existing.resourceType,
      id: existing.id,
      versionId: current.versionId,
      deleted: current.deleted,
      ...(serverVersionId === undefined ? {} : { serverVersionId }),
      serverDeleted: ackedDeleted,
    },
    () => existing.seq,
  );
  return change === undefined ? base : { ...base, change };
}
