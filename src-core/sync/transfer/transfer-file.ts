// Offline transfer (DESIGN §5): a health post without a link exports its pending changes to a
// password-sealed file on a USB drive; a PC with a link (another post, the district office) pushes
// them to the central server with the same engine path as a live sync. Idempotent by design: the
// changes are PUT/DELETE with the device's ids and If-Match bases, so importing a file twice, or
// importing it and later syncing the post itself, converges on the same server content (a second
// send of an update answers 412 and the merge finds local == remote).
//
// Reading a file checks every change on its own: a malformed or invalid change is reported with
// its OperationOutcome and left out, and the rest still goes.
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { errorOutcome, issue, outcome, OutcomeError } from '../../fhir/outcome';
import type { ResourceValidator } from '../../fhir/validation';
import { hasErrors } from '../../fhir/validation';
import { openSealedFile, readSealedFacts, sealFile, type SealedFacts } from '../../files/sealed-file';
import type { ChangeOperation, OutgoingChange } from '../../store/fhir-store';
import type { SyncStore } from '../../store/sync-store';

export const TRANSFER_KIND = 'TRANSFER';
const CONTENT_FORMAT = 1;
const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const OPS: readonly ChangeOperation[] = ['create', 'update', 'delete'];

/**
 * A pending change as it travels: the change and, for an update or delete, the body of the server
 * version it descends from (the base of a three-way merge if the server moved on meanwhile).
 */
export interface TransferChange extends OutgoingChange {
  readonly base?: Resource;
}

export interface TransferManifest {
  /** The exporting device (its Device id or installation id). */
  readonly device: string;
  /** When the file was made (ISO instant). */
  readonly created: string;
  readonly changes: number;
}

export interface ExportTransferOptions {
  readonly password: string;
  readonly device: string;
  readonly now: Date;
  /** Tests pass a low count to stay fast. */
  readonly iterations?: number;
}

/** The store's pending changes, each with its sync base, in upload order. */
export async function collectTransfer(store: SyncStore): Promise<TransferChange[]> {
  const pending = await store.pendingChanges();
  return Promise.all(
    pending.map(async (change) => {
      if (change.op === 'create') return change;
      const base = await store.syncBase(change.resourceType, change.id);
      return base === undefined ? change : { ...change, base };
    }),
  );
}

export async function exportTransfer(changes: readonly TransferChange[], options: ExportTransferOptions): Promise<Uint8Array<ArrayBuffer>> {
  const manifest: TransferManifest = { device: options.device, created: options.now.toISOString(), changes: changes.length };
  const content = new TextEncoder().encode(JSON.stringify({ format: CONTENT_FORMAT, manifest, changes }));
  const facts: SealedFacts = { ...manifest };
  return sealFile({
    kind: TRANSFER_KIND,
    password: options.password,
    content,
    facts,
    ...(options.iterations === undefined ? {} : { iterations: options.iterations }),
  });
}

/** The manifest, readable without the password (it holds no patient data). */
export function transferManifest(bytes: Uint8Array): TransferManifest {
  const facts = readSealedFacts(TRANSFER_KIND, bytes);
  const { device, created, changes } = facts;
  if (typeof device !== 'string' || typeof created !== 'string' || typeof changes !== 'number') {
    throw new OutcomeError(outcome([issue('structure', 'transfer manifest fields missing', { details: 'El archivo de transferencia está dañado.' })]));
  }
  return { device, created, changes };
}

export interface RefusedChange {
  /** "Type/id" when readable, else "changes[i]". */
  readonly key: string;
  readonly outcome: OperationOutcome;
}

export interface OpenedTransfer {
  readonly manifest: TransferManifest;
  /** Changes that passed every check, in the file's (upload) order. */
  readonly changes: TransferChange[];
  readonly refused: RefusedChange[];
}

function refusal(key: string, diagnostics: string, expression: string): RefusedChange {
  return {
    key,
    outcome: outcome([issue('invalid', diagnostics, { expression: [expression], details: 'Un cambio del archivo no es válido y no se enviará.' })]),
  };
}

