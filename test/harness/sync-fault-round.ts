// A representative sync round for the per-request fault tests (issue 5, acceptance "for every
// request of a sync run"): two health posts, each behind its own fault proxy (their links fail
// independently) in front of one fresh reference central server.
//
// Before the round (fault-free): post A records 6 patients and 4 observations and syncs, post B
// syncs them down, and the central office edits one patient, creates one and deletes one
// observation directly on the server. Then, offline, A records 5 patients and 3 observations,
// edits 2 patients and deletes 1 patient and 1 observation (12 changes: 4 transactions of 3); B
// records 1 patient, edits 2 patients — one of them also edited by A, on another field, so B's
// upload meets a 412 and merges — and deletes 1 patient. The round is A's run, then B's run:
// pushes of several transactions, pulls of several pages per type, deletes from history, a merge.
//
// Every id is fixed, so two rounds on two fresh servers end with the same content and versions,
// and a faulted round can be compared with a fault-free one resource by resource.
import type { Resource } from '@medplum/fhirtypes';
import { systemClock } from '../../src-core/platform/clock';
import type { FhirTransport, SyncRunResult } from '../../src-core/sync';
import { createFhirTransport } from '../../src-core/sync';
import { CentralFixture } from '../server/central-fixture';
import type { Device, DeviceOptions } from '../server/sync-engine-rig';
import { SCOPE, contents, newObservation, newPatient, openDevice, serverContents } from '../server/sync-engine-rig';
import type { FaultProxy, RespondAction } from './fault-proxy';
import { startFaultProxy } from './fault-proxy';

export type PostName = 'a' | 'b';
export const POSTS: readonly PostName[] = ['a', 'b'];

/** A fixed UUID per number, so every round names its resources alike. */
export const fixedId = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export interface Round {
  readonly fx: CentralFixture;
  readonly proxies: Readonly<Record<PostName, FaultProxy>>;
  readonly devices: Readonly<Record<PostName, Device>>;
  /** Proxy request count of each post when the round's edits were made (its round requests start there). */
  readonly startIndex: Readonly<Record<PostName, number>>;
  close(): Promise<void>;
}

export interface RoundOptions {
  /**
   * B also records an observation of a patient the server does not have, which B's proxy refuses
   * as HAPI FHIR would (400, HAPI-1094): B's run then isolates it on the needs-attention list.
   */
  readonly poison?: boolean;
}

/** The subject of the refused observation (see RoundOptions.poison). */
export const GHOST_PATIENT = fixedId(999);

/** Small pages and transactions, so a dozen resources make several of each. */
const ENGINE: NonNullable<DeviceOptions['engine']> = { pageSize: 3, maxTransactionEntries: 3 };

/** Starts a server and two posts, syncs the baseline, and makes the round's offline edits. */
export async function prepareRound(options: RoundOptions = {}): Promise<Round> {
  const fx = await CentralFixture.start();
  const proxyA = await startFaultProxy({ target: fx.baseUrl, noDelay: true });
  const proxyB = await startFaultProxy({ target: fx.baseUrl, noDelay: true });
  const open = (proxy: FaultProxy): Promise<Device> => openDevice(proxy.baseUrl, { engine: ENGINE });
  const a = await open(proxyA);
  const b = await open(proxyB);
  const round: Round = {
    fx,
    proxies: { a: proxyA, b: proxyB },
    devices: { a, b },
    startIndex: { a: 0, b: 0 },
    close: async () => {
      await a.close();
      await b.close();
      await proxyA.close();
      await proxyB.close();
      await fx.dispose();
    },
  };
  try {
    await baseline(round);
    await offlineEdits(round);
    if (options.poison === true) {
      await b.store.update({ ...newObservation(GHOST_PATIENT, 9.9), id: fixedId(199) });
      proxyB.plan((q) => (q.method === 'POST' ? { kind: 'inspect', answer: refuseGhostReferences } : { kind: 'pass' }));
    }
  } catch (err) {
    await round.close();
    throw err;
  }
  return { ...round, startIndex: { a: proxyA.counters.requests, b: proxyB.counters.requests } };
}

async function baseline({ fx, devices: { a, b } }: Round): Promise<void> {
  for (let n = 1; n <= 6; n++) await a.store.update({ ...newPatient(`Base${String(n)}`), id: fixedId(n) });
  for (let n = 1; n <= 4; n++) await a.store.update({ ...newObservation(fixedId(n), 10 + n), id: fixedId(100 + n) });
  await expectSucceeded(a.engine.run(), 'baseline run of A');
  await expectSucceeded(b.engine.run(), 'baseline run of B');
  // The central office, directly on the server: one new patient, one edit, one delete.
  await fx.put({ ...newPatient('Central'), id: fixedId(50) });
  const p6 = (await fx.get(`Patient/${fixedId(6)}`)).body as Resource & { id: string };
  await fx.put({ ...p6, meta: {}, active: true } as Resource & { id: string });
  await fx.send('DELETE', `Observation/${fixedId(104)}`);
}

