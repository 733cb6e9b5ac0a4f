// Checks on what the sync engine keeps beside the resources: sync state entries, conflict records
// and needs-attention items. Each check returns a private copy holding only the port's fields,
// so a caller's object never aliases what is stored and nothing extra reaches the disk.
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { isOperationOutcome } from '../../fhir/outcome';
import { isKnownResourceType } from '../search/patient-compartment';
import { invalidId, invalidSyncRecord, invalidSyncState, unknownResourceType } from '../store-errors';
import type { AttentionItem, SyncConflict, SyncStateEntries } from '../sync-store';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
const MAX_KEY = 256;

const isString = (value: unknown): value is string => typeof value === 'string';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function checkSyncStateKey(key: unknown): string {
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY) throw invalidSyncState(`a sync state key must be 1-${String(MAX_KEY)} characters`);
  return key;
}

export function checkSyncState(entries: unknown): SyncStateEntries {
  if (!isRecord(entries)) throw invalidSyncState('sync state must be an object of string values');
  const copy: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) {
    checkSyncStateKey(key);
    if (typeof value !== 'string') throw invalidSyncState(`sync state "${key}" must be a string`);
    copy[key] = value;
  }
  return copy;
}

function checkTarget(resourceType: unknown, id: unknown, root: string): void {
  if (typeof resourceType !== 'string' || !isKnownResourceType(resourceType)) throw unknownResourceType(String(resourceType), `${root}.resourceType`);
  if (typeof id !== 'string' || !ID.test(id)) throw invalidId(`${root}.id`);
}

function checkString(value: unknown, expression: string): string {
  if (typeof value !== 'string' || value === '') throw invalidSyncRecord(`${expression} must be a non-empty string`, expression);
  return value;
}

function checkInstant(value: unknown, expression: string): string {
  const text = checkString(value, expression);
  if (!Number.isFinite(Date.parse(text))) throw invalidSyncRecord(`${expression} must be an ISO instant`, expression);
  return text;
}

/** A private JSON copy; a value JSON cannot carry (a cycle, a bigint) is refused. */
function copyJson<T>(value: T, expression: string): T {
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch {
    throw invalidSyncRecord(`${expression} is not JSON`, expression);
  }
}

function copyBody(value: unknown, expression: string): Resource | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || typeof value.resourceType !== 'string') throw invalidSyncRecord(`${expression} must be a resource`, expression);
  return copyJson(value as unknown as Resource, expression);
}

export function checkConflict(conflict: SyncConflict): SyncConflict {
  checkTarget(conflict.resourceType, conflict.id, 'SyncConflict');
  const paths: unknown = conflict.paths;
  if (!Array.isArray(paths) || !paths.every(isString)) {
    throw invalidSyncRecord('SyncConflict.paths must be a list of element paths', 'SyncConflict.paths');
  }
  const base = copyBody(conflict.base, 'SyncConflict.base');
  const local = copyBody(conflict.local, 'SyncConflict.local');
  const remote = copyBody(conflict.remote, 'SyncConflict.remote');
  return {
    resourceType: conflict.resourceType,
    id: conflict.id,
    ...(base === undefined ? {} : { base }),
    ...(local === undefined ? {} : { local }),
    ...(remote === undefined ? {} : { remote }),
    remoteVersionId: checkString(conflict.remoteVersionId, 'SyncConflict.remoteVersionId'),
    paths: [...paths],
    recorded: checkInstant(conflict.recorded, 'SyncConflict.recorded'),
  };
}

export function checkAttention(item: AttentionItem): AttentionItem {
  checkTarget(item.resourceType, item.id, 'AttentionItem');
  const outcome: unknown = item.outcome;
  if (!isOperationOutcome(outcome)) throw invalidSyncRecord('AttentionItem.outcome must be an OperationOutcome', 'AttentionItem.outcome');
  return {
    resourceType: item.resourceType,
    id: item.id,
    versionId: checkString(item.versionId, 'AttentionItem.versionId'),
    outcome: copyJson<OperationOutcome>(outcome, 'AttentionItem.outcome'),
    recorded: checkInstant(item.recorded, 'AttentionItem.recorded'),
  };
}

type Recorded = Pick<SyncConflict, 'recorded' | 'resourceType' | 'id'>;

/** Oldest first, then by resource: the order a person works through them. */
export function byRecorded(a: Recorded, b: Recorded): number {
  const time = Date.parse(a.recorded) - Date.parse(b.recorded);
  if (time !== 0) return time;
  const ka = `${a.resourceType}/${a.id}`;
  const kb = `${b.resourceType}/${b.id}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
