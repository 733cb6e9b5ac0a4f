// One health post of the crash test (test/browser/sync-crash.test.ts), as both the page and the
// Web Worker open it: the Dexie store over real IndexedDB (product cipher, product validator), the
// transport to the reference central server, and the engine with the lock the renderer uses
// (Web Locks, so a lock held by a terminated worker is released by the browser).
//
// Each test case is a post of its own: its resources carry a case tag and its scope asks only for
// that tag, so cases share one central server without seeing each other.
//
// The central server accepts what the post's validator accepts, so a refusal is played here, as
// HAPI FHIR (the production server) would answer it: a transaction holding an Observation whose
// subject is a patient the server does not have ("HAPI-1094") is refused with 400 — the proxy in
// sync-engine-faults.test.ts plays the same rule in Node.
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { openDexieStore } from '../../src-core/store/dexie-store';
import type { SyncStore } from '../../src-core/store/sync-store';
import { systemClock } from '../../src-core/platform/clock';
import type { FetchLike, ScopedType, SyncEngine, SyncLock } from '../../src-core/sync';
import { createFhirTransport, createSyncEngine } from '../../src-core/sync';
import type { TestCipherKeys } from './store-test-cipher';
import { createTestCipher } from './store-test-cipher';
import { browserValidator } from './store-validator-browser';

export const CASE_TAG_SYSTEM = 'urn:ceiba:sync-crash-test';
/** Subjects of refused observations: ids the "server" says it does not have. */
export const GHOST_PREFIX = 'ghost-';

export interface PostConfig {
  readonly dbName: string;
  readonly keys: TestCipherKeys;
  readonly centralUrl: string;
  /** The case tag: every resource of the case carries it, and the scope asks for it. */
  readonly tag: string;
}

export interface Post {
  readonly store: SyncStore;
  readonly engine: SyncEngine;
  close(): void;
}

export const tagOf = (tag: string): { system: string; code: string } => ({ system: CASE_TAG_SYSTEM, code: tag });

export function scopeOf(tag: string): ScopedType[] {
  const params = { _tag: `${CASE_TAG_SYSTEM}|${tag}` };
  return [
    { resourceType: 'Patient', params },
    { resourceType: 'Observation', params },
  ];
}

export async function openPost(config: PostConfig): Promise<Post> {
  const store = await openDexieStore({
    name: config.dbName,
    cipher: await createTestCipher(config.keys),
    validator: await browserValidator(),
  });
  const transport = createFhirTransport({
    baseUrl: config.centralUrl,
    fetch: refusingGhostReferences((input, init) => fetch(input, init)),
    clock: systemClock,
    sleep: () => Promise.resolve(),
    random: () => 0.5,
    timeoutMs: 30_000,
  });
  const engine = createSyncEngine({
    store,
    transport,
    clock: systemClock,
    scope: scopeOf(config.tag),
    lock: webLock(lockName(config)),
    pageSize: 2,
    maxTransactionEntries: 2,
  });
  return { store, engine, close: () => { store.close(); } };
}

/** The Web Lock of a post's sync runs. */
export const lockName = (config: PostConfig): string => `ceiba-sync-${config.dbName}`;

/** The renderer's lock (sync-lock.ts): one run per post across the page and its workers. */
export function webLock(name: string): SyncLock {
  return {
    request: <T>(task: (acquired: boolean) => Promise<T>): Promise<T> =>
      navigator.locks.request(name, { ifAvailable: true }, (lock) => task(lock !== null)) as Promise<T>,
  };
}

/** fetch, except that a transaction referring to a ghost patient is refused with HAPI's 400. */
function refusingGhostReferences(fetchFn: FetchLike): FetchLike {
  return async (input, init) => {
    if (init.method !== 'POST' || init.body === undefined || init.body === null) return fetchFn(input, init);
    const text = await bodyText(init);
    const ghost = new RegExp(`"reference":"Patient/(${GHOST_PREFIX}[^"]*)"`).exec(text);
    if (ghost === null) return fetchFn(input, init);
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'processing', diagnostics: `HAPI-1094: Resource Patient/${ghost[1] ?? ''} not found, specified in path: Observation.subject` }],
    };
    return new Response(JSON.stringify(outcome), { status: 400, headers: { 'Content-Type': 'application/fhir+json' } });
  };
}

async function bodyText(init: RequestInit): Promise<string> {
  const body = init.body;
  const gzip = new Headers(init.headers).get('content-encoding') === 'gzip';
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : (body as Uint8Array<ArrayBuffer>);
  if (!gzip) return new TextDecoder().decode(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
}

export function patient(tag: string, family: string, extra: Partial<Patient> = {}): Patient {
  return { resourceType: 'Patient', meta: { tag: [tagOf(tag)] }, name: [{ family, given: ['Ana'] }], gender: 'female', birthDate: '1990-04-02', ...extra };
}

export function observation(tag: string, subject: string, value: number): Observation {
  return {
    resourceType: 'Observation',
    meta: { tag: [tagOf(tag)] },
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '718-7' }], text: 'Hemoglobina' },
    subject: { reference: `Patient/${subject}` },
    effectiveDateTime: '2026-03-01T10:00:00Z',
    valueQuantity: { value, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
  };
}

/** A resource without the version stamps that differ between a post and the server, as stable JSON. */
export function contentKey(resource: Resource): string {
  const meta = { ...resource.meta };
  delete meta.versionId;
  delete meta.lastUpdated;
  return stableJson({ ...resource, meta });
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
