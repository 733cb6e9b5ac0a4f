// Push (DESIGN §5): the outbox, in the store's order (referenced resources first), as transaction
// bundles sized by bytes. After each committed transaction the server's versions are written back
// (markSent) before the next one is sent, so a crash loses at most the acknowledgement of one
// transaction — and sending it again is harmless: every entry is a PUT by id or a DELETE, an
// identical PUT is a no-op for the server, and an update that had landed answers 412, which the
// merge settles as local == remote.
//
// What the server says decides what happens to a batch:
//   2xx               acknowledged; the sizer learns how long it took
//   401               the run stops at once (credentials), nothing is retried
//   403               the run stops (permissions): putting every resource on a list would hide the cause
//   412 / 409         split until one entry is left; that one goes through the conflict path
//   413               the sizer shrinks; split; a single entry too large goes to needs attention
//   other 4xx         split until one entry is left; it goes to needs attention with the server's
//                     OperationOutcome, and everything else goes on
//   timeout           the sizer shrinks to a quarter and the batch is sent again in smaller pieces
//   5xx, 429, network the transport already retried (backoff, Retry-After); the run ends as
//                     "failed, retry later" and nothing goes to needs attention for it
// Rounds repeat while a round made progress (merges leave new changes to upload, people keep
// working during a sync), up to a bound.
import type { OutgoingChange } from '../../store/fhir-store';
import type { RemoteVersion } from '../../store/sync-store';
import { TransportError } from '../transport/transport-error';
import type { HistoryFloor } from './history-floor';
import type { PushItem } from './push-batch';
import { batchBytes, bisect, pushItem, resourceUrl, takeBatch, transactionBundle } from './push-batch';
import type { RunContext } from './run-context';
import { callOptions } from './run-context';
import { RunStop } from './run-stop';
import { clearInFlight, noteInFlight, recoverInFlight, settleDroppedAcks, unconditionalUploads } from './in-flight-uploads';
import { settleRemote } from './settle-remote';
import { entryRefused, forbiddenStopped, loginStopped, retryLater } from './sync-outcomes';
import type { TransactionSizer } from './transaction-sizer';
import { transactionAcks } from './transaction-acks';

export interface PushOptions {
  readonly sizer: TransactionSizer;
  readonly maxEntries: number;
  readonly maxRounds: number;
  readonly historyFloor: HistoryFloor;
}

/** A resource that keeps answering 412 is left for the next run after this many tries in one run. */
const MAX_CONFLICTS_PER_RESOURCE = 3;

const keyOf = (change: OutgoingChange): string => resourceUrl(change.resourceType, change.id);

export async function pushPhase(ctx: RunContext, options: PushOptions): Promise<void> {
  await new PushRun(ctx, options).run();
}

class PushRun {
  /** Resources to upload without If-Match: the server deleted them (or never had them) and the local body stays. */
  private readonly recreate = new Set<string>();
  private readonly conflictTries = new Map<string, number>();
  /** Needs-attention items by resource, with the refused local version. */
  private refused = new Map<string, string>();
  private progressed = false;
  private done = 0;
  private total = 0;

  constructor(
    private readonly ctx: RunContext,
    private readonly options: PushOptions,
  ) {}

  async run(): Promise<void> {
    // Uploads an earlier run sent without If-Match and never heard back about: settled against
    // the server's copy before anything is sent again (in-flight-uploads.ts).
    await recoverInFlight(this.ctx);
    for (let round = 1; round <= this.options.maxRounds; round += 1) {
      const items = await this.pushable();
      if (items.length === 0 || (round > 1 && !this.progressed)) break;
      if (round > 1) await this.ctx.step({ type: 'round-done' });
      this.progressed = false;
      this.total += items.length;
      this.progress();
      let queue = items;
      while (queue.length > 0) {
        this.ctx.checkCancelled();
        const batch = takeBatch(queue, this.options.sizer.targetBytes, this.options.maxEntries);
        queue = queue.slice(batch.length);
        await this.send(batch);
      }
    }
    await this.ctx.step({ type: 'outbox-done' });
  }

