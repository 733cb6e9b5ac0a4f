// Unconditional uploads whose acknowledgement may have been lost (DESIGN §5 Push, "resumable
// without loss").
//
// A create (or a re-create after a server deletion) goes as `PUT [type]/[id]` without If-Match:
// there is no server version to match. If the server commits it and the reply is lost (a cut, a
// crash before markSent), the post still holds it as "never seen by the server". Sending it again
// unconditionally would then overwrite whatever another post did to it meanwhile, and a local
// delete in between would squash create+delete to nothing, leaving the resource on the server for
// ever. So before a transaction goes, the engine writes down which entries travel without
// If-Match and which local version each carries; an acknowledgement clears them. At the start of
// the next push, each one still written down is read from the server:
//   - not there: the upload never landed; the outbox sends it as before;
//   - there: it landed. The version we sent is the true common base, so the server's copy goes
//     through the conflict path with that base: untouched by others, it simply becomes the base
//     (a later local edit or delete is then sent with If-Match); edited by others, their edit and
//     ours merge, or a conflict is recorded. Nothing is overwritten silently.
// The record is plain metadata ("Type/id" → local versionId): no patient data.
//
// The same hole exists inside one run: a delete made while the create is on its way squashes the
// outbox entry to nothing, so the store drops the acknowledgement that follows and the server keeps
// a resource the post deleted. settleDroppedAcks notices it right after markSent and settles the
// landed upload the same way, which leaves a DELETE with If-Match in the outbox.
import type { ResourceType } from '@medplum/fhirtypes';
import type { SentAck } from '../../store/fhir-store';
import type { RemoteVersion } from '../../store/sync-store';
import type { PushItem } from './push-batch';
import { resourceUrl, uploadBody } from './push-batch';
import type { RunContext } from './run-context';
import { callOptions } from './run-context';
import { settleRemote } from './settle-remote';

export const IN_FLIGHT_KEY = 'sync.push.in-flight';

type InFlight = Record<string, string>;

function parse(text: string | undefined): InFlight {
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const out: InFlight = {};
    for (const [key, version] of Object.entries(value)) if (typeof version === 'string') out[key] = version;
    return out;
  } catch {
    return {};
  }
}

const split = (key: string): { resourceType: string; id: string } | undefined => {
  const slash = key.indexOf('/');
  return slash <= 0 ? undefined : { resourceType: key.slice(0, slash), id: key.slice(slash + 1) };
};

/** The entries of a batch that go without If-Match: PUTs with no base, or re-creates. */
export function unconditionalUploads(batch: readonly PushItem[]): InFlight {
  const out: InFlight = {};
  for (const item of batch) {
    const request = item.entry.request;
    if (request?.method === 'PUT' && request.ifMatch === undefined) out[resourceUrl(item.change.resourceType, item.change.id)] = item.change.versionId;
  }
  return out;
}

async function read(ctx: RunContext): Promise<InFlight> {
  return parse(await ctx.store.readSyncState(IN_FLIGHT_KEY));
}

async function write(ctx: RunContext, value: InFlight): Promise<void> {
  await ctx.store.writeSyncState({ [IN_FLIGHT_KEY]: JSON.stringify(value) });
}

/** Before sending: these unconditional uploads are now in flight. */
export async function noteInFlight(ctx: RunContext, uploads: InFlight): Promise<void> {
  if (Object.keys(uploads).length === 0) return;
  await write(ctx, { ...(await read(ctx)), ...uploads });
}

/** After markSent: the acknowledged ones are no longer in doubt. */
export async function clearInFlight(ctx: RunContext, keys: readonly string[]): Promise<void> {
  const current = await read(ctx);
  const left = Object.fromEntries(Object.entries(current).filter(([key]) => !keys.includes(key)));
  if (Object.keys(left).length !== Object.keys(current).length) await write(ctx, left);
}

