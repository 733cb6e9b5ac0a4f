// The IndexedDB backend (DESIGN §4). Writes happen in two steps because an IndexedDB transaction
// commits by itself as soon as it waits on anything but IndexedDB (WebCrypto included):
//   1. outside any transaction: read the current versions, plan, seal the bodies and hash the
//      index entries;
//   2. one read-write transaction: check the versions are still the ones planned against, then
//      write the rows, move superseded bodies to history and squash the change log — all or
//      nothing. If another write got in between, start again (optimistic concurrency).
// Searches turn criteria into hashed index lookups (candidate-plan.ts), open the candidates and
// leave the exact matching to the shared engine.
import { Dexie, type Table } from 'dexie';
import type { Resource } from '@medplum/fhirtypes';
import { OutcomeError } from '../../fhir/outcome';
import { acknowledge, squashChange } from '../changes/squash-change';
import type { HistoryEntry, PendingChange, SentAck, StoreStats, VersionInfo } from '../fhir-store';
import { isExact, planCriteria, type CandidatePlan } from '../search/candidate-plan';
import { COMPARTMENT_DOMAIN, indexKeys, type IndexKey } from '../search/index-keys';
import type { Criterion } from '../search/search-query';
import { decodePosition, encodePosition, fromBase64Url, toBase64Url, type CursorCodec } from '../search/search-cursor';
import type { CurrentResource, OutboxItem, StoreBackend } from '../store-backend';
import type { KeyRecord } from '../crypto/key-record';
import type { StoreCipher } from '../store-cipher';
import { concurrentWrites, invalidSearch, storageFailure, unknownVersion } from '../store-errors';
import { planWrites, requestKey, type CurrentState, type PlannedWrite, type WriteRequest } from '../write/write-plan';
import { bodyAad, type ChangeRow, type MetaRow, type ResourceRow, type VersionRow } from './rows';

export interface StoreDatabase extends Dexie {
  resources: Table<ResourceRow, string>;
  history: Table<VersionRow, [string, number]>;
  changes: Table<ChangeRow, string>;
  meta: Table<MetaRow, string>;
  keys: Table<KeyRecord, string>;
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
  return {
    versionId: row.versionId,
    deleted: row.deleted === 1,
    lastUpdated: row.lastUpdated,
    ...(row.serverVersionId === undefined ? {} : { serverVersionId: row.serverVersionId }),
  };
}

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
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const rows = await this.db.resources.bulkGet(keys);
      const current = new Map<string, CurrentState>();
      rows.forEach((row) => {
        if (row !== undefined) current.set(row.key, stateOf(row));
      });
      const plans = planWrites(requests, current, now);
      if (plans.length === 0) return plans;
      const prepared = await this.prepare(plans);
      try {
        await this.commit(prepared);
        return plans;
      } catch (err) {
        if (err instanceof StaleRead) continue;
        throw toStorageError(err);
      }
    }
    throw concurrentWrites(MAX_ATTEMPTS);
  }

  private commit(prepared: readonly Prepared[]): Promise<void> {
    const { db } = this;
    return db.transaction('rw', [db.resources, db.history, db.changes, db.meta], async () => {
      const keys = prepared.map((p) => p.plan.key);
      const [fresh, changes, seqRow] = await Promise.all([db.resources.bulkGet(keys), db.changes.bulkGet(keys), db.meta.get(CHANGE_SEQ)]);
      let seq = seqRow?.value ?? 0;
      const superseded: VersionRow[] = [];
      const rows: ResourceRow[] = [];
      const keep: ChangeRow[] = [];
      const drop: string[] = [];
      prepared.forEach(({ plan, body, idx }, i) => {
        const before = fresh[i];
        if (before?.versionId !== plan.base?.versionId || (before?.deleted === 1) !== (plan.base?.deleted ?? false)) throw new StaleRead();
        if (before !== undefined) {
          superseded.push({
            key: before.key,
            versionId: before.versionId,
            lastUpdated: before.lastUpdated,
            deleted: before.deleted,
            body: before.body,
            ...(before.serverVersionId === undefined ? {} : { serverVersionId: before.serverVersionId }),
          });
        }
        const serverVersionId = before?.serverVersionId;
        const deleted = plan.resource === undefined;
        rows.push({
          key: plan.key,
          resourceType: plan.resourceType,
          id: plan.id,
          versionId: plan.versionId,
          lastUpdated: plan.lastUpdated,
          deleted: deleted ? 1 : 0,
          body,
          idx,
          ...(serverVersionId === undefined ? {} : { serverVersionId }),
        });
        const change = squashChange(
          changes[i],
          { resourceType: plan.resourceType, id: plan.id, versionId: plan.versionId, deleted, ...(serverVersionId === undefined ? {} : { serverVersionId }) },
          () => ++seq,
        );
        if (change === undefined) drop.push(plan.key);
        else keep.push({ ...change, key: plan.key });
      });
      const writes: Promise<unknown>[] = [db.resources.bulkPut(rows), db.meta.put({ key: CHANGE_SEQ, value: seq })];
      if (superseded.length > 0) writes.push(db.history.bulkPut(superseded));
      if (keep.length > 0) writes.push(db.changes.bulkPut(keep));
      if (drop.length > 0) writes.push(db.changes.bulkDelete(drop));
      await Promise.all(writes);
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
      await db.transaction('rw', [db.resources, db.changes], async () => {
        for (const ack of acks) {
          const key = `${ack.resourceType}/${ack.id}`;
          const [change, row] = await Promise.all([db.changes.get(key), db.resources.get(key)]);
          if (change === undefined || row === undefined) continue;
          if (!/^\d+$/.test(ack.versionId) || Number(ack.versionId) > row.versionId) throw unknownVersion(key, ack.versionId);
          const result = acknowledge(pendingOf(change), { versionId: row.versionId, deleted: row.deleted === 1 }, ack);
          await db.resources.put(withServerVersion(row, result.serverVersionId));
          if (result.change === undefined) await db.changes.delete(key);
          else await db.changes.put({ ...result.change, key });
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

function withServerVersion(row: ResourceRow, serverVersionId: string | undefined): ResourceRow {
  const next: { -readonly [K in keyof ResourceRow]?: ResourceRow[K] } = { ...row };
  delete next.serverVersionId;
  return (serverVersionId === undefined ? next : { ...next, serverVersionId }) as ResourceRow;
}

/** An ISO instant comparable with stored lastUpdated values, or null past years 0000–9999. */
function isoOrNull(ms: number): string | null {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString();
  return /^\d{4}-/.test(iso) ? iso : null;
}
