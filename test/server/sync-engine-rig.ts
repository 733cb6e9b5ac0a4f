// Simulated health-post devices for the sync engine tests: each has its own store (memory or
// Dexie over fake-indexeddb), transport and engine, and records the engine's events and
// transitions. Transport waits go to a recording sleep, so no test waits for real backoff.
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { systemClock } from '../../src-core/platform/clock';
import { cryptoIds } from '../../src-core/platform/ids';
import type { SyncStore } from '../../src-core/store/sync-store';
import { createMemoryStore } from '../../src-core/store/memory-store';
import type {
  AuthConfig,
  FhirTransport,
  FhirTransportOptions,
  ScopedType,
  SyncEngine,
  SyncEngineOptions,
  SyncEvent,
  SyncTransition,
  TransferMeter,
} from '../../src-core/sync';
import { createFhirTransport, createSyncEngine, createTransferMeter } from '../../src-core/sync';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDexieStore } from '../../src-core/store/dexie-store';
import { createTestCipher } from '../harness/store-test-cipher';
import { memoizedValidator } from '../harness/store-validator-node';

export type StoreKind = 'memory' | 'dexie';

/** One validator for every device in the process: validating is the slow part of a write. */
const validator = memoizedValidator();

export const SCOPE: readonly ScopedType[] = [{ resourceType: 'Patient' }, { resourceType: 'Observation' }];

export interface DeviceOptions {
  readonly store?: StoreKind;
  readonly auth?: AuthConfig;
  readonly scope?: readonly ScopedType[];
  readonly engine?: Partial<SyncEngineOptions>;
  readonly transport?: Partial<FhirTransportOptions>;
}

export interface Device {
  readonly store: SyncStore;
  readonly engine: SyncEngine;
  readonly transport: FhirTransport;
  readonly meter: TransferMeter;
  readonly events: SyncEvent[];
  readonly transitions: SyncTransition[];
  /** Every wait the transport asked for (Retry-After, backoff), in ms. */
  readonly sleeps: number[];
  /** Every request the transport sent, as "METHOD path" without the query. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function openDevice(baseUrl: string, options: DeviceOptions = {}): Promise<Device> {
  const kind = options.store ?? 'memory';
  let store: SyncStore;
  let close: () => Promise<void> = () => Promise.resolve();
  if (kind === 'memory') {
    store = createMemoryStore({ validator, clock: systemClock });
  } else {
    // As test/harness/store-dexie-node.ts does: a private fake-indexeddb factory and the product cipher.
    const opened = await openDexieStore({
      name: 'ceiba-sync-test',
      indexedDB: new IDBFactory(),
      IDBKeyRange,
      cipher: await createTestCipher(),
      validator,
      clock: systemClock,
      ids: cryptoIds,
    });
    store = opened;
    close = () => {
      opened.close();
      return Promise.resolve();
    };
  }
  const sleeps: number[] = [];
  const requests: string[] = [];
  const meter = createTransferMeter();
  const transport = createFhirTransport({
    baseUrl,
    fetch: (input, init) => {
      const url = new URL(input);
      requests.push(`${init.method ?? 'GET'} ${url.pathname.replace(/^\/fhir\/R4\/?/, '')}${url.searchParams.has('_getpages') ? ' (next)' : ''}`);
      return fetch(input, init);
    },
    clock: systemClock,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    timeoutMs: 10_000,
    onProgress: meter.record,
    ...(options.auth === undefined ? {} : { auth: options.auth }),
    ...options.transport,
  });
  const engine = createSyncEngine({
    store,
    transport,
    clock: systemClock,
    scope: options.scope ?? SCOPE,
    transferMeter: meter,
    ...options.engine,
  });
  const events: SyncEvent[] = [];
  const transitions: SyncTransition[] = [];
  engine.onEvent((e) => events.push(e));
  engine.onTransition((t) => {
    transitions.push(t);
  });
  return { store, engine, transport, meter, events, transitions, sleeps, requests, close };
}

export function newPatient(family: string, extra: Partial<Patient> = {}): Patient {
  return { resourceType: 'Patient', name: [{ family, given: ['Ana'] }], gender: 'female', birthDate: '1990-04-02', ...extra };
}

export function newObservation(patientId: string, value: number): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood' }], text: 'Hemoglobina' },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: '2026-03-01T10:00:00Z',
    valueQuantity: { value, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
  };
}

/** Every live resource of the scope types in a store, as "Type/id@content" for comparison. */
export async function contents(store: SyncStore, types: readonly string[] = SCOPE.map((s) => s.resourceType)): Promise<string[]> {
  const out: string[] = [];
  for (const type of types) {
    let cursor: string | undefined;
    do {
      const page = await store.search(type as Resource['resourceType'], { _count: '1000', ...(cursor === undefined ? {} : { _cursor: cursor }) });
      for (const r of page.resources) out.push(`${type}/${r.id ?? ''}@${stableJson(withoutStamps(r))}`);
      cursor = page.next;
    } while (cursor !== undefined);
  }
  return out.sort();
}

/** The server's live resources of those types, in the same form. */
export async function serverContents(transport: FhirTransport, types: readonly string[] = SCOPE.map((s) => s.resourceType)): Promise<string[]> {
  const out: string[] = [];
  for (const type of types) {
    for (const r of await transport.search(type, { _count: '1000' })) out.push(`${type}/${r.id ?? ''}@${stableJson(withoutStamps(r))}`);
  }
  return out.sort();
}

function withoutStamps(resource: Resource): Resource {
  const meta = { ...resource.meta };
  delete meta.versionId;
  delete meta.lastUpdated;
  const copy = { ...resource };
  if (Object.keys(meta).length === 0) delete copy.meta;
  else copy.meta = meta;
  return copy;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const lastProgress = (events: readonly SyncEvent[], resourceType: string): Extract<SyncEvent, { type: 'progress' }> | undefined =>
  events.filter((e): e is Extract<SyncEvent, { type: 'progress' }> => e.type === 'progress' && e.phase === 'pull' && e.resourceType === resourceType).at(-1);
