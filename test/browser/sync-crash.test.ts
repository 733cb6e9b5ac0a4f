// Issue 5 acceptance: the sync engine is stopped at every state of its state machine by
// terminating the Web Worker that runs it (as a closed laptop lid or a power cut would stop the
// renderer's sync worker), over the Dexie store on Chromium's real IndexedDB against the reference
// central server; the next run, in the page, completes with nothing lost and nothing duplicated.
//
// Each case is a health post of its own (its own database, its own tag-scoped data on the shared
// central server). Before the killed run the post has synced once; then the central office edits,
// creates and deletes, and the post records offline an edit of a patient the central office also
// edited (a 412, merged), three patients (several transactions), a delete, and an observation the
// server refuses (needs attention). A reference run, not killed, must pass through every state of
// SYNC_STATE_NAMES; then for each state, two kills:
//   enter   the worker stops on entry to the state (its transition hook waits), before its work;
//   during  the worker is terminated as soon as the page hears it entered the state, while it
//           works on (the last entry into the state in the reference run).
// After the kill, the page opens the same database and syncs until nothing moves. The server and
// the post must then hold exactly the expected resources with the expected content and server
// versions (a second version of anything would be a duplicate write), counts on the server must
// match, nothing but the refused observation may be pending, and no conflict may be left.
import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, inject, it } from 'vitest';
import { SYNC_STATE_NAMES } from '../../src-core/sync';
import type { SyncStateName } from '../../src-core/sync';
import type { PostConfig } from '../harness/sync-crash-post';
import { CASE_TAG_SYSTEM, GHOST_PREFIX, contentKey, lockName, observation, openPost, patient } from '../harness/sync-crash-post';
import type { CrashWorkerMessage, CrashWorkerStart, KillTarget } from '../harness/sync-crash-worker';
import { randomTestCipherKeys } from '../harness/store-test-cipher';

const centralUrl = inject('centralUrl');
let cases = 0;

interface CaseIds {
  /** Synced, then edited at the post (gender) and centrally (birthDate). */
  readonly p1: string;
  readonly p2: string;
  /** Created at the post after the first sync. */
  readonly created: readonly string[];
  /** Synced, then deleted at the post. */
  readonly o1: string;
  readonly o2: string;
  /** Refused by the server (its subject is a ghost patient). */
  readonly poison: string;
  /** Central: s1 edited (telecom), s2 deleted, s3 untouched, s4 created after the post's first sync. */
  readonly s1: string;
  readonly s2: string;
  readonly s3: string;
  readonly s4: string;
}

interface WorkerRun {
  readonly transitions: SyncStateName[];
  readonly killedAt?: SyncStateName;
  readonly outcome?: string;
}

function newCase(): PostConfig {
  cases += 1;
  const tag = `case-${String(cases)}-${crypto.randomUUID().slice(0, 8)}`;
  return { dbName: `ceiba-sync-crash-${tag}`, keys: randomTestCipherKeys(), centralUrl, tag };
}

