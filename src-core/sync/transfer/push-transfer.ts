// Pushes the changes of an opened transfer file to the central server with the sync engine's own
// push (byte-sized transactions, If-Match, bisecting a refused transaction, 412 → three-way
// merge), so a file gets exactly the guarantees of a live sync. The engine needs a store holding
// the changes as an outbox, so a throwaway memory store is seeded from the file: each base as the
// server version it is, then the change on top. Nothing of it outlives the call.
//
// Creates need one extra look: a create carries no base, so pushing it again after it landed (the
// file imported twice, or the post synced meanwhile) would silently replace whatever the server
// made of it since. Creates are therefore looked up first: one the server already holds with the
// same content is done; one it holds with other content is a conflict for a person, not a push.
//
// Updates and deletes whose base body did not travel (rows from before the store recorded sync
// bases) cannot be merged safely; they are deferred to the post's own next sync.
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { ResourceValidator } from '../../fhir/validation';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import { sameContent } from '../../store/changes/same-content';
import { createMemoryStore } from '../../store/memory-store';
import type { AttentionItem, SyncConflict, SyncStore } from '../../store/sync-store';
import { createSyncEngine } from '../engine/sync-engine';
import type { SyncOutcome } from '../engine/sync-state-keys';
import { mergeResource } from '../merge/merge-resource';
import type { FhirTransport } from '../transport/fhir-transport';
import type { TransferChange } from './transfer-file';

const LOOKUP_CHUNK = 50;

export interface PushTransferOptions {
  readonly transport: FhirTransport;
  readonly validator: ResourceValidator;
  readonly clock: Clock;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

export interface PushTransferResult {
  readonly outcome: SyncOutcome;
  /** Changes the server accepted now. */
  readonly pushed: number;
  /** Merged with newer server versions without a person. */
  readonly merged: number;
  /** Creates the server already held with the same content (nothing sent). */
  readonly alreadyPresent: number;
  /** Not sent: a person decides (the post's own next sync meets the same conflict). */
  readonly conflicts: SyncConflict[];
  /** Refused by the server for a reason retrying cannot fix. */
  readonly attention: AttentionItem[];
  /** Updates/deletes without a base body: left for the post's own sync ("Type/id"). */
  readonly deferred: string[];
  /** Why the push did not finish (Spanish in issue[0].details.text). */
  readonly error?: OperationOutcome;
}

const key = (c: { resourceType: string; id: string }): string => `${c.resourceType}/${c.id}`;

/** Server copies of the given creates, by "Type/id" (absent: the server never had them). */
async function lookUpCreates(creates: readonly TransferChange[], options: PushTransferOptions): Promise<Map<string, Resource>> {
  const byType = new Map<string, string[]>();
  for (const c of creates) byType.set(c.resourceType, [...(byType.get(c.resourceType) ?? []), c.id]);
  const found = new Map<string, Resource>();
  const call = options.signal === undefined ? {} : { signal: options.signal };
  for (const [resourceType, ids] of byType) {
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const chunk = ids.slice(i, i + LOOKUP_CHUNK);
      const matches = await options.transport.search(resourceType, { _id: chunk.join(','), _count: String(chunk.length) }, call);
      for (const r of matches) if (r.id !== undefined) found.set(key({ resourceType: r.resourceType, id: r.id }), r);
    }
  }
  return found;
}

function createConflict(change: TransferChange, remote: Resource, now: string): SyncConflict {
  const merge = mergeResource(undefined, change.resource, remote);
  return {
    resourceType: change.resourceType,
    id: change.id,
    ...(change.resource === undefined ? {} : { local: change.resource }),
    remote,
    remoteVersionId: remote.meta?.versionId ?? '',
    paths: merge.kind === 'conflict' ? merge.fields : [change.resourceType],
    recorded: now,
  };
}

/** Seeds the outbox of `store` with one change: its base as the server version, the change on top. */
async function seed(store: SyncStore, change: TransferChange): Promise<void> {
  if (change.op !== 'create') {
    const base = change.base;
    if (base === undefined || change.baseServerVersionId === undefined) throw new Error(`seed needs a base: ${key(change)}`);
    await store.applyRemote([{ resourceType: change.resourceType, id: change.id, serverVersionId: change.baseServerVersionId, resource: base }]);
  }
  if (change.op === 'delete') await store.delete(change.resourceType as Resource['resourceType'], change.id);
  else if (change.resource !== undefined) await store.update(change.resource);
}

export async function pushTransfer(changes: readonly TransferChange[], options: PushTransferOptions): Promise<PushTransferResult> {
  const now = options.clock.now().toISOString();
  const deferred = changes.filter((c) => c.op !== 'create' && (c.base === undefined || c.baseServerVersionId === undefined)).map(key);
  const creates = changes.filter((c) => c.op === 'create');
  const onServer = await lookUpCreates(creates, options);
  const createConflicts: SyncConflict[] = [];
  let alreadyPresent = 0;
  const toSend: TransferChange[] = [];
  for (const change of changes) {
    if (deferred.includes(key(change))) continue;
    const remote = change.op === 'create' ? onServer.get(key(change)) : undefined;
    if (remote === undefined) toSend.push(change);
    else if (change.resource !== undefined && sameContent(remote, change.resource)) alreadyPresent++;
    else createConflicts.push(createConflict(change, remote, now));
  }

  const store = createMemoryStore({ validator: options.validator, clock: options.clock });
  for (const change of toSend) await seed(store, change);
  const engine = createSyncEngine({
    store,
    transport: options.transport,
    clock: options.clock,
    scope: [],
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const result = await engine.run(options.signal === undefined ? {} : { signal: options.signal });
  const [conflicts, attention] = await Promise.all([store.conflicts(), store.attention()]);
  options.logger?.info('transfer pushed', {
    changes: changes.length,
    pushed: result.pushed,
    merged: result.merged,
    alreadyPresent,
    conflicts: conflicts.length + createConflicts.length,
    attention: attention.length,
    deferred: deferred.length,
    outcome: result.outcome,
  });
  return {
    outcome: result.outcome,
    pushed: result.pushed,
    merged: result.merged,
    alreadyPresent,
    conflicts: [...createConflicts, ...conflicts],
    attention,
    deferred,
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}