function checkBase(key: string, at: string, base: unknown, validator: ResourceValidator): Resource | RefusedChange | undefined {
  if (base === undefined) return undefined;
  if (typeof base !== 'object' || base === null) return refusal(key, `${key}: base is not a resource`, `${at}.base`);
  const body = base as Resource;
  if (`${body.resourceType}/${String(body.id)}` !== key) return refusal(key, `${key}: base is ${body.resourceType}/${String(body.id)}`, `${at}.base`);
  const issues = validator.validate(body);
  return hasErrors(issues) ? { key, outcome: outcome(issues) } : body;
}

function checkChange(value: unknown, index: number, validator: ResourceValidator): TransferChange | RefusedChange {
  const at = `changes[${String(index)}]`;
  if (typeof value !== 'object' || value === null) return refusal(at, `${at} is not an object`, at);
  const c = value as Record<string, unknown>;
  const { resourceType, id, op, versionId, baseServerVersionId, seq, resource, base: baseBody } = c;
  if (typeof resourceType !== 'string' || !TYPE.test(resourceType) || typeof id !== 'string' || !ID.test(id)) {
    return refusal(at, `${at} has no valid resourceType/id`, at);
  }
  const key = `${resourceType}/${id}`;
  if (typeof op !== 'string' || !OPS.includes(op as ChangeOperation)) return refusal(key, `${key}: unknown op`, `${at}.op`);
  if (typeof versionId !== 'string' || !/^\d+$/.test(versionId)) return refusal(key, `${key}: versionId is not a number`, `${at}.versionId`);
  if (typeof seq !== 'number' || !Number.isInteger(seq)) return refusal(key, `${key}: seq is not an integer`, `${at}.seq`);
  if (baseServerVersionId !== undefined && typeof baseServerVersionId !== 'string') return refusal(key, `${key}: base version is not a string`, `${at}.baseServerVersionId`);
  if (op !== 'create' && baseServerVersionId === undefined) return refusal(key, `${key}: ${op} without a base version`, `${at}.baseServerVersionId`);
  if (op === 'create' && baseBody !== undefined) return refusal(key, `${key}: a create has no base`, `${at}.base`);
  const checkedBase = checkBase(key, at, baseBody, validator);
  // (A refusal has no resourceType; a base may well have an `outcome` field: Procedure, Goal…)
  if (checkedBase !== undefined && !('resourceType' in checkedBase)) return checkedBase;
  const change = {
    resourceType,
    id,
    op: op as ChangeOperation,
    versionId,
    seq,
    ...(baseServerVersionId === undefined ? {} : { baseServerVersionId }),
    ...(checkedBase === undefined ? {} : { base: checkedBase }),
  };
  if (op === 'delete') return change;
  if (typeof resource !== 'object' || resource === null) return refusal(key, `${key}: ${op} without a resource`, `${at}.resource`);
  const body = resource as Resource;
  if (body.resourceType !== resourceType || body.id !== id) return refusal(key, `${key}: body is ${body.resourceType}/${String(body.id)}`, `${at}.resource`);
  const issues = validator.validate(body);
  if (hasErrors(issues)) return { key, outcome: outcome(issues) };
  return { ...change, resource: body };
}

/** Opens and checks a transfer file; throws (OutcomeError) only when the file as a whole is unusable. */
export async function openTransfer(bytes: Uint8Array, password: string, validator: ResourceValidator): Promise<OpenedTransfer> {
  const manifest = transferManifest(bytes);
  const { content } = await openSealedFile(TRANSFER_KIND, bytes, password);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(content));
  } catch {
    throw new OutcomeError(errorOutcome('structure', 'transfer content is not JSON'));
  }
  const body = parsed as { format?: unknown; changes?: unknown };
  if (body.format !== CONTENT_FORMAT || !Array.isArray(body.changes)) {
    throw new OutcomeError(outcome([issue('structure', 'transfer content has no changes list', { details: 'El archivo de transferencia está dañado.' })]));
  }
  const changes: TransferChange[] = [];
  const refused: RefusedChange[] = [];
  const seen = new Set<string>();
  (body.changes as unknown[]).forEach((value, i) => {
    const checked = checkChange(value, i, validator);
    if ('outcome' in checked) {
      refused.push(checked);
      return;
    }
    const key = `${checked.resourceType}/${checked.id}`;
    if (seen.has(key)) {
      refused.push(refusal(key, `${key} appears twice`, `changes[${String(i)}]`));
      return;
    }
    seen.add(key);
    changes.push(checked);
  });
  return { manifest, changes, refused };
}
