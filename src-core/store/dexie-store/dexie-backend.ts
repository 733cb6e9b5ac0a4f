// The IndexedDB backend (DESIGN §4). Writes happen in two steps because an IndexedDB transaction
// commits by itself as soon as it waits on anything but IndexedDB (WebCrypto included):
//   1. outside any transaction: read the current versions, plan, seal the bodies and hash the
//      index entries;
//   2. one read-write transaction: check the versions are still the ones planned against, then
//      write the rows, move superseded bodies to history and squash the change log — all or
//      nothing. If another write got in between, start again (optimistic concurrency).
// Sync writes (pulled pages, rebases) follow the same two steps; their commit also refuses to
// run when any state the plan read (versions, sync metadata, outbox entry) changed meanwhile.
// Searches turn criteria into hashed index lookups (candidate-plan.ts), open the candidates and
// leave the exact matching to the shared engine.
import { Dexie, type Table } from 'dexie';
import type { Resource } from '@medplum/fhirtypes';
import { OutcomeError } from '../../fhir/outcome';
import { acknowledge } from '../changes/squash-change';
import type { HistoryEntry, PendingChange, SentAck, StoreStats, VersionInfo } from '../fhir-store';
import { isExact, planCriteria, type CandidatePlan } from '../search/candidate-plan';
import { COMPARTMENT_DOMAIN, indexKeys, type IndexKey } from '../search/index-keys';
import type { Criterion } from '../search/search-query';
import { decodePosition, encodePosition, fromBase64Url, toBase64Url, type CursorCodec } from '../search/search-cursor';
import type { CurrentResource, OutboxItem, StoreBackend } from '../store-backend';
import type { KeyRecord } from '../crypto/key-record';
import type { StoreCipher } from '../store-cipher';
import { concurrentWrites, invalidSearch, storageFailure, unknownVersion } from '../store-errors';
import type { AttentionItem, SyncConflict } from '../sync-store';
import { byRecorded } from '../write/check-sync-record';
import {
  changeAfterWrite,
  inSyncWith,
  metaAfterWrite,
  stillCurrent,
  syncMetaOf,
  writesOf,
  type PlannedMark,
  type SyncCommit,
  type SyncMeta,
  type SyncPlanner,
  type SyncState,
} from '../write/sync-commit';
import { planWrites, requestKey, type CurrentState, type PlannedWrite, type WriteRequest } from '../write/write-plan';
import {
  attentionAad,
  bodyAad,
  conflictAad,
  type AttentionRow,
  type ChangeRow,
  type ConflictRow,
  type MetaRow,
  type ResourceRow,
  type SyncStateRow,
  type VersionRow,
} from './rows';

export interface StoreDatabase extends Dexie {
  resources: Table<ResourceRow, string>;
  history: Table<VersionRow, [string, number]>;
  changes: Table<ChangeRow, string>;
  meta: Table<MetaRow, string>;
  keys: Table<KeyRecord, string>;
  syncState: Table<SyncStateRow, string>;
  conflicts: Table<ConflictRow, string>;
  attention: Table<AttentionRow, string>;
}

const MAX_ATTEMPTS = 5;
const CHANGE_SEQ = 'changeSeq';
const CURSOR_AAD = 'search-cursor';
const SESSION_CHECK = 'store.session';

/** Thrown inside a commit when a row changed after it was read: the write is planned again. */
class StaleRead extends Error {}

