// Sync benchmark (DESIGN §9, issue 5 item 10), `npx tsx test/bench/run.ts sync [--short]`.
// The reference central server runs in its own process (test/bench/sync/central-process.ts) on
// loopback with a fresh data directory; the client side runs here, in Node:
//   1. population: 10,000 Synthea patients cloned and re-identified (~300,000 resources; 150 with
//      --short) loaded as transaction bundles of PUTs, timed on its own (not a target);
//   2. initial download by the product sync engine (src-core/sync) into the MEMORY store with the
//      product validator — every pulled resource is validated, as in the app. The IndexedDB store's
//      own write speed is what bench:store measures. The same download into a store whose
//      validator accepts everything is reported beside it, to show what validation costs;
//   3. the naive client in the same run: one `GET [type]/[id]` per resource, in turn, each written
//      to the same kind of store, over a sample (3,000; 300 with --short) — a rate, not a time. It
//      runs before and after the engine's downloads and the faster rate counts (these two cores
//      are shared with other work; the load average of each phase goes into the report);
//   4. one day's work (40 consultations, 400 resources) created in a fresh store and pushed by the
//      engine through the fault proxy at 256 kbit/s each way with 150 ms latency each way (5 days,
//      the median one reported; 1 with --short); wire bytes counted by the proxy (both directions,
//      as sent: gzip counts as gzip).
// Figures (bench-results/sync.json): initial_download_res_per_s, naive_download_res_per_s,
// speedup_vs_naive, shaped_upload_s, wire_bytes, bytes_per_resource, shaped_vs_wire_limit_ratio,
// then breakdowns. CEIBA_BENCH_SYNC_PATIENTS overrides the population size;
// CEIBA_BENCH_SYNC_PROFILE=<dir> writes a CPU profile of the server process there.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Resource } from '@medplum/fhirtypes';
import type { ResourceValidator } from '../../src-core/fhir/validation';
import { ceibaValidator } from '../../src-core/fhir/validator';
import type { SyncStore } from '../../src-core/store';
import { createMemoryStore } from '../../src-core/store';
import type { ScopedType } from '../../src-core/sync';
import type { BenchOptions, BenchReport, Figure } from './report';
import { machineInfo } from './report';
import type { CentralChild } from './sync/central-child';
import { startCentralChild } from './sync/central-child';
import { CONSULTATIONS, RESOURCES_PER_CONSULTATION, dayOfWork } from './sync/day-of-work';
import type { EngineRun } from './sync/engine-runner';
import { runEngine } from './sync/engine-runner';
import { loadPopulation } from './sync/load-population';
import type { ResourceRef } from './sync/naive-client';
import { naiveDownload, sampleIds } from './sync/naive-client';
import { POST_TAG, loadTemplates, postPopulation } from './sync/post-population';
import { LINK_BITS_PER_SECOND, ONE_WAY_LATENCY_MS, overRuralLink } from './sync/shaped-link';

/** The benchmark reads the Synthea bundles from shared/ beside the repository (as CI lays it out). */
const SYNTHEA_DIR = fileURLToPath(new URL('../../../shared/data/synthea_r4/', import.meta.url));
/** Patients per loading transaction: ~600 resources, ~0.9 MB. */
const PATIENTS_PER_TRANSACTION = 20;

/** The post's scope: every type of the population, referenced types first, all by the post's tag. */
const PULLED_TYPES = [
  'Organization', 'Practitioner', 'Patient', 'Encounter', 'Condition', 'Observation', 'Procedure', 'MedicationRequest',
  'Immunization', 'DiagnosticReport', 'CarePlan', 'Goal', 'AllergyIntolerance', 'ImagingStudy', 'Claim', 'ExplanationOfBenefit',
] as const;
const SCOPE: readonly ScopedType[] = PULLED_TYPES.map((resourceType) => ({ resourceType, params: { _tag: `${POST_TAG.system}|${POST_TAG.code}` } }));

const acceptAll: ResourceValidator = { validate: () => [] };

const log = (line: string): void => {
  console.log(`  sync bench: ${line}`);
};
const perSecond = (count: number, ms: number): number => (count * 1000) / ms;
const round2 = (x: number): number => Math.round(x * 100) / 100;
const rate = (value: number): Figure => ({ value: Math.round(value), unit: 'resources/s' });

