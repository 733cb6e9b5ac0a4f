// The IndexedDB schema as numbered migrations (STYLE §9). A migration never changes once it has
// shipped: a new need is a new version with its own upgrade and its own test (test/core/
// store-dexie-migrations.test.ts upgrades a fixture of the previous version).
//
// v1 tables:
//   resources  key "Type/id"; plain metadata (type, id, local versionId, server versionId,
//              lastUpdated, deleted) + sealed body + `idx`, the hashed index entries (multiEntry)
//   history    superseded versions: [key+versionId] → sealed body (moved as is: its AAD names
//              the version, not the row)
//   changes    the outbox, one squashed entry per resource, ordered by `seq`
//   meta       counters (the next change seq)
//   keys       wrapped data-key records, one per local user (crypto/key-record.ts), readable
//              before unlock: they hold no secret in the clear
//
// v2 (SyncStore, sync-store.ts):
//   syncState  sync bookkeeping, key → string value (watermarks): plain, no patient data
//   conflicts  one per resource: type, id, server versionId, time in the clear; the three bodies
//              and the edited paths sealed
//   attention  one per resource: type, id, local versionId, time in the clear; the outcome sealed
//   resources  rows gain `syncedVersionId` (the local version equal to the server version, the
//              merge base) and `serverLastUpdated`; the upgrade sets `syncedVersionId` where v1
//              knew it: a row with a server version and no pending change is that version. Where
//              a change is pending v1 did not record which version the server acknowledged, so
//              the base stays unknown (a later merge records a conflict instead of guessing).
import type { Dexie, Transaction } from 'dexie';
import type { ChangeRow, ResourceRow } from './rows';

export interface Migration {
  readonly version: number;
  /** Dexie store specs: table → "primary key, index, …" (null deletes a table). */
  readonly stores: Readonly<Record<string, string | null>>;
  readonly upgrade?: (tx: Transaction) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    stores: {
      resources: 'key, [deleted+resourceType], [resourceType+lastUpdated], *idx',
      history: '[key+versionId]',
      changes: 'key, seq',
      meta: 'key',
      keys: 'userId',
    },
  },
  {
    version: 2,
    stores: {
      syncState: 'key',
      conflicts: 'key',
      attention: 'key',
    },
    upgrade: markSyncedVersions,
  },
];

async function markSyncedVersions(tx: Transaction): Promise<void> {
  const pending = new Set(await tx.table<ChangeRow, string>('changes').toCollection().primaryKeys());
  await tx
    .table<ResourceRow, string>('resources')
    .filter((row) => row.serverVersionId !== undefined && !pending.has(row.key))
    .modify((row) => {
      (row as { syncedVersionId?: number }).syncedVersionId = row.versionId;
    });
}

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function applyMigrations(db: Dexie, migrations: readonly Migration[] = MIGRATIONS): void {
  for (const m of migrations) {
    const version = db.version(m.version).stores(m.stores);
    if (m.upgrade !== undefined) version.upgrade(m.upgrade);
  }
}
