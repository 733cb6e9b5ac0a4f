// The typed message contract between the UI thread and the sync worker (STYLE §2: the UI reaches
// the engine only through a typed contract). The main thread sends calls, each with an id; the
// worker answers each with one reply `{ ok: true, value } | { ok: false, error }` and, on its own,
// sends the engine's events, the pending-change count while a run moves it, and log lines.
//
// Both sides check every message they receive before acting on it (a message is data from another
// thread, and a bug there must not become a wrong action here): a malformed one is dropped with an
// English log line naming what was wrong — never its content, which may hold patient data.
import { isOperationOutcome } from '../../src-core/fhir/outcome';
import type { IpcReply } from '../../src-core/ipc';
import type { LogLevel } from '../../src-core/platform/logger';
import type { SharedSessionKeys } from '../../src-core/store/crypto';
import type { AttentionItem, SyncConflict } from '../../src-core/store';
import type { AuthConfig, ConflictChoice, LastRunRecord, ScopedType, SyncEvent, SyncRunResult, SyncStatus } from '../../src-core/sync';

export interface SyncWorkerConfig {
  /** The IndexedDB database the session's store lives in; the worker opens its own connection. */
  readonly databaseName: string;
  /** FHIR base URL; null when this installation has none (status and export still work). */
  readonly centralUrl: string | null;
  /** Types to pull, in dependency order, with their scope parameters. */
  readonly scope: readonly ScopedType[];
  readonly auth: AuthConfig;
  /** Between automatic runs. */
  readonly intervalMs: number;
}

/** The engine's status plus what only the worker knows: whether automatic runs are paused. */
export interface WorkerStatus extends SyncStatus {
  readonly serverConfigured: boolean;
  readonly paused?: 'credentials' | 'offline';
}

export interface TransferExport {
  /** The sealed file (transfer-file.ts). */
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly changes: number;
  /** ISO instant written in the file's manifest. */
  readonly created: string;
}

type NoArgs = Readonly<Record<string, never>>;

export interface SyncWorkerCalls {
  /** Opens the store with the session's keys and starts the scheduler (again, if reconfigured). */
  configure: { args: { readonly config: SyncWorkerConfig; readonly keys: SharedSessionKeys }; result: null };
  /** A run now (or right after the one in progress); resolves when it ends. */
  runNow: { args: NoArgs; result: SyncRunResult };
  status: { args: NoArgs; result: WorkerStatus };
  resolveConflict: { args: { readonly resourceType: string; readonly id: string; readonly choice: ConflictChoice }; result: null };
  retryAttention: { args: { readonly resourceType: string; readonly id: string }; result: null };
  /** Pending changes sealed under a password, for a USB drive. */
  exportTransfer: { args: { readonly password: string; readonly device: string }; result: TransferExport };
  /** The window went online or offline (the worker's own events are not reliable). */
  connectivity: { args: { readonly online: boolean }; result: null };
  /** Drops the keys, stops the scheduler (cancelling a run), closes the store. */
  lock: { args: NoArgs; result: null };
}

export type CallName = keyof SyncWorkerCalls;
export type CallArgs<K extends CallName> = SyncWorkerCalls[K]['args'];
export type CallResult<K extends CallName> = SyncWorkerCalls[K]['result'];

export type CallMessage = {
  [K in CallName]: { readonly kind: 'call'; readonly id: number; readonly name: K; readonly args: CallArgs<K> };
}[CallName];

