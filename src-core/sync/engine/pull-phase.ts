// Pull (DESIGN §5), per type in the post's scope, in the scope's (dependency) order:
//   1. the total first (`_summary=count`), so progress has a true denominator;
//   2. `_lastUpdated=ge<watermark>&_sort=_lastUpdated&_count=N` plus the scope's parameters,
//      following `next` links. Each page and the new watermark (the page's latest server instant)
//      are written in ONE store transaction (applyRemote), so a crash between pages resumes at the
//      last page written. `ge` re-reads the boundary version, which the store drops as unchanged;
//   3. deletes: `[type]/_history?_since=<history watermark>`; only a DELETE that is the newest
//      change of its resource in that history, of a resource the store holds, is applied (as a
//      tombstone). History comes newest first, so its watermark is written only after the last
//      page: a crash in between reads the same history again, and applying a delete twice finds
//      it unchanged.
// Server versions of resources with a pending local change come back from the store untouched and
// go through the merge/conflict path; versions the local validation refuses go to needs attention.
// Paging that expires on the server (410, or 404 on a next link after a restart) starts the type
// again from its watermark. The next page is read ahead while the current one is written
// (read-ahead.ts).
import type { ResourceType } from '@medplum/fhirtypes';
import type { RemoteVersion, RejectedRemote } from '../../store/sync-store';
import type { QueryParams } from '../transport/fhir-transport';
import { TransportError } from '../transport/transport-error';
import {
  isLater,
  latestInstant,
  queryInstant,
  scanHistoryPage,
  searchVersions,
} from './remote-versions';
import { readAhead } from './read-ahead';
import type { RunContext } from './run-context';
import { callOptions } from './run-context';
import { settleRemote } from './settle-remote';
import type { ScopedType } from './sync-events';
import { remoteRefused } from './sync-outcomes';
import { historyWatermarkKey, searchWatermarkKey } from './sync-state-keys';

export interface PullOptions {
  readonly scope: readonly ScopedType[];
  readonly pageSize: number;
  /** How far before a watermark to ask from (0 for a server whose instants follow its commit order). */
  readonly overlapMs: number;
  /** How many times one type may start again after its paging expired, in one run. */
  readonly maxRestarts: number;
}

/**
 * A needs-attention item for a server version the store refused carries this prefix before the
 * server versionId, where an item for a refused upload carries the local versionId (digits): the
 * two never match, so the push never mistakes one for the other.
 */
export const REMOTE_REFUSAL_PREFIX = 'remote:';

/** Pulls every type; the caller steps the last `type-done` (it knows whether a settle push follows). */
export async function pullPhase(ctx: RunContext, options: PullOptions): Promise<void> {
  for (const [index, scoped] of options.scope.entries()) {
    if (index > 0) await ctx.step({ type: 'type-done', next: 'next-type' });
    await new TypePull(ctx, scoped, options).run();
  }
}

/**
 * Paging that expired on the server: the type starts again from its watermark. `pagesRead` pages
 * had arrived, so with one or more the failed request was a next link (a 404 or 410 there means
 * the server forgot the result set; on the first request it would mean something else).
 */
function isExpiredPaging(err: unknown, pagesRead: number): boolean {
  if (!(err instanceof TransportError)) return false;
  return err.outcome.issue[0]?.code === 'expired' || ((err.status === 404 || err.status === 410) && pagesRead >= 1);
}

class TypePull {
  private readonly resourceType: string;
  private readonly params: QueryParams;
  /** Pages that arrived from the current search or history, to tell an expired next link from a bad first request. */
  private page = 0;
  /** Resources whose needs-attention item is a refused server version (cleared when a newer one lands). */
  private remoteRefusals = new Set<string>();

  constructor(
    private readonly ctx: RunContext,
    scoped: ScopedType,
    private readonly options: PullOptions,
  ) {
    this.resourceType = scoped.resourceType;
    this.params = scoped.params ?? {};
  }

  async run(): Promise<void> {
    await this.ctx.step({ type: 'type-started', resourceType: this.resourceType });
    const attention = await this.ctx.store.attention();
    this.remoteRefusals = new Set(
      attention.filter((a) => a.resourceType === this.resourceType && a.versionId.startsWith(REMOTE_REFUSAL_PREFIX)).map((a) => a.id),
    );
    // Read before the search may set it (history-floor.ts): without a history watermark at the
    // start, everything of this type the store holds comes from this run's search, whose snapshot
    // no deletion can predate, so there is no history to read yet.
    const hadHistory = (await this.ctx.store.readSyncState(historyWatermarkKey(this.resourceType))) !== undefined;
    await this.withRestarts(() => this.search(), 'search');
    if (hadHistory) await this.withRestarts(() => this.deletes(), 'history');
  }