async function offlineEdits({ devices: { a, b } }: Round): Promise<void> {
  for (let n = 7; n <= 11; n++) await a.store.update({ ...newPatient(`Nuevo${String(n)}`), id: fixedId(n) });
  for (let n = 5; n <= 7; n++) await a.store.update({ ...newObservation(fixedId(n), 10 + n), id: fixedId(100 + n) });
  await a.store.update({ ...(await a.store.read('Patient', fixedId(1))), gender: 'other' });
  await a.store.update({ ...(await a.store.read('Patient', fixedId(2))), birthDate: '1970-01-01' });
  await a.store.delete('Observation', fixedId(101));
  await a.store.delete('Patient', fixedId(3));

  await b.store.update({ ...newPatient('DeB'), id: fixedId(20) });
  // Patient 1 is edited by A too, on another field: whoever uploads second merges.
  await b.store.update({ ...(await b.store.read('Patient', fixedId(1))), telecom: [{ system: 'phone', value: '5555-0101' }] });
  await b.store.update({ ...(await b.store.read('Patient', fixedId(4))), gender: 'male' });
  await b.store.delete('Patient', fixedId(5));
}

/** The round: A's run, then B's. */
export async function runRound({ devices: { a, b } }: Round): Promise<Record<PostName, SyncRunResult>> {
  const ra = await a.engine.run();
  const rb = await b.engine.run();
  return { a: ra, b: rb };
}

/**
 * Fault-free runs, A then B, until a pass in which no run moved anything (at most `maxPasses`).
 * Returns every result, so a caller can check none recorded a conflict or an attention item.
 */
export async function settle({ devices }: Round, maxPasses = 4): Promise<SyncRunResult[]> {
  const results: SyncRunResult[] = [];
  for (let pass = 0; pass < maxPasses; pass++) {
    let moved = false;
    for (const post of POSTS) {
      const r = await devices[post].engine.run();
      results.push(r);
      if (r.outcome !== 'succeeded') throw new Error(`settle: run of ${post} ended ${r.outcome}: ${JSON.stringify(r.error)}`);
      moved ||= r.pushed + r.pulled + r.merged > 0;
    }
    if (!moved) return results;
  }
  throw new Error(`settle: still moving after ${String(maxPasses)} passes`);
}

export interface RoundSnapshot {
  /** The server's live resources as "Type/id@content" (meta stamps left out), sorted. */
  readonly server: readonly string[];
  /** "Type/id@versionId" of every live resource on the server, sorted. */
  readonly serverVersions: readonly string[];
  /** The server's `_summary=count` per type. */
  readonly serverCounts: Readonly<Record<string, number>>;
  readonly devices: Readonly<Record<PostName, readonly string[]>>;
  readonly pending: Readonly<Record<PostName, number>>;
  readonly conflicts: Readonly<Record<PostName, number>>;
  readonly attention: Readonly<Record<PostName, number>>;
}

export async function snapshot(round: Round): Promise<RoundSnapshot> {
  // Read straight from the server, never through a proxy that may still have a plan.
  const direct = round.fx;
  const serverCounts: Record<string, number> = {};
  const serverVersions: string[] = [];
  for (const { resourceType } of SCOPE) {
    const reply = await direct.get(`${resourceType}?_summary=count`);
    serverCounts[resourceType] = (reply.body as { total: number }).total;
    for (const page of await direct.allPages(`${resourceType}?_count=100`)) {
      for (const entry of page.entry ?? []) serverVersions.push(`${resourceType}/${entry.resource?.id ?? ''}@${entry.resource?.meta?.versionId ?? ''}`);
    }
  }
  const perPost = async <T>(read: (d: Device) => Promise<T>): Promise<Record<PostName, T>> => ({
    a: await read(round.devices.a),
    b: await read(round.devices.b),
  });
  return {
    server: await serverContents(directTransport(direct.baseUrl)),
    serverVersions: serverVersions.sort(),
    serverCounts,
    devices: await perPost((d) => contents(d.store)),
    pending: await perPost(async (d) => (await d.store.stats()).pendingChanges),
    conflicts: await perPost(async (d) => (await d.store.conflicts()).length),
    attention: await perPost(async (d) => (await d.store.attention()).length),
  };
}

function directTransport(baseUrl: string): FhirTransport {
  return createFhirTransport({ baseUrl, fetch: (input, init) => fetch(input, init), clock: systemClock, sleep: () => Promise.resolve() });
}

/**
 * A request as "METHOD path?names" with the values that change from round to round (instants,
 * paging ids) blanked, so the same request of two rounds compares equal.
 */
export function requestKey(request: { readonly method: string; readonly path: string }): string {
  const url = new URL(request.path, 'http://x');
  const params = [...url.searchParams.entries()].map(([k, v]) => (k === '_since' || k === '_lastUpdated' || k === '_getpages' ? `${k}=*` : `${k}=${v}`));
  return `${request.method} ${url.pathname.replace(/^\/fhir\/R4\/?/, '/')}${params.length === 0 ? '' : `?${params.join('&')}`}`;
}

async function expectSucceeded(run: Promise<SyncRunResult>, what: string): Promise<void> {
  const r = await run;
  if (r.outcome !== 'succeeded' || r.conflicts > 0 || r.attention > 0) throw new Error(`${what}: ${JSON.stringify(r)}`);
}

/** HAPI's answer to a transaction that refers to a patient it does not have. */
function refuseGhostReferences(body: string): RespondAction | undefined {
  if (!body.includes(`"Patient/${GHOST_PATIENT}"`)) return undefined;
  const outcome = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'processing', diagnostics: `HAPI-1094: Resource Patient/${GHOST_PATIENT} not found, specified in path: Observation.subject` }],
  };
  return { kind: 'respond', status: 400, body: JSON.stringify(outcome) };
}
