// The sync bookkeeping the engine keeps in the store's sync state (SyncStore.writeSyncState):
// per-type watermarks and the last run. Plain metadata only — never patient data.
//
// The search watermark is keyed by type AND scope parameters: when the post's scope changes (a new
// organization or tag), the new scope starts from the beginning instead of inheriting a watermark
// that skipped everything outside the old scope. History is not scoped (FHIR `_history` takes no
// search parameters), so its watermark is per type.
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { QueryParams } from '../transport/fhir-transport';

/** Canonical text of scope parameters: keys sorted, repeated values in their given order. */
export function scopeText(params: QueryParams): string {
  const query = new URLSearchParams();
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) query.append(key, v);
  }
  return query.toString();
}

export const searchWatermarkKey = (resourceType: string, params: QueryParams): string => `sync.pull.${resourceType}?${scopeText(params)}`;

export const historyWatermarkKey = (resourceType: string): string => `sync.history.${resourceType}`;

export const LAST_RUN_KEY = 'sync.last-run';
export const LAST_SUCCESS_KEY = 'sync.last-success';

export type SyncOutcome =
  /** Push and pull completed (items may still wait on a person: conflicts, needs attention). */
  | 'succeeded'
  /** Stopped by a fault that time can cure (network, server busy or failing): the next run resumes. */
  | 'failed'
  /** The server refused the credentials (401): no retry until they change. */
  | 'login-required'
  /** The credentials work but may not do this (403): no retry until they change. */
  | 'forbidden'
  | 'cancelled'
  /** Another run held the lock; this one did nothing. */
  | 'busy';

/** What the store keeps of the last run (the status view reads it after a restart). */
export interface LastRunRecord {
  readonly outcome: SyncOutcome;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly pushed: number;
  readonly pulled: number;
  /** The issue code and Spanish text of a failure (no patient data: transport outcomes name no resource contents). */
  readonly code?: string;
  readonly message?: string;
}

export function lastRunRecord(record: LastRunRecord): string {
  return JSON.stringify(record);
}

const OUTCOMES: ReadonlySet<string> = new Set<SyncOutcome>(['succeeded', 'failed', 'login-required', 'forbidden', 'cancelled', 'busy']);

/** Parses a stored record; undefined when absent or unreadable (it is only for display). */
export function parseLastRun(text: string | undefined): LastRunRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LastRunRecord>;
    if (typeof value.outcome !== 'string' || !OUTCOMES.has(value.outcome) || typeof value.finishedAt !== 'string') return undefined;
    return {
      outcome: value.outcome,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : value.finishedAt,
      finishedAt: value.finishedAt,
      pushed: typeof value.pushed === 'number' ? value.pushed : 0,
      pulled: typeof value.pulled === 'number' ? value.pulled : 0,
      ...(typeof value.code === 'string' ? { code: value.code } : {}),
      ...(typeof value.message === 'string' ? { message: value.message } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The first issue's code and Spanish text, for the last-run record. */
export function summarize(outcome: OperationOutcome | undefined): { code?: string; message?: string } {
  const first = outcome?.issue[0];
  if (first === undefined) return {};
  return { code: first.code, ...(first.details?.text === undefined ? {} : { message: first.details.text }) };
}