interface Prepared {
  readonly plan: PlannedWrite;
  readonly body: Uint8Array | null;
  readonly idx: string[];
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

function stateOf(row: ResourceRow): CurrentState {
  return { versionId: row.versionId, deleted: row.deleted === 1, lastUpdated: row.lastUpdated, ...syncMetaOf(row) };
}

function syncStateOf(row: ResourceRow | undefined, change: ChangeRow | undefined): SyncState | undefined {
  return row === undefined ? undefined : { ...stateOf(row), pending: change !== undefined };
}

/** `row` with exactly the sync metadata `meta` (none of the old kept). */
function withSyncMeta(row: ResourceRow, meta: SyncMeta): ResourceRow {
  const next: { -readonly [K in keyof ResourceRow]?: ResourceRow[K] } = { ...row };
  delete next.serverVersionId;
  delete next.syncedVersionId;
  delete next.serverLastUpdated;
  delete next.serverDeleted;
  return { ...(next as ResourceRow), ...meta };
}

function versionRowOf(row: ResourceRow): VersionRow {
  return {
    key: row.key,
    versionId: row.versionId,
    lastUpdated: row.lastUpdated,
    deleted: row.deleted,
    body: row.body,
    ...(row.serverVersionId === undefined ? {} : { serverVersionId: row.serverVersionId }),
  };
}

/** A commit step with its bodies sealed and index entries hashed. */
type PreparedStep = { readonly write: Prepared } | { readonly mark: PlannedMark };

/** What a sync commit adds to a local one (which checks only the versions it planned against). */
type SyncExtras = Pick<SyncCommit<unknown>, 'expected' | 'state' | 'settled'>;

function infoOf(row: ResourceRow | VersionRow, resourceType: string, id: string): VersionInfo {
  return {
    resourceType,
    id,
    versionId: String(row.versionId),
    lastUpdated: row.lastUpdated,
    deleted: row.deleted === 1,
    ...(row.serverVersionId === undefined ? {} : { serverVersionId: row.serverVersionId }),
  };
}

/** Plans that touch the hashed index least come first: they cut the candidate set soonest. */
const PLAN_ORDER: Record<CandidatePlan['kind'], number> = { ids: 0, keys: 1, lastUpdated: 2, any: 3 };

function toStorageError(err: unknown): unknown {
  if (err instanceof OutcomeError || err instanceof StaleRead) return err;
  if (!(err instanceof Error)) return err;
  // Dexie wraps the cause of an aborted transaction (a QuotaExceededError, say) as `inner`.
  const inner = (err as { inner?: unknown }).inner;
  if (inner instanceof OutcomeError) return inner;
  const cause = inner instanceof Error || inner instanceof DOMException ? inner : undefined;
  return storageFailure(cause === undefined ? err.name : cause.name, cause === undefined ? err.message : `${err.name}: ${cause.message}`);
}

export class DexieBackend implements StoreBackend {
  readonly cursors: CursorCodec;

  constructor(
    private readonly db: StoreDatabase,
    private readonly cipher: StoreCipher,
  ) {
    this.cursors = {
      encode: async (position) => toBase64Url(await cipher.seal(encodePosition(position), CURSOR_AAD)),
      decode: async (text) => {
        let plain: Uint8Array;
        try {
          plain = await cipher.open(fromBase64Url(text), CURSOR_AAD);
        } catch {
          throw invalidSearch('_cursor is not a cursor from this store');
        }
        return decodePosition(plain);
      },
    };
  }

  /**
   * Rejects (with the cipher's own outcome) when the session is locked. Most operations fail
   * anyway when they seal, open or hash; this also stops the ones that touch only plain metadata
   * (a delete writes a tombstone, stats count rows), so a locked store does nothing at all.
   */
  private async unlocked(): Promise<void> {
    await this.cipher.token(SESSION_CHECK, 'unlocked');
  }

  // ---- reading -------------------------------------------------------------------------------

  private async open(row: ResourceRow | VersionRow, body: Uint8Array): Promise<Resource> {
    const plain = await this.cipher.open(body, bodyAad(row.key, row.versionId));
    return JSON.parse(utf8Decoder.decode(plain)) as Resource;
  }

  private openLive(rows: readonly (ResourceRow | undefined)[], resourceType?: string): Promise<Resource[]> {
    const live = rows.filter(
      (r): r is ResourceRow & { body: Uint8Array } =>
        r !== undefined && r.body !== null && r.deleted === 0 && (resourceType === undefined || r.resourceType === resourceType),
    );
    return Promise.all(live.map((r) => this.open(r, r.body)));
  }