  /** The outbox minus what waits on a person: conflicts, and refused versions nobody has edited since. */
  private async pushable(): Promise<PushItem[]> {
    const { store } = this.ctx;
    const [pending, conflicts, attention] = await Promise.all([store.pendingChanges(), store.conflicts(), store.attention()]);
    const inConflict = new Set(conflicts.map((c) => resourceUrl(c.resourceType, c.id)));
    this.refused = new Map(attention.map((a) => [resourceUrl(a.resourceType, a.id), a.versionId]));
    return pending
      .filter((change) => {
        const key = keyOf(change);
        return !inConflict.has(key) && this.refused.get(key) !== change.versionId && (this.conflictTries.get(key) ?? 0) < MAX_CONFLICTS_PER_RESOURCE;
      })
      .map((change) => pushItem(change, { recreate: this.recreate.has(keyOf(change)) }));
  }

  private async send(batch: readonly PushItem[]): Promise<void> {
    const bytes = batchBytes(batch);
    await this.ctx.step({ type: 'batch-ready', entries: batch.length, bytes });
    await noteInFlight(this.ctx, unconditionalUploads(batch));
    const started = this.ctx.clock.now().getTime();
    let reply;
    try {
      reply = await this.ctx.transport.transaction(transactionBundle(batch), callOptions(this.ctx));
    } catch (err) {
      await this.refusedBatch(batch, bytes, err);
      return;
    }
    const ms = this.ctx.clock.now().getTime() - started;
    this.options.sizer.succeeded(bytes, ms);
    await this.ctx.step({ type: 'committed', entries: batch.length });
    const { acks, unacknowledged, instants } = transactionAcks(batch, reply);
    await this.ctx.store.markSent(acks);
    if ((await settleDroppedAcks(this.ctx, batch, acks)) > 0) this.progressed = true;
    await clearInFlight(
      this.ctx,
      acks.map((ack) => resourceUrl(ack.resourceType, ack.id)),
    );
    for (const ack of acks) {
      const key = resourceUrl(ack.resourceType, ack.id);
      if (this.refused.has(key)) {
        // An edited version of a refused resource was accepted: the old refusal is moot.
        await this.ctx.store.removeAttention(ack.resourceType, ack.id);
        this.refused.delete(key);
      }
      this.recreate.delete(key);
    }
    await this.options.historyFloor.noteUpload(instants);
    if (unacknowledged.length > 0) {
      this.ctx.logger.warn('transaction committed with entries not acknowledged; they stay in the outbox', { entries: unacknowledged.length });
    }
    this.ctx.tally.pushed += acks.length;
    this.ctx.tally.transactions += 1;
    this.done += acks.length;
    this.progressed = this.progressed || acks.length > 0;
    this.ctx.logger.info('transaction committed', { entries: batch.length, bytes, ms, target: this.options.sizer.targetBytes });
    this.progress();
    await this.ctx.step({ type: 'acks-recorded' });
  }

  private async refusedBatch(batch: readonly PushItem[], bytes: number, err: unknown): Promise<void> {
    if (!(err instanceof TransportError)) throw err;
    const code = err.outcome.issue[0]?.code;
    const status = err.status;
    if (code === 'login') throw new RunStop('login-required', loginStopped(err.outcome));
    if (status === 403) throw new RunStop('forbidden', forbiddenStopped(err.outcome));
    if (code === 'incomplete') throw err;
    const single = batch.length === 1 ? batch[0] : undefined;
    if (code === 'timeout' && single === undefined) {
      const before = this.options.sizer.targetBytes;
      this.options.sizer.timedOut();
      if (this.options.sizer.targetBytes < before) {
        this.ctx.logger.warn('transaction timed out; sending it in smaller pieces', { entries: batch.length, bytes, target: this.options.sizer.targetBytes });
        await this.resend(batch);
        return;
      }
    }
    const refusal = status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
    if (!refusal) throw new RunStop('failed', retryLater(err.outcome), err.retryAfterMs);
    if (status === 413) this.options.sizer.tooLarge(bytes);
    if (single === undefined) {
      this.ctx.logger.info('transaction refused; splitting it to isolate the cause', { entries: batch.length, status });
      const [left, right] = bisect(batch);
      await this.send(left);
      await this.send(right);
      return;
    }
    if (status === 412 || status === 409) await this.conflict(single, err);
    else await this.attention(single, err);
  }