export async function run(options: BenchOptions): Promise<BenchReport> {
  if (!existsSync(SYNTHEA_DIR)) throw new Error(`Synthea bundles not found at ${SYNTHEA_DIR} (shared/ must sit beside the repository)`);
  const patients = Number(process.env.CEIBA_BENCH_SYNC_PATIENTS ?? (options.short ? 150 : 10_000));
  const naiveSampleSize = options.short ? 300 : 3000;
  const uploadRepetitions = options.short ? 1 : 5;
  const templates = loadTemplates(SYNTHEA_DIR);
  const validator = ceibaValidator();
  // Profiles loaded and JIT warm before anything is timed (the engine runs first and would pay it alone).
  for (const entry of templates.flat().slice(0, 300)) if (entry.resource !== undefined) validator.validate(entry.resource);

  const central = await startCentralChild();
  try {
    // 1. The post's records on the central server.
    const load = await loadPopulation(central.baseUrl, postPopulation(templates, patients, PATIENTS_PER_TRANSACTION), log);
    log(`population: ${String(load.patients)} patients / ${String(load.resources)} resources loaded in ${String(Math.round(load.ms / 1000))} s`);
    const unknownTypes = Object.keys(load.types).filter((t) => !(PULLED_TYPES as readonly string[]).includes(t));
    if (unknownTypes.length > 0) throw new Error(`the scope misses population types: ${unknownTypes.join(', ')}`);

    // 2. The naive client on a sample, before and after the engine's downloads (the machine is
    //    shared and noisy; the faster of its two rates is the one compared with).
    const refs = await sampleIds(central.baseUrl, load.types, naiveSampleSize);
    const loads: Record<string, number> = { population: loadAverage() };
    const naiveBefore = await naiveRun(central, refs, validator);
    loads.naive_before = loadAverage();

    // 3. Initial download by the sync engine, with the product validator and without validation.
    const download = await engineDownload(central, validator, load.resources);
    loads.download = loadAverage();
    const clientHeapMb = Math.round(download.heapUsedMb);
    log(`engine download: ${String(download.result.pulled)} resources in ${String(Math.round(download.ms / 1000))} s, ${String(download.requests)} requests ${JSON.stringify(download.requestKinds)}`);
    const unvalidated = await engineDownload(central, acceptAll, load.resources);
    loads.download_without_validation = loadAverage();
    log(`engine download without validation: ${String(Math.round(unvalidated.ms / 1000))} s`);

    const naiveAfter = await naiveRun(central, refs, validator);
    loads.naive_after = loadAverage();
    const naive = naiveBefore.rate >= naiveAfter.rate ? naiveBefore : naiveAfter;
    const validateMs = await validationTime(naive.store, refs, validator);

    // 4. One day's work pushed over the rural link, a few times (each a new day in a new store):
    //    one upload takes ~2 s, which a busy neighbour on these cores can stretch; the median counts.
    const uploads: UploadFigures[] = [];
    for (let day = 0; day < uploadRepetitions; day++) {
      const upload = await shapedUpload(central, refs, validator, day);
      log(`upload: ${String(upload.resources)} resources in ${upload.seconds.toFixed(2)} s, ${String(upload.wireBytes)} bytes on the wire (limit ${upload.wireLimitSeconds.toFixed(2)} s), ${String(upload.requests)} requests`);
      uploads.push(upload);
    }
    loads.upload = loadAverage();
    const upload = medianBy(uploads, (u) => u.seconds);

    const downloadRate = perSecond(download.result.pulled, download.ms);
    const naiveRate = naive.rate;
    const fetchOnlyRate = Math.max(naiveBefore.fetchOnlyRate, naiveAfter.fetchOnlyRate);
    return {
      figures: {
        initial_download_res_per_s: rate(downloadRate),
        naive_download_res_per_s: rate(naiveRate),
        speedup_vs_naive: { value: round2(downloadRate / naiveRate), unit: 'x' },
        shaped_upload_s: { value: round2(upload.seconds), unit: 's' },
        wire_bytes: { value: upload.wireBytes, unit: 'bytes' },
        bytes_per_resource: { value: Math.round(upload.wireBytes / upload.resources), unit: 'bytes' },
        shaped_vs_wire_limit_ratio: { value: round2(upload.seconds / upload.wireLimitSeconds), unit: 'x' },
        // Breakdowns.
        download_s: { value: round2(download.ms / 1000), unit: 's' },
        download_resources: { value: download.result.pulled, unit: 'count' },
        download_requests: { value: download.requests, unit: 'count' },
        download_body_mb: { value: round2(download.result.bytes.down / 2 ** 20), unit: 'MB' },
        download_without_validation_res_per_s: rate(perSecond(unvalidated.result.pulled, unvalidated.ms)),
        validate_only_res_per_s: rate(perSecond(refs.length, validateMs)),
        naive_fetch_only_res_per_s: rate(fetchOnlyRate),
        speedup_vs_naive_fetch_only: { value: round2(downloadRate / fetchOnlyRate), unit: 'x' },
        naive_before_download_res_per_s: rate(naiveBefore.rate),
        naive_after_download_res_per_s: rate(naiveAfter.rate),
        naive_sample_resources: { value: refs.length, unit: 'count' },
        upload_resources: { value: upload.resources, unit: 'count' },
        upload_repetitions: { value: uploads.length, unit: 'count' },
        upload_fastest_s: { value: round2(Math.min(...uploads.map((u) => u.seconds))), unit: 's' },
        upload_slowest_s: { value: round2(Math.max(...uploads.map((u) => u.seconds))), unit: 's' },
        upload_wire_limit_s: { value: round2(upload.wireLimitSeconds), unit: 's' },
        upload_requests: { value: upload.requests, unit: 'count' },
        // One round trip per request, in turn: what latency adds to the wire limit for this client.
        upload_round_trips_s: { value: round2((upload.requests * 2 * ONE_WAY_LATENCY_MS) / 1000), unit: 's' },
        upload_bytes_up: { value: upload.bytesUp, unit: 'bytes' },
        upload_bytes_down: { value: upload.bytesDown, unit: 'bytes' },
        link_kbit_s: { value: LINK_BITS_PER_SECOND / 1000, unit: 'kbit/s' },
        link_rtt_ms: { value: 2 * ONE_WAY_LATENCY_MS, unit: 'ms' },
        population_patients: { value: load.patients, unit: 'count' },
        population_resources: { value: load.resources, unit: 'count' },
        population_load_s: { value: round2(load.ms / 1000), unit: 's' },
        population_load_res_per_s: rate(perSecond(load.resources, load.ms)),
        server_rss_mb: { value: await central.rssMb(), unit: 'MB' },
        client_heap_after_download_mb: { value: clientHeapMb, unit: 'MB' },
      },
      machine: machineInfo({
        mode: options.short ? 'short' : 'full',
        client: 'Node, memory store, product validator',
        server: 'reference central server, own process',
        // 1-minute load average at the end of each phase: other work on these shared cores.
        ...Object.fromEntries(Object.entries(loads).map(([phase, value]) => [`loadavg_${phase}`, value])),
      }),
      date: new Date().toISOString(),
    };
  } finally {
    await central.close();
  }
}

