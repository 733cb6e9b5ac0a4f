// Plans a pulled page (SyncStore.applyRemote) against the current states of its resources, the
// same way in every store. Each server version, in the order given, is one of:
//   unchanged  the store holds it or a newer one (server-version-order.ts); or it is a deletion of
//              something absent or already deleted here — then the tombstone is marked in sync
//              with the server's delete, which also settles a pending local delete (both sides
//              agree), without writing a version;
//   pending    the resource has an outbox entry: left alone for the engine to merge;
//   rejected   its type, id, versionId or body failed the checks every write goes through;
//   applied    written as the next local version, in sync with that server version (no outbox
//              entry); a deletion writes a tombstone.
// Several versions of one resource in one page are planned one after the other.
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { toOutcome } from '../../fhir/outcome';
import { holdsServerVersion } from '../changes/server-version-order';
import type { ApplyRemoteResult, RejectedRemote, RemoteVersion, SyncStateEntries } from '../sync-store';
import { stateAfterMark, stateAfterWrite, type SyncCommit, type SyncState, type SyncStep } from './sync-commit';
import { checkRemoteKey } from './check-remote';
import { keyOf, type PlannedWrite, type ServerVersion } from './write-plan';

/** The checked body of a version (undefined for a deletion); throws an OutcomeError to refuse it. */
export type RemoteCheck = (version: RemoteVersion, index: number) => (Resource & { id: string }) | undefined;

export function serverVersionOf(version: RemoteVersion): ServerVersion {
  return {
    serverVersionId: version.serverVersionId,
    ...(version.serverLastUpdated === undefined ? {} : { serverLastUpdated: version.serverLastUpdated }),
  };
}

/** The next local version of `key` holding server version `version` (its body or a tombstone). */
export function remoteWrite(
  key: string,
  state: SyncState | undefined,
  version: RemoteVersion,
  body: (Resource & { id: string }) | undefined,
  now: string,
): PlannedWrite {
  const versionId = (state?.versionId ?? 0) + 1;
  return {
    key,
    resourceType: version.resourceType,
    id: version.id,
    versionId,
    lastUpdated: now,
    ...(state === undefined ? {} : { base: state }),
    ...(body === undefined ? {} : { resource: { ...body, meta: { ...body.meta, versionId: String(versionId), lastUpdated: now } } }),
    remote: serverVersionOf(version),
  };
}

function rejection(version: RemoteVersion, err: unknown): RejectedRemote {
  const outcome: OperationOutcome = toOutcome(err);
  return { resourceType: version.resourceType, id: version.id, serverVersionId: version.serverVersionId, outcome };
}

export function planRemote(
  versions: readonly RemoteVersion[],
  states: ReadonlyMap<string, SyncState>,
  now: string,
  check: RemoteCheck,
  state: SyncStateEntries,
): SyncCommit<ApplyRemoteResult> {
  const working = new Map<string, SyncState | undefined>(states);
  const expected = new Map<string, SyncState | undefined>();
  const touch = (key: string): void => {
    if (!expected.has(key)) expected.set(key, states.get(key));
  };
  const steps: SyncStep[] = [];
  let applied = 0;
  const pending: RemoteVersion[] = [];
  const rejected: RejectedRemote[] = [];
  let unchanged = 0;

  versions.forEach((version, index) => {
    try {
      checkRemoteKey(version);
    } catch (err) {
      rejected.push(rejection(version, err));
      return;
    }
    const key = keyOf(version.resourceType, version.id);
    const current = working.get(key);
    const remote = serverVersionOf(version);
    if (holdsServerVersion(current, remote)) {
      unchanged++;
      return;
    }
    if (version.resource === undefined && (current === undefined || current.deleted)) {
      unchanged++;
      if (current !== undefined) {
        const mark = { key, versionId: current.versionId, remote };
        touch(key);
        steps.push({ mark });
        working.set(key, stateAfterMark(current, mark));
      }
      return;
    }
    if (current?.pending === true) {
      pending.push(version);
      return;
    }
    let body: (Resource & { id: string }) | undefined;
    try {
      body = check(version, index);
    } catch (err) {
      rejected.push(rejection(version, err));
      return;
    }
    const plan = remoteWrite(key, current, version, body, now);
    touch(key);
    steps.push({ write: plan });
    applied++;
    working.set(key, stateAfterWrite(current, plan));
  });

  return {
    expected,
    steps,
    state,
    settled: [],
    result: { applied, unchanged, pending, rejected },
  };
}
