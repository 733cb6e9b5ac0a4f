// Plans SyncStore.rebase: a pending local change settled against the server's newer version.
//   1. The server's version becomes the next local version, in sync (the new merge base). A
//      server deletion of a resource that is a tombstone here only marks that tombstone in sync.
//   2. `merged` is written on top as a local version, so the outbox holds an update (or delete)
//      with If-Match on the server's version — unless it says what the server says (the same
//      content, ignoring version stamps; or both deleted), in which case nothing is pending.
// The conflict record of the resource, if any, is settled in the same commit.
import type { Resource } from '@medplum/fhirtypes';
import { sameContent } from '../changes/same-content';
import type { WithId } from '../fhir-store';
import { versionConflict } from '../store-errors';
import type { RemoteVersion } from '../sync-store';
import { remoteWrite, serverVersionOf } from './remote-plan';
import { stateAfterMark, stateAfterWrite, type SyncCommit, type SyncState, type SyncStep } from './sync-commit';
import { keyOf, type PlannedWrite } from './write-plan';

export interface RebaseInput {
  readonly remote: RemoteVersion;
  /** The checked server body (undefined: the server deleted the resource). */
  readonly remoteBody: (Resource & { id: string }) | undefined;
  /** The checked merge result, or 'delete'. */
  readonly merged: (Resource & { id: string }) | 'delete';
  /** The local version the merge was computed from; another current version is a conflict. */
  readonly ifMatch?: string;
}

export function planRebase(input: RebaseInput, state: SyncState | undefined, now: string): SyncCommit<WithId<Resource> | undefined> {
  const { remote, remoteBody, merged } = input;
  const key = keyOf(remote.resourceType, remote.id);
  if (input.ifMatch !== undefined && String(state?.versionId ?? 0) !== input.ifMatch) {
    throw versionConflict(remote.resourceType, remote.id, input.ifMatch, String(state?.versionId ?? 'none'));
  }
  const steps: SyncStep[] = [];
  let last: PlannedWrite | undefined;

  let after: SyncState;
  if (remoteBody === undefined && state?.deleted === true) {
    const mark = { key, versionId: state.versionId, remote: serverVersionOf(remote) };
    steps.push({ mark });
    after = stateAfterMark(state, mark);
  } else {
    last = remoteWrite(key, state, remote, remoteBody, now);
    steps.push({ write: last });
    after = stateAfterWrite(state, last);
  }

  const agrees = merged === 'delete' ? after.deleted : remoteBody !== undefined && sameContent(merged, remoteBody);
  if (!agrees) {
    const versionId = after.versionId + 1;
    const common = { key, resourceType: remote.resourceType, id: remote.id, versionId, lastUpdated: now, base: after };
    last = merged === 'delete' ? common : { ...common, resource: { ...merged, meta: { ...merged.meta, versionId: String(versionId), lastUpdated: now } } };
    steps.push({ write: last });
  }
  return {
    expected: new Map([[key, state]]),
    steps,
    state: {},
    settled: [key],
    result: last?.resource as WithId<Resource> | undefined,
  };
}