/**
 * A fresh memory store filled by one engine run; checks that it holds exactly the population.
 * Also the JS heap in use with that store still alive (the memory store keeps every body in it).
 */
async function engineDownload(central: CentralChild, validator: ResourceValidator, expected: number): Promise<EngineRun & { heapUsedMb: number }> {
  const store = createMemoryStore({ validator });
  const run = await runEngine({ baseUrl: central.baseUrl, store, scope: SCOPE });
  const stats = await store.stats();
  if (run.result.pulled !== expected || stats.resources !== expected || stats.pendingChanges !== 0 || run.result.attention !== 0) {
    throw new Error(`download incomplete: ${String(expected)} on the server, ${String(run.result.pulled)} pulled, ${String(stats.resources)} in the store, ${String(run.result.attention)} refused`);
  }
  return { ...run, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 };
}

interface NaiveRun {
  readonly rate: number;
  readonly fetchOnlyRate: number;
  /** The store the (validated) run wrote to. */
  readonly store: SyncStore;
}

/** The naive client into a fresh store, then the same GETs with no store at all. */
async function naiveRun(central: CentralChild, refs: readonly ResourceRef[], validator: ResourceValidator): Promise<NaiveRun> {
  const store = createMemoryStore({ validator });
  const withStore = await naiveDownload(central.baseUrl, refs, (resource) => applyOne(store, resource));
  const fetchOnly = await naiveDownload(central.baseUrl, refs, () => Promise.resolve());
  log(`naive: ${String(withStore.resources)} resources in ${String(Math.round(withStore.ms))} ms (${String(Math.round(fetchOnly.ms))} ms without the store)`);
  return { rate: perSecond(withStore.resources, withStore.ms), fetchOnlyRate: perSecond(fetchOnly.resources, fetchOnly.ms), store };
}