  private async withRestarts(task: () => Promise<void>, what: string): Promise<void> {
    for (let restarts = 0; ; restarts += 1) {
      try {
        await task();
        return;
      } catch (err) {
        if (!isExpiredPaging(err, this.page) || restarts >= this.options.maxRestarts) throw err;
        this.ctx.logger.info('paging expired on the server; starting the type again from its watermark', { resourceType: this.resourceType, what, page: this.page });
        await this.ctx.step({ type: 'restart-type' });
      }
    }
  }

  private async search(): Promise<void> {
    const { ctx, resourceType } = this;
    const key = searchWatermarkKey(resourceType, this.params);
    const historyKey = historyWatermarkKey(resourceType);
    let watermark = await ctx.store.readSyncState(key);
    const needsHistoryFloor = (await ctx.store.readSyncState(historyKey)) === undefined;
    let historyFloor: string | undefined;
    const filter: QueryParams =
      watermark === undefined ? this.params : { ...this.params, _lastUpdated: `ge${queryInstant(watermark, this.options.overlapMs)}` };

    const total = await ctx.transport.count(resourceType, filter, callOptions(ctx));
    await ctx.step({ type: 'counted', total });
    let done = 0;
    this.progress(done, total);

    this.page = 0;
    const pages = readAhead(ctx.transport.searchPages(resourceType, { ...filter, _sort: '_lastUpdated', _count: String(this.options.pageSize) }, callOptions(ctx)));
    for await (const page of pages) {
      this.page += 1;
      const versions = searchVersions(page, resourceType);
      await ctx.step({ type: 'page-received', entries: versions.length });
      const latest = latestInstant(versions.map((v) => v.serverLastUpdated));
      const state: Record<string, string> = {};
      if (latest !== undefined && isLater(latest, watermark)) {
        state[key] = latest;
        watermark = latest;
      }
      const last = !(page.link ?? []).some((l) => l.relation === 'next');
      if (needsHistoryFloor && watermark !== undefined && (historyFloor === undefined || last)) {
        // See history-floor.ts. The first page sets it (a crash later in this search must not
        // lose deletions of what this page brought); the last page of the same snapshot moves it
        // to the snapshot's latest instant, since every deletion of what it holds comes after.
        state[historyKey] = watermark;
        historyFloor = watermark;
      }
      const result = await ctx.store.applyRemote(versions, state);
      ctx.tally.pulled += result.applied;
      ctx.tally.unchanged += result.unchanged;
      await this.clearRefusals(versions, result.pending, result.rejected);
      await this.settle(result.pending);
      await this.refuse(result.rejected);
      done += versions.length;
      this.progress(done, total);
      ctx.logger.debug('page applied', {
        resourceType,
        page: this.page,
        applied: result.applied,
        unchanged: result.unchanged,
        pending: result.pending.length,
        rejected: result.rejected.length,
      });
      await ctx.step({ type: 'page-applied' });
      ctx.checkCancelled();
    }
    await ctx.step({ type: 'pages-done' });
  }

  private async deletes(): Promise<void> {
    const { ctx, resourceType } = this;
    const key = historyWatermarkKey(resourceType);
    const since = await ctx.store.readSyncState(key);
    if (since === undefined) return;
    let newest = since;
    const seen = new Set<string>();
    this.page = 0;
    // `_elements=id`: only the entries' request and response matter here; a server that honours it
    // sends no bodies (one that ignores it sends them, and they are ignored).
    const query: QueryParams = { _count: String(this.options.pageSize), _elements: 'id' };
    const pages = readAhead(ctx.transport.historyPages(resourceType, queryInstant(since, this.options.overlapMs), query, callOptions(ctx)));
    for await (const page of pages) {
      this.page += 1;
      const scan = scanHistoryPage(page, resourceType, seen);
      if (scan.latest !== undefined && isLater(scan.latest, newest)) newest = scan.latest;
      await ctx.step({ type: 'deletes-received', entries: page.entry?.length ?? 0 });
      const held = await this.held(scan.deletes);
      if (held.length > 0) {
        const result = await ctx.store.applyRemote(held);
        ctx.tally.pulled += result.applied;
        ctx.tally.deleted += result.applied;
        ctx.tally.unchanged += result.unchanged;
        await this.settle(result.pending);
        await this.refuse(result.rejected);
        await this.settleAgreedDeletes(held, result.pending, result.rejected);
        ctx.logger.debug('deletes applied', { resourceType, page: this.page, applied: result.applied, pending: result.pending.length });
      }
      await ctx.step({ type: 'deletes-applied' });
      ctx.checkCancelled();
    }
    if (newest !== since) await ctx.store.writeSyncState({ [key]: newest });
  }