/**
 * Settles every upload left in doubt by an earlier run (see the file comment). Returns how many
 * were found on the server. Runs at the start of a push, before the outbox is read.
 */
export async function recoverInFlight(ctx: RunContext): Promise<number> {
  const pending = Object.entries(await read(ctx));
  const left = new Map(pending);
  let landed = 0;
  for (const [key, sentVersionId] of pending) {
    ctx.checkCancelled();
    const ref = split(key);
    if (ref === undefined) {
      left.delete(key);
      continue;
    }
    const type = ref.resourceType as ResourceType;
    const info = await ctx.store.versionInfo(type, ref.id);
    // Acknowledged after all (a crash between markSent and this record's update), or settled by
    // a pull: the store knows its server version, nothing is in doubt.
    if (info === undefined || info.serverVersionId !== undefined) {
      left.delete(key);
      continue;
    }
    const found = await ctx.transport.read(ref.resourceType, ref.id, callOptions(ctx));
    if (found.kind !== 'found') {
      // Never landed (or deleted on the server since, which its history will say): the outbox
      // sends the local state as it is.
      left.delete(key);
      continue;
    }
    const sent = (await ctx.store.history(type, ref.id)).find((v) => v.versionId === sentVersionId)?.resource;
    landed += 1;
    await ctx.step({ type: 'conflict', resourceType: ref.resourceType, id: ref.id });
    const lastUpdated = found.resource.meta?.lastUpdated;
    const remote: RemoteVersion = {
      resourceType: ref.resourceType,
      id: ref.id,
      serverVersionId: found.resource.meta?.versionId ?? '',
      ...(lastUpdated === undefined ? {} : { serverLastUpdated: lastUpdated }),
      resource: found.resource,
    };
    ctx.logger.info('an upload whose reply was lost had landed; settling it against the server copy', { resourceType: ref.resourceType, id: ref.id });
    const settled = await settleRemote(ctx, remote, sent === undefined ? {} : { base: sent });
    // A person saving during the merge: try again next run, from the same record.
    if (settled.kind !== 'moved-on') left.delete(key);
    await ctx.step({ type: 'merge-done' });
  }
  if (left.size !== pending.length) await write(ctx, Object.fromEntries(left));
  return landed;
}

/**
 * After markSent: acknowledged unconditional uploads the store could not take (the resource was
 * deleted here while its create travelled) are settled against the version that landed, so the
 * deletion goes to the server. Returns how many.
 */
export async function settleDroppedAcks(ctx: RunContext, batch: readonly PushItem[], acks: readonly SentAck[]): Promise<number> {
  const sent = new Map(batch.filter((item) => item.entry.request?.method === 'PUT' && item.entry.request.ifMatch === undefined).map((item) => [resourceUrl(item.change.resourceType, item.change.id), item.change]));
  let settledCount = 0;
  for (const ack of acks) {
    const change = sent.get(resourceUrl(ack.resourceType, ack.id));
    if (change?.resource === undefined || ack.serverVersionId === undefined) continue;
    const info = await ctx.store.versionInfo(ack.resourceType as ResourceType, ack.id);
    if (info === undefined || info.serverVersionId !== undefined) continue;
    const body = uploadBody(change.resource);
    const remote: RemoteVersion = {
      resourceType: ack.resourceType,
      id: ack.id,
      serverVersionId: ack.serverVersionId,
      ...(ack.serverLastUpdated === undefined ? {} : { serverLastUpdated: ack.serverLastUpdated }),
      resource: { ...body, meta: { ...body.meta, versionId: ack.serverVersionId, ...(ack.serverLastUpdated === undefined ? {} : { lastUpdated: ack.serverLastUpdated }) } },
    };
    ctx.logger.info('a resource changed here while its upload travelled; settling it against the landed version', { resourceType: ack.resourceType, id: ack.id });
    await settleRemote(ctx, remote, { base: change.resource });
    settledCount += 1;
  }
  return settledCount;
}