/** The element with the median key (the lower middle one for an even count). */
function medianBy<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (middle === undefined) throw new Error('median of nothing');
  return middle;
}

const loadAverage = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100;

/** What the naive client does with each answer: the store write the engine does per page, for one resource. */
async function applyOne(store: SyncStore, resource: Resource): Promise<void> {
  const versionId = resource.meta?.versionId;
  if (resource.id === undefined || versionId === undefined) throw new Error('a resource without id or versionId');
  const result = await store.applyRemote([
    {
      resourceType: resource.resourceType,
      id: resource.id,
      serverVersionId: versionId,
      ...(resource.meta?.lastUpdated === undefined ? {} : { serverLastUpdated: resource.meta.lastUpdated }),
      resource,
    },
  ]);
  if (result.applied !== 1) throw new Error(`the store did not take ${resource.resourceType}/${resource.id}`);
}

/** The validator alone on the naive sample (read back from the store), in ms. */
async function validationTime(store: SyncStore, refs: readonly ResourceRef[], validator: ResourceValidator): Promise<number> {
  const resources: Resource[] = [];
  for (const ref of refs) resources.push(await store.read(ref.resourceType as Resource['resourceType'], ref.id));
  const start = performance.now();
  for (const resource of resources) validator.validate(resource);
  return performance.now() - start;
}

interface UploadFigures {
  readonly resources: number;
  readonly seconds: number;
  readonly wireBytes: number;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly requests: number;
  readonly wireLimitSeconds: number;
}

/** The day's consultations saved in a fresh store, then one push-only engine run over the rural link. */
async function shapedUpload(central: CentralChild, refs: readonly ResourceRef[], validator: ResourceValidator, seed: number): Promise<UploadFigures> {
  const idsOf = (type: string): string[] => refs.filter((r) => r.resourceType === type).map((r) => r.id);
  const [practitionerId] = idsOf('Practitioner');
  const [organizationId] = idsOf('Organization');
  if (practitionerId === undefined || organizationId === undefined) throw new Error('the sample has no practitioner or organization');
  const store = createMemoryStore({ validator });
  for (const bundle of dayOfWork({ patientIds: idsOf('Patient'), practitionerId, organizationId, day: new Date().toISOString().slice(0, 10), seed })) {
    await store.importBundle(bundle);
  }
  const expected = CONSULTATIONS * RESOURCES_PER_CONSULTATION;
  const outbox = await store.pendingChanges();
  if (outbox.length !== expected) throw new Error(`the day's work made ${String(outbox.length)} pending changes, not ${String(expected)}`);

  const shaped = await overRuralLink(central.baseUrl, (baseUrl) => runEngine({ baseUrl, store, scope: [] }));
  const { pushed } = shaped.result.result;
  if (pushed !== expected || (await store.stats()).pendingChanges !== 0) throw new Error(`upload incomplete: ${String(pushed)} of ${String(expected)} pushed`);
  await assertOnServer(central.baseUrl, outbox);
  return {
    resources: pushed,
    seconds: shaped.seconds,
    wireBytes: shaped.wireBytes,
    bytesUp: shaped.bytesUp,
    bytesDown: shaped.bytesDown,
    requests: shaped.requests,
    wireLimitSeconds: shaped.wireLimitSeconds,
  };
}

/** Every uploaded resource is on the server (read directly, not through the proxy). */
async function assertOnServer(baseUrl: string, refs: readonly ResourceRef[]): Promise<void> {
  for (const ref of refs) {
    const response = await fetch(`${baseUrl}/${ref.resourceType}/${ref.id}`, { headers: { Accept: 'application/fhir+json' } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`uploaded ${ref.resourceType}/${ref.id} is not on the server (${String(response.status)})`);
  }
}