  async readCurrent(key: string): Promise<CurrentResource | undefined> {
    await this.unlocked();
    const row = await this.db.resources.get(key);
    if (row === undefined) return undefined;
    const info = infoOf(row, row.resourceType, row.id);
    return row.body === null ? { info } : { info, resource: await this.open(row, row.body) };
  }

  async readHistory(key: string): Promise<HistoryEntry[]> {
    await this.unlocked();
    const [current, older] = await this.db.transaction('r', [this.db.resources, this.db.history], () =>
      Promise.all([
        this.db.resources.get(key),
        this.db.history.where('[key+versionId]').between([key, Dexie.minKey], [key, Dexie.maxKey]).toArray(),
      ]),
    );
    if (current === undefined) return [];
    const versions: (ResourceRow | VersionRow)[] = [current, ...older.sort((a, b) => b.versionId - a.versionId)];
    return Promise.all(
      versions.map(async (v) => {
        const info = infoOf(v, current.resourceType, current.id);
        return v.body === null ? info : { ...info, resource: await this.open(v, v.body) };
      }),
    );
  }

  /** Hashes each distinct (domain, value) once, one `tokens` call per domain. */
  private async tokenMap(keys: readonly IndexKey[]): Promise<Map<string, string>> {
    const byDomain = new Map<string, Set<string>>();
    for (const k of keys) {
      const values = byDomain.get(k.domain);
      if (values === undefined) byDomain.set(k.domain, new Set([k.value]));
      else values.add(k.value);
    }
    const map = new Map<string, string>();
    await Promise.all(
      [...byDomain].map(async ([domain, values]) => {
        const list = [...values];
        const hashed = await this.cipher.tokens(domain, list);
        list.forEach((value, i) => map.set(`${domain}\u0000${value}`, hashed[i] ?? ''));
      }),
    );
    return map;
  }

  private async tokensFor(keys: readonly IndexKey[]): Promise<string[]> {
    const map = await this.tokenMap(keys);
    return [...new Set(keys.map((k) => map.get(`${k.domain}\u0000${k.value}`) ?? ''))];
  }

  private async keysFor(resourceType: string, plan: CandidatePlan): Promise<string[] | undefined> {
    switch (plan.kind) {
      case 'ids':
        return plan.ids.map((id) => `${resourceType}/${id}`);
      case 'keys': {
        const tokens = await this.tokensFor(plan.keys);
        // One exact-key lookup per token, all in one read transaction: IndexedDB answers each from
        // the index directly, where a single anyOf cursor would step from key to key. A resource
        // with several matching entries comes back once per entry.
        const { resources } = this.db;
        const found = await this.db.transaction('r', resources, () =>
          Promise.all(tokens.map((t) => resources.where('idx').equals(t).primaryKeys())),
        );
        return [...new Set(found.flat())];
      }
      case 'lastUpdated': {
        const lo = Number.isFinite(plan.window.start) ? isoOrNull(plan.window.start) : null;
        const hi = Number.isFinite(plan.window.end) ? isoOrNull(plan.window.end) : null;
        return this.db.resources
          .where('[resourceType+lastUpdated]')
          .between([resourceType, lo ?? Dexie.minKey], [resourceType, hi ?? Dexie.maxKey], true, hi === null)
          .primaryKeys();
      }
      case 'any':
        return undefined;
    }
  }

  /** Row keys narrowed by every plan that can narrow; undefined when none can. */
  private async narrow(resourceType: string, plans: readonly CandidatePlan[]): Promise<Set<string> | undefined> {
    let keys: Set<string> | undefined;
    for (const plan of [...plans].sort((a, b) => PLAN_ORDER[a.kind] - PLAN_ORDER[b.kind])) {
      const found = await this.keysFor(resourceType, plan);
      if (found === undefined) continue;
      const previous = keys;
      keys = new Set(previous === undefined ? found : found.filter((k) => previous.has(k)));
      if (keys.size === 0) break;
    }
    return keys;
  }