  /** The same items again, in batches of the (smaller) current target. */
  private async resend(items: readonly PushItem[]): Promise<void> {
    let queue = [...items];
    while (queue.length > 0) {
      const batch = takeBatch(queue, this.options.sizer.targetBytes, this.options.maxEntries);
      queue = queue.slice(batch.length);
      await this.send(batch);
    }
  }

  private async attention(item: PushItem, err: TransportError): Promise<void> {
    const { resourceType, id, versionId } = item.change;
    await this.ctx.step({ type: 'entry-refused', resourceType, id });
    const outcome = entryRefused(resourceType, err.outcome);
    await this.ctx.store.putAttention({ resourceType, id, versionId, outcome, recorded: this.ctx.clock.now().toISOString() });
    this.refused.set(resourceUrl(resourceType, id), versionId);
    this.ctx.tally.attention += 1;
    this.ctx.logger.warn('resource refused by the server; put on the needs-attention list', { resourceType, id, status: err.status });
    this.ctx.emit({ type: 'issue', outcome, resourceType, id });
    await this.ctx.step({ type: 'attention-recorded' });
  }

  /** 412/409 on one entry: what does the server hold now? */
  private async conflict(item: PushItem, err: TransportError): Promise<void> {
    const change = item.change;
    const { resourceType, id } = change;
    const key = keyOf(change);
    this.conflictTries.set(key, (this.conflictTries.get(key) ?? 0) + 1);
    await this.ctx.step({ type: 'conflict', resourceType, id });
    const read = await this.ctx.transport.read(resourceType, id, callOptions(this.ctx));
    if (read.kind === 'found') {
      const serverVersionId = read.resource.meta?.versionId;
      if (serverVersionId !== undefined && serverVersionId === change.baseServerVersionId) {
        // The server still holds our base: the refusal is about something else (a server that
        // answers 409 to a delete of a referenced resource, say). A person has to look.
        await this.attention(item, err);
        return;
      }
      const lastUpdated = read.resource.meta?.lastUpdated;
      const remote: RemoteVersion = {
        resourceType,
        id,
        serverVersionId: serverVersionId ?? '',
        ...(lastUpdated === undefined ? {} : { serverLastUpdated: lastUpdated }),
        resource: read.resource,
      };
      const settled = await settleRemote(this.ctx, remote);
      this.progressed = this.progressed || settled.kind === 'rebased';
    } else if (change.op === 'delete') {
      // Gone already: the delete goes again and the server answers it as done.
      this.progressed = true;
    } else {
      const base = await this.ctx.store.syncBase(resourceType, id);
      if (read.kind === 'not-found' || base === undefined) {
        // Never on the server, or deleted there from a version that was itself a deletion here
        // (the person chose to keep the local body): upload it as new.
        this.recreate.add(key);
        this.progressed = true;
      } else {
        // Deleted on the server after our base. A read does not say which version the deletion
        // made; the base version stands in for it (the deletes pull later records the real one).
        const remote: RemoteVersion = { resourceType, id, serverVersionId: change.baseServerVersionId ?? '' };
        const settled = await settleRemote(this.ctx, remote);
        this.progressed = this.progressed || settled.kind === 'rebased';
      }
    }
    await this.ctx.step({ type: 'merge-done' });
  }

  private progress(): void {
    this.ctx.emit({ type: 'progress', phase: 'push', done: this.done, total: Math.max(this.total, this.done) });
  }
}