/** A log record from the worker, already redacted by its logger. */
export interface ForwardedLog {
  readonly level: LogLevel;
  readonly module: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export type WorkerMessage =
  | { readonly kind: 'reply'; readonly id: number; readonly reply: IpcReply<unknown> }
  | { readonly kind: 'event'; readonly event: SyncEvent }
  /** The store's pending-change count, sent while a run changes it. */
  | { readonly kind: 'pending'; readonly pendingChanges: number }
  | { readonly kind: 'log'; readonly record: ForwardedLog };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const good = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (reason: string): Parsed<never> => ({ ok: false, reason });

// ---- small shape checks -------------------------------------------------------------------------

type Fields = Record<string, unknown>;
const isRecord = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isId = (v: unknown): v is number => isCount(v);
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const isResourceType = (v: unknown): v is string => isString(v) && RESOURCE_TYPE.test(v);
const isResourceId = (v: unknown): v is string => isString(v) && RESOURCE_ID.test(v);
const isResource = (v: unknown): boolean => isRecord(v) && isResourceType(v.resourceType);
const optional = (v: unknown, check: (x: unknown) => boolean): boolean => v === undefined || check(v);

function isHttpUrl(v: unknown): v is string {
  if (!isString(v)) return false;
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function isQueryParams(v: unknown): boolean {
  return isRecord(v) && Object.values(v).every((x) => isString(x) || (Array.isArray(x) && x.every(isString)));
}

function isScope(v: unknown): v is readonly ScopedType[] {
  return Array.isArray(v) && v.every((s) => isRecord(s) && isResourceType(s.resourceType) && optional(s.params, isQueryParams));
}

function isAuth(v: unknown): v is AuthConfig {
  if (!isRecord(v)) return false;
  switch (v.kind) {
    case 'none':
      return true;
    case 'bearer':
      return isString(v.token) && v.token !== '';
    case 'basic':
      return isString(v.username) && isString(v.password);
    case 'client-credentials':
      return isHttpUrl(v.tokenUrl) && isString(v.clientId) && isString(v.clientSecret) && optional(v.scope, isString);
    default:
      return false;
  }
}

function isConfig(v: unknown): v is SyncWorkerConfig {
  return (
    isRecord(v) &&
    isString(v.databaseName) &&
    v.databaseName !== '' &&
    (v.centralUrl === null || isHttpUrl(v.centralUrl)) &&
    isScope(v.scope) &&
    isAuth(v.auth) &&
    typeof v.intervalMs === 'number' &&
    v.intervalMs >= 10_000
  );
}

function isChoice(v: unknown): v is ConflictChoice {
  if (v === 'local' || v === 'remote') return true;
  return isRecord(v) && isRecord(v.fields) && Object.values(v.fields).every((side) => side === 'local' || side === 'remote');
}

/** Keys are checked for shape here and for what they are by sessionFromSharedKeys in the worker. */
const isSharedKeys = (v: unknown): v is SharedSessionKeys => isRecord(v) && isString(v.userId) && isString(v.keyId) && v.seal !== undefined && v.token !== undefined;

const isEmpty = (v: unknown): boolean => isRecord(v) && Object.keys(v).length === 0;

// ---- main → worker ------------------------------------------------------------------------------

function checkArgs(name: string, args: unknown): string | undefined {
  switch (name) {
    case 'configure':
      if (!isRecord(args) || !isConfig(args.config)) return 'configure: config is not a SyncWorkerConfig';
      return isSharedKeys(args.keys) ? undefined : 'configure: keys missing';
    case 'runNow':
    case 'status':
    case 'lock':
      return isEmpty(args) ? undefined : `${name}: takes no arguments`;
    case 'resolveConflict':
      if (!isRecord(args) || !isResourceType(args.resourceType) || !isResourceId(args.id)) return 'resolveConflict: no valid resourceType/id';
      return isChoice(args.choice) ? undefined : 'resolveConflict: choice is not local, remote or { fields }';
    case 'retryAttention':
      return isRecord(args) && isResourceType(args.resourceType) && isResourceId(args.id) ? undefined : 'retryAttention: no valid resourceType/id';
    case 'connectivity':
      return isRecord(args) && typeof args.online === 'boolean' ? undefined : 'connectivity: online is not a boolean';
    case 'exportTransfer':
      return isRecord(args) && isString(args.password) && isString(args.device) && args.device !== '' ? undefined : 'exportTransfer: password or device missing';
    default:
      return `unknown call '${name.slice(0, 40)}'`;
  }
}

/** Checks a message the worker received. */
export function parseCall(value: unknown): Parsed<CallMessage> {
  if (!isRecord(value) || value.kind !== 'call') return bad('not a call message');
  if (!isId(value.id)) return bad('call without a numeric id');
  if (!isString(value.name)) return bad('call without a name');
  const problem = checkArgs(value.name, value.args);
  return problem === undefined ? good(value as unknown as CallMessage) : bad(problem);
}

// ---- worker → main ------------------------------------------------------------------------------

const PHASES = new Set(['push', 'pull']);
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);

function isRunState(v: unknown): boolean {
  return isRecord(v) && isString(v.name) && optional(v.phase, isString) && optional(v.resourceType, isString);
}

function isRunResult(v: unknown): v is SyncRunResult {
  return (
    isRecord(v) &&
    isString(v.outcome) &&
    isString(v.startedAt) &&
    isString(v.finishedAt) &&
    ['pushed', 'pulled', 'deleted', 'unchanged', 'merged', 'conflicts', 'attention', 'transactions'].every((k) => isCount(v[k])) &&
    isRecord(v.bytes) &&
    isCount(v.bytes.up) &&
    isCount(v.bytes.down) &&
    optional(v.retryAfterMs, isCount) &&
    optional(v.error, isOperationOutcome)
  );
}

function isEvent(v: unknown): v is SyncEvent {
  if (!isRecord(v)) return false;
  switch (v.type) {
    case 'state':
      return isRunState(v.state);
    case 'progress':
      return isString(v.phase) && PHASES.has(v.phase) && optional(v.resourceType, isResourceType) && isCount(v.done) && isCount(v.total);
    case 'bytes':
      return isCount(v.up) && isCount(v.down);
    case 'issue':
      return isOperationOutcome(v.outcome) && optional(v.resourceType, isResourceType) && optional(v.id, isString);
    case 'finished':
      return isRunResult(v.result);
    default:
      return false;
  }
}

function isConflict(v: unknown): v is SyncConflict {
  return (
    isRecord(v) &&
    isResourceType(v.resourceType) &&
    isString(v.id) &&
    optional(v.base, isResource) &&
    optional(v.local, isResource) &&
    optional(v.remote, isResource) &&
    isString(v.remoteVersionId) &&
    Array.isArray(v.paths) &&
    v.paths.every(isString) &&
    isString(v.recorded)
  );
}

function isAttention(v: unknown): v is AttentionItem {
  return isRecord(v) && isResourceType(v.resourceType) && isString(v.id) && isString(v.versionId) && isOperationOutcome(v.outcome) && isString(v.recorded);
}

function isLastRun(v: unknown): v is LastRunRecord {
  return isRecord(v) && isString(v.outcome) && isString(v.finishedAt) && isCount(v.pushed) && isCount(v.pulled) && optional(v.message, isString);
}

function isStatus(v: unknown): v is WorkerStatus {
  return (
    isRecord(v) &&
    typeof v.running === 'boolean' &&
    typeof v.serverConfigured === 'boolean' &&
    optional(v.lastSuccessAt, isString) &&
    optional(v.lastRun, isLastRun) &&
    isCount(v.pendingChanges) &&
    Array.isArray(v.conflicts) &&
    v.conflicts.every(isConflict) &&
    Array.isArray(v.attention) &&
    v.attention.every(isAttention) &&
    (v.paused === undefined || v.paused === 'credentials' || v.paused === 'offline')
  );
}

function isExport(v: unknown): v is TransferExport {
  return isRecord(v) && v.bytes instanceof Uint8Array && isCount(v.changes) && isString(v.created);
}

const RESULT_CHECKS: { readonly [K in CallName]: (v: unknown) => boolean } = {
  configure: (v) => v === null,
  runNow: isRunResult,
  status: isStatus,
  resolveConflict: (v) => v === null,
  retryAttention: (v) => v === null,
  exportTransfer: isExport,
  connectivity: (v) => v === null,
  lock: (v) => v === null,
};

/** Checks the value of a successful reply against the call it answers. */
export function parseResult<K extends CallName>(name: K, value: unknown): Parsed<CallResult<K>> {
  return RESULT_CHECKS[name](value) ? good(value as CallResult<K>) : bad(`${name}: reply value has the wrong shape`);
}

function isReply(v: unknown): v is IpcReply<unknown> {
  return isRecord(v) && ((v.ok === true && 'value' in v) || (v.ok === false && isOperationOutcome(v.error)));
}

/** Checks a message the main thread received from the worker. */
export function parseWorkerMessage(value: unknown): Parsed<WorkerMessage> {
  if (!isRecord(value)) return bad('not an object');
  switch (value.kind) {
    case 'reply':
      return isId(value.id) && isReply(value.reply) ? good(value as unknown as WorkerMessage) : bad('reply without an id or a { ok, value | error } body');
    case 'event':
      return isEvent(value.event) ? good(value as unknown as WorkerMessage) : bad('event of an unknown type or shape');
    case 'pending':
      return isCount(value.pendingChanges) ? good(value as unknown as WorkerMessage) : bad('pending count is not a count');
    case 'log': {
      const r = value.record;
      return isRecord(r) && isString(r.level) && LEVELS.has(r.level) && isString(r.module) && isString(r.msg) && isRecord(r.fields)
        ? good(value as unknown as WorkerMessage)
        : bad('log record of the wrong shape');
    }
    default:
      return bad('unknown message kind');
  }
}