  async candidates(resourceType: string, criteria: readonly Criterion[]): Promise<Resource[]> {
    await this.unlocked();
    const keys = await this.narrow(resourceType, planCriteria(criteria));
    if (keys === undefined) {
      const rows = await this.db.resources.where('[deleted+resourceType]').equals([0, resourceType]).toArray();
      return this.openLive(rows);
    }
    if (keys.size === 0) return [];
    return this.openLive(await this.db.resources.bulkGet([...keys]), resourceType);
  }

  async exactMatches(resourceType: string, criteria: readonly Criterion[]): Promise<string[] | undefined> {
    await this.unlocked();
    const plans = planCriteria(criteria);
    if (!isExact(plans)) return undefined;
    // Tombstones carry no index entries, so whatever the index returns is live.
    const keys =
      (await this.narrow(resourceType, plans)) ??
      new Set(await this.db.resources.where('[deleted+resourceType]').equals([0, resourceType]).primaryKeys());
    const prefix = `${resourceType}/`;
    return [...keys].map((k) => k.slice(prefix.length));
  }

  async readMany(keys: readonly string[]): Promise<Resource[]> {
    await this.unlocked();
    if (keys.length === 0) return [];
    return this.openLive(await this.db.resources.bulkGet([...keys]));
  }

  async compartmentCandidates(patientRef: string): Promise<Resource[]> {
    const token = await this.cipher.token(COMPARTMENT_DOMAIN, patientRef);
    return this.openLive(await this.db.resources.where('idx').equals(token).toArray());
  }

  // ---- writing -------------------------------------------------------------------------------

  private async prepare(plans: readonly PlannedWrite[]): Promise<Prepared[]> {
    const keysPerPlan = plans.map((p) => (p.resource === undefined ? [] : indexKeys(p.resource)));
    const [bodies, tokens] = await Promise.all([
      Promise.all(
        plans.map((p) =>
          p.resource === undefined
            ? Promise.resolve(null)
            : this.cipher.seal(utf8Encoder.encode(JSON.stringify(p.resource)), bodyAad(p.key, p.versionId)),
        ),
      ),
      this.tokenMap(keysPerPlan.flat()),
    ]);
    return plans.map((plan, i) => ({
      plan,
      body: bodies[i] ?? null,
      idx: [...new Set((keysPerPlan[i] ?? []).map((k) => tokens.get(`${k.domain}\u0000${k.value}`) ?? ''))],
    }));
  }

  async write(requests: readonly WriteRequest[], now: string): Promise<PlannedWrite[]> {
    await this.unlocked();
    const keys = [...new Set(requests.map(requestKey))];
    // Creates under ids just assigned here have no rows to read: planned against "none" straight
    // away (one IndexedDB transaction fewer per create or imported bundle). The commit checks that
    // state like any other; should it be wrong, the next attempt reads.
    const allFresh = requests.every((r) => r.kind === 'put' && r.fresh === true);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const rows = allFresh && attempt === 1 ? [] : await this.db.resources.bulkGet(keys);
      const current = new Map<string, CurrentState>();
      rows.forEach((row) => {
        if (row !== undefined) current.set(row.key, stateOf(row));
      });
      const plans = planWrites(requests, current, now);
      if (plans.length === 0) return plans;
      const prepared = await this.prepare(plans);
      try {
        await this.commit(prepared.map((write) => ({ write })));
        return plans;
      } catch (err) {
        if (err instanceof StaleRead) continue;
        throw toStorageError(err);
      }
    }
    throw concurrentWrites(MAX_ATTEMPTS);
  }