  /** The deletions of resources the store has (live, or a tombstone whose delete is not yet in sync). */
  private async held(deletes: readonly RemoteVersion[]): Promise<RemoteVersion[]> {
    const out: RemoteVersion[] = [];
    for (const version of deletes) {
      if ((await this.ctx.store.versionInfo(version.resourceType as ResourceType, version.id)) !== undefined) out.push(version);
    }
    return out;
  }

  /**
   * A server deletion of a resource this post deleted too: the store marks the tombstone in sync
   * (settling the pending delete) without writing a version, so no merge runs and a conflict
   * recorded against an older server version (the post's delete against someone's edit) would
   * stay — and a person resolving it would be shown, and could take, a body the server no longer
   * has. Both sides now agree, so the conflict is settled here.
   */
  private async settleAgreedDeletes(deletes: readonly RemoteVersion[], pending: readonly RemoteVersion[], rejected: readonly RejectedRemote[]): Promise<void> {
    const notLanded = new Set([...pending, ...rejected].map((v) => `${v.resourceType}/${v.id}`));
    for (const version of deletes) {
      const key = `${version.resourceType}/${version.id}`;
      const recorded = this.ctx.conflicts.get(key);
      if (recorded === undefined || recorded === version.serverVersionId || notLanded.has(key)) continue;
      const info = await this.ctx.store.versionInfo(version.resourceType as ResourceType, version.id);
      if (info?.deleted !== true) continue;
      await this.ctx.store.removeConflict(version.resourceType, version.id);
      this.ctx.conflicts.delete(key);
      this.ctx.logger.info('conflict settled: the server deleted the resource too', { resourceType: version.resourceType, id: version.id });
    }
  }

  private async settle(pending: readonly RemoteVersion[]): Promise<void> {
    for (const remote of pending) {
      await this.ctx.step({ type: 'conflict', resourceType: remote.resourceType, id: remote.id });
      const settled = await settleRemote(this.ctx, remote);
      if (settled.kind === 'rebased' && settled.leftover) this.ctx.tally.rebasedInPull += 1;
      await this.ctx.step({ type: 'merge-done' });
    }
  }

  private async refuse(rejected: readonly RejectedRemote[]): Promise<void> {
    for (const r of rejected) {
      const outcome = remoteRefused(r.resourceType, r.outcome);
      await this.ctx.store.putAttention({
        resourceType: r.resourceType,
        id: r.id,
        versionId: `${REMOTE_REFUSAL_PREFIX}${r.serverVersionId}`,
        outcome,
        recorded: this.ctx.clock.now().toISOString(),
      });
      this.remoteRefusals.add(r.id);
      this.ctx.tally.attention += 1;
      this.ctx.logger.warn('server version refused by local validation; put on the needs-attention list', { resourceType: r.resourceType, id: r.id });
      this.ctx.emit({ type: 'issue', outcome, resourceType: r.resourceType, id: r.id });
    }
  }

  /** A newer server version of a resource whose earlier one was refused landed: that refusal is moot. */
  private async clearRefusals(versions: readonly RemoteVersion[], pending: readonly RemoteVersion[], rejected: readonly RejectedRemote[]): Promise<void> {
    if (this.remoteRefusals.size === 0) return;
    const notLanded = new Set([...pending.map((p) => p.id), ...rejected.map((r) => r.id)]);
    for (const version of versions) {
      if (!this.remoteRefusals.has(version.id) || notLanded.has(version.id)) continue;
      await this.ctx.store.removeAttention(version.resourceType, version.id);
      this.remoteRefusals.delete(version.id);
    }
  }

  private progress(done: number, total: number): void {
    this.ctx.emit({ type: 'progress', phase: 'pull', resourceType: this.resourceType, done, total: Math.max(total, done) });
  }
}
