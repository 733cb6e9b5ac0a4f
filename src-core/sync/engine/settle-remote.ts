// The conflict path (DESIGN §5 Conflicts), shared by push (a 412) and pull (a server version of a
// resource with a pending local change): three-way merge of the stored base, the local version and
// the server's version. A clean merge is written with SyncStore.rebase — the server's version
// becomes the base and the merge, when it differs from it, is a normal change uploaded with
// If-Match on the server's version. Otherwise a conflict record holding all three waits for a
// person. Nothing is overwritten silently: rebase carries If-Match on the local version the merge
// read, so a person saving meanwhile makes the store refuse it (the next run merges again).
import type { Resource, ResourceType } from '@medplum/fhirtypes';
import { OutcomeError } from '../../fhir/outcome';
import type { RemoteVersion } from '../../store/sync-store';
import { deepEqual } from '../merge/json-values';
import { mergeResource } from '../merge/merge-resource';
import { uploadBody } from './push-batch';
import type { RunContext } from './run-context';
import { conflictRecorded } from './sync-outcomes';

export type Settlement =
  /** Merged and rebased; `leftover` when a local change remains to upload. */
  | { readonly kind: 'rebased'; readonly leftover: boolean }
  | { readonly kind: 'conflict' }
  /** The local version changed while merging: left for the next run. */
  | { readonly kind: 'moved-on' };

/** Same content, ignoring the version stamps that differ between a local copy and the server's. */
export function sameBody(a: Resource | undefined, b: Resource | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return deepEqual(uploadBody(a), uploadBody(b));
}

export interface SettleOptions {
  /**
   * The common base when the caller knows it better than the store: the body of an upload that
   * landed while its reply was lost (in-flight-uploads.ts). Default: the store's sync base.
   */
  readonly base?: Resource;
}

export async function settleRemote(ctx: RunContext, remote: RemoteVersion, options: SettleOptions = {}): Promise<Settlement> {
  const { store } = ctx;
  const key = `${remote.resourceType}/${remote.id}`;
  const recorded = ctx.conflicts.get(key);
  // Already waiting on a person against this very server version: nothing new to merge.
  if (recorded === remote.serverVersionId) return { kind: 'conflict' };
  const type = remote.resourceType as ResourceType;
  const info = await store.versionInfo(type, remote.id);
  const local = info === undefined || info.deleted ? undefined : await store.read(type, remote.id);
  const base = options.base ?? (await store.syncBase(remote.resourceType, remote.id));
  let merge = mergeResource<Resource>(base, local, remote.resource);
  if (merge.kind === 'conflict') {
    const landed = await landedUpload(ctx, type, remote.id, base, remote.resource);
    if (landed !== undefined) merge = mergeResource<Resource>(landed, local, remote.resource);
  }
  const ifMatch = info === undefined ? {} : { ifMatch: info.versionId };

  if (merge.kind === 'conflict') {
    await store.putConflict({
      resourceType: remote.resourceType,
      id: remote.id,
      ...(base === undefined ? {} : { base }),
      ...(local === undefined ? {} : { local }),
      ...(remote.resource === undefined ? {} : { remote: remote.resource }),
      remoteVersionId: remote.serverVersionId,
      paths: merge.fields,
      recorded: ctx.clock.now().toISOString(),
    });
    ctx.conflicts.set(key, remote.serverVersionId);
    ctx.logger.warn('conflict recorded', { resourceType: remote.resourceType, id: remote.id, paths: merge.fields.length, replaced: recorded !== undefined });
    // A newer server version of a resource already in conflict replaces the record: not a new one.
    if (recorded === undefined) {
      ctx.tally.conflicts += 1;
      ctx.emit({ type: 'issue', outcome: conflictRecorded(remote.resourceType, remote.id, merge.fields), resourceType: remote.resourceType, id: remote.id });
    }
    return { kind: 'conflict' };
  }

  const merged = merge.kind === 'merged' ? merge.resource : 'delete';
  try {
    await store.rebase(remote, merged, ifMatch);
  } catch (err) {
    if (err instanceof OutcomeError && err.outcome.issue[0]?.code === 'conflict') {
      ctx.logger.info('local version moved on while merging; left for the next run', { resourceType: remote.resourceType, id: remote.id });
      return { kind: 'moved-on' };
    }
    throw err;
  }
  ctx.conflicts.delete(key);
  // A re-sent upload that had landed (local == remote) settles here too; it is no merge.
  if (!sameBody(local, remote.resource)) ctx.tally.merged += 1;
  const leftover = merged === 'delete' ? remote.resource !== undefined : !sameBody(merged, remote.resource);
  ctx.logger.info('merged with the server version', { resourceType: remote.resourceType, id: remote.id, leftover });
  return { kind: 'rebased', leftover };
}

/**
 * The newest local version written after the sync base whose body the server holds now: an
 * upload of ours that landed while its acknowledgement was lost (a cut reply, a crash before
 * markSent). Everything local after it descends from it, so it is the true common base; merging
 * against the older sync base would set the post's own upload against its later edits as a
 * conflict. Only versions newer than the base qualify: an older one that happens to equal the
 * server's body (a central edit undone back to it) says nothing about what the post has seen.
 */
async function landedUpload(
  ctx: RunContext,
  type: ResourceType,
  id: string,
  base: Resource | undefined,
  remote: Resource | undefined,
): Promise<Resource | undefined> {
  if (remote === undefined) return undefined;
  for (const version of await ctx.store.history(type, id)) {
    if (version.resource === undefined) continue;
    // Newest first: reaching the base (or a version with its body) ends the versions after it.
    if (base !== undefined && sameBody(version.resource, base)) return undefined;
    if (sameBody(version.resource, remote)) return version.resource;
  }
  return undefined;
}