  async syncWrite<R>(keys: readonly string[], plan: SyncPlanner<R>): Promise<R> {
    await this.unlocked();
    const { db } = this;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [rows, changes] = await db.transaction('r', [db.resources, db.changes], () =>
        Promise.all([db.resources.bulkGet([...keys]), db.changes.bulkGet([...keys])]),
      );
      const states = new Map<string, SyncState>();
      keys.forEach((key, i) => {
        const state = syncStateOf(rows[i], changes[i]);
        if (state !== undefined) states.set(key, state);
      });
      const commit = plan(states);
      const prepared = await this.prepare(writesOf(commit.steps));
      let next = 0;
      const steps = commit.steps.map((step): PreparedStep => ('write' in step ? { write: prepared[next++] as Prepared } : step));
      try {
        await this.commit(steps, commit);
        return commit.result;
      } catch (err) {
        if (err instanceof StaleRead) continue;
        throw toStorageError(err);
      }
    }
    throw concurrentWrites(MAX_ATTEMPTS);
  }

  /**
   * Writes the prepared versions in order (several of one resource chain), moving each superseded
   * version to history and keeping the outbox squashed; with `sync`, also its marks, sync state
   * and settled conflicts, after checking every state it was planned against. All or nothing.
   */
  private commit(steps: readonly PreparedStep[], sync?: SyncExtras): Promise<void> {
    const { db } = this;
    const tables = [db.resources, db.history, db.changes, db.meta, ...(sync === undefined ? [] : [db.syncState, db.conflicts])];
    return db.transaction('rw', tables, async () => {
      const keys = [...new Set([...steps.map((step) => ('write' in step ? step.write.plan.key : step.mark.key)), ...(sync?.expected.keys() ?? [])])];
      const [fresh, freshChanges, seqRow] = await Promise.all([db.resources.bulkGet(keys), db.changes.bulkGet(keys), db.meta.get(CHANGE_SEQ)]);
      const rows = new Map<string, ResourceRow>();
      const changes = new Map<string, ChangeRow>();
      keys.forEach((key, i) => {
        const row = fresh[i];
        const change = freshChanges[i];
        if (row !== undefined) rows.set(key, row);
        if (change !== undefined) changes.set(key, change);
      });
      if (sync !== undefined) {
        if (!stillCurrent(sync.expected, (key) => syncStateOf(rows.get(key), changes.get(key)))) throw new StaleRead();
      } else {
        for (const step of steps) {
          if (!('write' in step)) continue;
          const { plan } = step.write;
          const before = rows.get(plan.key);
          if (before?.versionId !== plan.base?.versionId || (before?.deleted === 1) !== (plan.base?.deleted ?? false)) throw new StaleRead();
        }
      }
      let seq = seqRow?.value ?? 0;
      const superseded: VersionRow[] = [];
      const touched = new Set<string>();
      for (const step of steps) {
        if (!('write' in step)) {
          const { mark } = step;
          const row = rows.get(mark.key);
          if (row?.versionId !== mark.versionId) throw new StaleRead();
          rows.set(mark.key, withSyncMeta(row, inSyncWith(mark.versionId, mark.remote, row.deleted === 1)));
          changes.delete(mark.key);
          touched.add(mark.key);
          continue;
        }
        const { plan, body, idx } = step.write;
        const before = rows.get(plan.key);
        if (before !== undefined) superseded.push(versionRowOf(before));
        const meta = metaAfterWrite(before, plan);
        rows.set(plan.key, {
          key: plan.key,
          resourceType: plan.resourceType,
          id: plan.id,
          versionId: plan.versionId,
          lastUpdated: plan.lastUpdated,
          deleted: plan.resource === undefined ? 1 : 0,
          body,
          idx,
          ...meta,
        });
        const change = changeAfterWrite(changes.get(plan.key), plan, meta, () => ++seq);
        if (change === undefined) changes.delete(plan.key);
        else changes.set(plan.key, { ...change, key: plan.key });
        touched.add(plan.key);
      }
      const keep: ChangeRow[] = [];
      const drop: string[] = [];
      for (const key of touched) {
        const change = changes.get(key);
        if (change === undefined) drop.push(key);
        else keep.push(change);
      }
      const writes: Promise<unknown>[] = [];
      if (touched.size > 0) {
        writes.push(db.resources.bulkPut([...touched].map((key) => rows.get(key) as ResourceRow)), db.meta.put({ key: CHANGE_SEQ, value: seq }));
      }
      if (superseded.length > 0) writes.push(db.history.bulkPut(superseded));
      if (keep.length > 0) writes.push(db.changes.bulkPut(keep));
      if (drop.length > 0) writes.push(db.changes.bulkDelete(drop));
      if (sync !== undefined) {
        if (sync.settled.length > 0) writes.push(db.conflicts.bulkDelete([...sync.settled]));
        // Last, so a failure here (a full disk) still takes everything above back with it.
        const state = Object.entries(sync.state).map(([key, value]) => ({ key, value }));
        if (state.length > 0) writes.push(db.syncState.bulkPut(state));
      }
      // Wait for every request, not just the first to fail: once one fails the rest are aborted,
      // and each rejection is then handled here rather than reported as unhandled.
      const failed = (await Promise.allSettled(writes)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    });
  }

  // ---- outbox --------------------------------------------------------------------------------

  async outbox(): Promise<OutboxItem[]> {
    await this.unlocked();
    const changes = await this.db.changes.orderBy('seq').toArray();
    const rows = await this.db.resources.bulkGet(changes.map((c) => c.key));
    return Promise.all(
      changes.map(async (change, i): Promise<OutboxItem> => {
        const { key } = change;
        const pending = pendingOf(change);
        const row = rows[i];
        if (row?.body != null && row.deleted === 0) return { change: pending, resource: await this.open(row, row.body) };
        const older = await this.db.history.where('[key+versionId]').between([key, Dexie.minKey], [key, Dexie.maxKey]).toArray();
        const last = older.filter((v) => v.body !== null).sort((a, b) => b.versionId - a.versionId)[0];
        return last?.body == null ? { change: pending } : { change: pending, lastBody: await this.open(last, last.body) };
      }),
    );
  }

  async markSent(acks: readonly SentAck[]): Promise<void> {
    await this.unlocked();
    const { db } = this;
    try {
      await db.transaction('rw', [db.resources, db.changes, db.history], async () => {
        for (const ack of acks) {
          const key = `${ack.resourceType}/${ack.id}`;
          const [change, row] = await Promise.all([db.changes.get(key), db.resources.get(key)]);
          if (change === undefined || row === undefined) continue;
          if (!/^\d+$/.test(ack.versionId) || Number(ack.versionId) > row.versionId) throw unknownVersion(key, ack.versionId);
          // An acknowledgement older than the version already in sync is news of the past.
          if (row.syncedVersionId !== undefined && Number(ack.versionId) < row.syncedVersionId) continue;
          const ackedVersion = Number(ack.versionId);
          const acked = ackedVersion === row.versionId ? row : await db.history.get([key, ackedVersion]);
          const current = { versionId: row.versionId, deleted: row.deleted === 1 };
          const { change: next, ...meta } = acknowledge(pendingOf(change), current, ack, acked?.deleted === 1);
          await db.resources.put(withSyncMeta(row, meta));
          if (next === undefined) await db.changes.delete(key);
          else await db.changes.put({ ...next, key });
        }
      });
    } catch (err) {
      throw toStorageError(err);
    }
  }

  async stats(): Promise<StoreStats> {
    await this.unlocked();
    const { db } = this;
    return db.transaction('r', [db.resources, db.history, db.changes], async () => {
      const [all, deleted, older, pendingChanges] = await Promise.all([
        db.resources.count(),
        db.resources.where('[deleted+resourceType]').between([1, Dexie.minKey], [1, Dexie.maxKey]).count(),
        db.history.count(),
        db.changes.count(),
      ]);
      return { resources: all - deleted, deleted, versions: all + older, pendingChanges };
    });
  }

  // ---- sync records --------------------------------------------------------------------------

  async syncBase(key: string): Promise<Resource | undefined> {
    await this.unlocked();
    const { db } = this;
    const version = await db.transaction('r', [db.resources, db.history], async () => {
      const row = await db.resources.get(key);
      const synced = row?.syncedVersionId;
      if (row === undefined || synced === undefined) return undefined;
      return row.versionId === synced ? row : db.history.get([key, synced]);
    });
    return version?.body == null ? undefined : this.open(version, version.body);
  }

  async readSyncState(key: string): Promise<string | undefined> {
    await this.unlocked();
    return (await this.db.syncState.get(key))?.value;
  }

  private async sealJson(value: unknown, aad: string): Promise<Uint8Array> {
    return this.cipher.seal(utf8Encoder.encode(JSON.stringify(value)), aad);
  }

  private async openJson<T>(sealed: Uint8Array, aad: string): Promise<T> {
    return JSON.parse(utf8Decoder.decode(await this.cipher.open(sealed, aad))) as T;
  }

  async putConflict(conflict: SyncConflict): Promise<void> {
    await this.unlocked();
    const { base, local, remote, paths, ...plain } = conflict;
    const meta = { key: `${plain.resourceType}/${plain.id}`, resourceType: plain.resourceType, id: plain.id, remoteVersionId: plain.remoteVersionId, recorded: plain.recorded };
    const sealed = await this.sealJson({ base, local, remote, paths }, conflictAad(meta));
    await this.put(this.db.conflicts, { ...meta, sealed });
  }

  async conflicts(): Promise<SyncConflict[]> {
    await this.unlocked();
    const rows = await this.db.conflicts.toArray();
    const opened = await Promise.all(
      rows.map(async ({ sealed, ...plain }): Promise<SyncConflict> => {
        const { base, local, remote, paths } = await this.openJson<Pick<SyncConflict, 'base' | 'local' | 'remote' | 'paths'>>(sealed, conflictAad(plain));
        return {
          resourceType: plain.resourceType,
          id: plain.id,
          ...(base === undefined ? {} : { base }),
          ...(local === undefined ? {} : { local }),
          ...(remote === undefined ? {} : { remote }),
          remoteVersionId: plain.remoteVersionId,
          paths,
          recorded: plain.recorded,
        };
      }),
    );
    return opened.sort(byRecorded);
  }

  async removeConflict(key: string): Promise<void> {
    await this.unlocked();
    await this.remove(this.db.conflicts, key);
  }

  async putAttention(item: AttentionItem): Promise<void> {
    await this.unlocked();
    const meta = { key: `${item.resourceType}/${item.id}`, resourceType: item.resourceType, id: item.id, versionId: item.versionId, recorded: item.recorded };
    const sealed = await this.sealJson({ outcome: item.outcome }, attentionAad(meta));
    await this.put(this.db.attention, { ...meta, sealed });
  }

  async attention(): Promise<AttentionItem[]> {
    await this.unlocked();
    const rows = await this.db.attention.toArray();
    const opened = await Promise.all(
      rows.map(async ({ sealed, ...meta }): Promise<AttentionItem> => {
        const { outcome } = await this.openJson<Pick<AttentionItem, 'outcome'>>(sealed, attentionAad(meta));
        return { resourceType: meta.resourceType, id: meta.id, versionId: meta.versionId, outcome, recorded: meta.recorded };
      }),
    );
    return opened.sort(byRecorded);
  }

  async removeAttention(key: string): Promise<void> {
    await this.unlocked();
    await this.remove(this.db.attention, key);
  }

  private async put<T>(table: Table<T, string>, row: T): Promise<void> {
    try {
      await table.put(row);
    } catch (err) {
      throw toStorageError(err);
    }
  }

  private async remove<T>(table: Table<T, string>, key: string): Promise<void> {
    try {
      await table.delete(key);
    } catch (err) {
      throw toStorageError(err);
    }
  }
}

function pendingOf(row: ChangeRow): PendingChange {
  return {
    resourceType: row.resourceType,
    id: row.id,
    op: row.op,
    versionId: row.versionId,
    seq: row.seq,
    ...(row.baseServerVersionId === undefined ? {} : { baseServerVersionId: row.baseServerVersionId }),
  };
}


/** An ISO instant comparable with stored lastUpdated values, or null past years 0000–9999. */
function isoOrNull(ms: number): string | null {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString();
  return /^\d{4}-/.test(iso) ? iso : null;
}