async function central(method: 'GET' | 'PUT' | 'DELETE', path: string, body?: Resource): Promise<{ status: number; body: unknown }> {
  const reply = await fetch(`${centralUrl}/${path}`, {
    method,
    headers: { Accept: 'application/fhir+json', ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await reply.text();
  return { status: reply.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function putCentral(resource: Resource & { id: string }): Promise<void> {
  const { status } = await central('PUT', `${resource.resourceType}/${resource.id}`, resource);
  if (status !== 200 && status !== 201) throw new Error(`central PUT answered ${String(status)}`);
}

/** The server copy without its version stamps (what a central office client would send back). */
async function centralCopy(type: 'Patient', id: string): Promise<Patient & { id: string }> {
  const resource = (await central('GET', `${type}/${id}`)).body as Patient & { id: string };
  return { ...resource, meta: { tag: resource.meta?.tag ?? [] } };
}

/** The post's first sync, then what happens on both sides before the run that will be killed. */
async function prepareCase(config: PostConfig): Promise<CaseIds> {
  const { tag } = config;
  const [s1, s2, s3, s4] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  await putCentral({ ...patient(tag, 'Central Uno'), id: s1 });
  await putCentral({ ...patient(tag, 'Central Dos'), id: s2 });
  await putCentral({ ...patient(tag, 'Central Tres'), id: s3 });

  const post = await openPost(config);
  try {
    const p1 = (await post.store.create(patient(tag, 'Xol'))).id;
    const p2 = (await post.store.create(patient(tag, 'Tzoc'))).id;
    const o1 = (await post.store.create(observation(tag, p1, 12.5))).id;
    const o2 = (await post.store.create(observation(tag, p2, 13.1))).id;
    const first = await post.engine.run();
    if (first.outcome !== 'succeeded' || first.pushed !== 4 || first.pulled !== 3) throw new Error(`first sync: ${JSON.stringify(first)}`);

    // The central office: an edit, a delete, a new patient, and an edit of P1 in a field the post leaves alone.
    await putCentral({ ...(await centralCopy('Patient', s1)), telecom: [{ system: 'phone', value: '5555-0101' }] });
    if ((await central('DELETE', `Patient/${s2}`)).status !== 200) throw new Error('central DELETE failed');
    await putCentral({ ...patient(tag, 'Central Cuatro'), id: s4 });
    await putCentral({ ...(await centralCopy('Patient', p1)), birthDate: '1971-07-07' });

    // The post, offline.
    await post.store.update({ ...(await post.store.read('Patient', p1)), gender: 'other' });
    const created: string[] = [];
    for (const family of ['Pop', 'Cux', 'Ajú']) created.push((await post.store.create(patient(tag, family))).id);
    const poison = (await post.store.create(observation(tag, `${GHOST_PREFIX}${crypto.randomUUID()}`, 9.9))).id;
    await post.store.delete('Observation', o1);
    return { p1, p2, created, o1, o2, poison, s1, s2, s3, s4 };
  } finally {
    post.close();
  }
}

/** Runs the engine in a worker until it finishes or reaches `kill`, where the worker is terminated. */
function runWorker(config: PostConfig, kill?: KillTarget): Promise<WorkerRun> {
  const worker = new Worker(new URL('../harness/sync-crash-worker.ts', import.meta.url), { type: 'module' });
  const transitions: SyncStateName[] = [];
  return new Promise<WorkerRun>((resolve, reject) => {
    const stop = (): void => {
      worker.terminate();
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the worker neither finished nor reached ${kill?.state ?? 'the end'}`));
    }, 60_000);
    worker.addEventListener('message', (event: MessageEvent<CrashWorkerMessage>) => {
      const message = event.data;
      switch (message.type) {
        case 'transition':
          transitions.push(message.to);
          return;
        case 'kill-me':
          stop();
          resolve({ transitions, killedAt: message.state });
          return;
        case 'done':
          stop();
          resolve({ transitions, outcome: message.outcome });
          return;
        case 'error':
          stop();
          reject(new Error(message.message));
          return;
      }
    });
    worker.addEventListener('error', (event) => {
      stop();
      reject(new Error(`worker failed: ${event.message}`));
    });
    worker.postMessage({ ...config, ...(kill === undefined ? {} : { kill }) } satisfies CrashWorkerStart);
  });
}

/** Every live resource of the case on the server, following next links. */
async function onServer(config: PostConfig, type: 'Patient' | 'Observation'): Promise<Resource[]> {
  const out: Resource[] = [];
  let url: string | undefined = `${centralUrl}/${type}?_tag=${encodeURIComponent(`${CASE_TAG_SYSTEM}|${config.tag}`)}&_count=100`;
  while (url !== undefined) {
    const page = (await (await fetch(url, { headers: { Accept: 'application/fhir+json' } })).json()) as { entry?: { resource: Resource }[]; link?: { relation: string; url: string }[] };
    out.push(...(page.entry ?? []).map((e) => e.resource));
    url = page.link?.find((l) => l.relation === 'next')?.url;
  }
  return out;
}

async function countOnServer(config: PostConfig, type: string): Promise<number> {
  const { body } = await central('GET', `${type}?_tag=${encodeURIComponent(`${CASE_TAG_SYSTEM}|${config.tag}`)}&_summary=count`);
  return (body as { total: number }).total;
}

/** After the kill: the page syncs until nothing moves, then everything must be as expected. */
async function expectRecovered(config: PostConfig, ids: CaseIds): Promise<void> {
  // The browser releases a terminated worker's Web Lock, though not at the very moment of the
  // kill: until then a run would find the post "busy" (and the scheduler would try again later).
  await lockReleased(lockName(config));
  const post = await openPost(config);
  try {
    const first = await post.engine.run();
    expect(first.outcome).toBe('succeeded');
    const second = await post.engine.run();
    expect([second.outcome, second.pushed, second.pulled, second.conflicts]).toEqual(['succeeded', 0, 0, 0]);

    expect(await post.store.conflicts()).toEqual([]);
    expect((await post.store.attention()).map((a) => a.id)).toEqual([ids.poison]);
    expect((await post.store.stats()).pendingChanges).toBe(1);

    const patients = await onServer(config, 'Patient');
    const observations = await onServer(config, 'Observation');
    const expectedPatients = [ids.p1, ids.p2, ...ids.created, ids.s1, ids.s3, ids.s4].sort();
    expect(patients.map((p) => p.id).sort()).toEqual(expectedPatients);
    expect(observations.map((o) => o.id)).toEqual([ids.o2]);
    expect([await countOnServer(config, 'Patient'), await countOnServer(config, 'Observation')]).toEqual([expectedPatients.length, 1]);
    // Every write landed once: the merge of P1 is version 3 (1: first sync, 2: central edit); a
    // second upload of anything would have made another version.
    const versions = Object.fromEntries(patients.map((p) => [p.id ?? '', p.meta?.versionId]));
    expect(versions).toEqual({
      [ids.p1]: '3',
      [ids.p2]: '1',
      ...Object.fromEntries(ids.created.map((id) => [id, '1'])),
      [ids.s1]: '2',
      [ids.s3]: '1',
      [ids.s4]: '1',
    });
    const p1 = patients.find((p) => p.id === ids.p1) as Patient | undefined;
    expect([p1?.gender, p1?.birthDate]).toEqual(['other', '1971-07-07']);
    expect((patients.find((p) => p.id === ids.s1) as Patient | undefined)?.telecom?.[0]?.value).toBe('5555-0101');
    expect((await central('GET', `Observation/${ids.poison}`)).status).toBe(404);

    // The post holds exactly the server's resources (and the refused observation, waiting).
    const local = [...(await post.store.search('Patient', { _count: '1000' })).resources, ...(await post.store.search('Observation', { _count: '1000' })).resources];
    const localKeys = local.filter((r) => r.id !== ids.poison).map(contentKey).sort();
    expect(localKeys).toEqual([...patients, ...observations].map(contentKey).sort());
    expect(((await post.store.read('Observation', ids.poison)) as Observation).subject?.reference).toMatch(/^Patient\/ghost-/);
    for (const gone of [ids.o1]) expect((await post.store.versionInfo('Observation', gone))?.deleted).toBe(true);
    expect((await post.store.versionInfo('Patient', ids.s2))?.deleted).toBe(true);
  } finally {
    post.close();
    indexedDB.deleteDatabase(config.dbName);
  }
}

async function lockReleased(name: string): Promise<void> {
  for (let waited = 0; ; waited += 10) {
    const { held = [] } = await navigator.locks.query();
    if (!held.some((lock) => lock.name === name)) return;
    if (waited > 10_000) throw new Error(`the lock ${name} is still held 10 s after the worker was terminated`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('sync crash (Chromium: the worker running the engine is terminated at every state)', () => {
  let reference: Map<SyncStateName, number> | undefined;

  it('a run that is not killed passes through every state of the machine', async () => {
    const config = newCase();
    const ids = await prepareCase(config);
    const run = await runWorker(config);
    expect(run.outcome).toBe('succeeded');
    const visits = new Map<SyncStateName, number>();
    for (const state of run.transitions) visits.set(state, (visits.get(state) ?? 0) + 1);
    expect(SYNC_STATE_NAMES.filter((s) => !visits.has(s))).toEqual([]);
    reference = visits;
    await expectRecovered(config, ids);
  }, 120_000);

  const cases = SYNC_STATE_NAMES.flatMap((state) => (['enter', 'during'] as const).map((mode) => ({ state, mode })));
  it.each(cases)('killed $mode $state: the next run completes without loss or duplicates', async ({ state, mode }) => {
    if (reference === undefined) throw new Error('the reference run did not complete');
    const occurrence = mode === 'enter' ? 1 : (reference.get(state) ?? 1);
    const config = newCase();
    const ids = await prepareCase(config);
    const run = await runWorker(config, { state, occurrence, mode });
    expect(run.killedAt).toBe(state);
    await expectRecovered(config, ids);
  }, 120_000);
});
