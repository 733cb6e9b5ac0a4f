// Local store benchmark (DESIGN §9), in Chromium with real IndexedDB: a page built with Vite from
// test/bench/store/, served on loopback and driven with Playwright; the store uses the product
// cipher and validator. Figures:
//   import_res_per_s       the 66 Synthea transaction bundles through importBundle, one after
//                          the other (as the app imports)
//   raw_bulkput_res_per_s  the same JSON through raw Dexie bulkPut into an unindexed table, the
//                          mean of a run before the imports and one after them (IndexedDB slows
//                          down as deleted databases pile up in the profile; this evens it out)
//   import_vs_raw_ratio    the two above (the in-run ratio the target is about)
//   create_p50_ms/p95      single creates of a patient
//   identifier_p95_ms, name_prefix_p95_ms, date_range_p95_ms, summary_p95_ms
//                          at the scaled population (10,000 patients / ~300,000 resources;
//                          200 patients with --short)
//   peak_memory_mb         peak JS heap of the page (CDP Performance.getMetrics JSHeapUsedSize)
// plus breakdowns that explain them (validation alone, import with an accept-all validator, each
// raw run, population import rate and size). CEIBA_BENCH_STORE_PATIENTS overrides the population
// size.
import { existsSync, readdirSync } from 'node:fs';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import type { QueryKind, StoreBenchApi } from './store/bench-page';
import { machineInfo, median, percentile, type BenchOptions, type BenchReport, type Figure } from './report';

const PAGE_DIR = fileURLToPath(new URL('./store/', import.meta.url));
/** The benchmark reads the Synthea bundles from shared/ beside the repository (as CI lays it out). */
const SYNTHEA_DIR = fileURLToPath(new URL('../../../shared/data/synthea_r4/', import.meta.url));

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };

async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: PAGE_DIR,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 100_000, reportCompressedSize: false },
  });
}

function serve(pageDir: string, bundles: readonly string[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const send = (status: number, body: string | Buffer, type = 'text/plain'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const file = async (): Promise<void> => {
      if (path === '/synthea/index.json') {
        send(200, JSON.stringify(bundles), TYPES['.json']);
      } else if (path.startsWith('/synthea/')) {
        const name = path.slice('/synthea/'.length);
        if (bundles.includes(name)) send(200, await readFile(join(SYNTHEA_DIR, name)), TYPES['.json']);
        else send(404, 'not found');
      } else {
        const local = normalize(join(pageDir, path === '/' ? 'index.html' : path));
        if (local.startsWith(pageDir)) send(200, await readFile(local), TYPES[extname(local)] ?? 'application/octet-stream');
        else send(403, 'forbidden');
      }
    };
    file().catch(() => {
      send(404, 'not found');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => { resolve(server); }));
}

type Step<K extends keyof StoreBenchApi> = Awaited<ReturnType<StoreBenchApi[K]>>;

/** Calls one page step; arguments travel as JSON. */
function step<K extends keyof StoreBenchApi>(page: Page, name: K, ...args: Parameters<StoreBenchApi[K]>): Promise<Step<K>> {
  return page.evaluate(
    async ([n, a]) => {
      const bench = window.ceibaStoreBench;
      if (bench === undefined) throw new Error('benchmark page not loaded');
      return (bench[n] as (...x: unknown[]) => Promise<unknown>)(...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Step<K>>;
}

const perSecond = (count: number, ms: number): number => (count * 1000) / ms;
const round2 = (x: number): number => Math.round(x * 100) / 100;

export async function run(options: BenchOptions): Promise<BenchReport> {
  if (!existsSync(SYNTHEA_DIR)) throw new Error(`Synthea bundles not found at ${SYNTHEA_DIR} (shared/ must sit beside the repository)`);
  const bundles = readdirSync(SYNTHEA_DIR).filter((f) => f.endsWith('.json')).sort();
  const patients = Number(process.env.CEIBA_BENCH_STORE_PATIENTS ?? (options.short ? 200 : 10_000));
  const queryRuns = options.short ? 40 : 200;
  const createRuns = options.short ? 40 : 200;

  const outDir = await mkdtemp(join(tmpdir(), 'ceiba-store-bench-'));
  await buildPage(outDir);
  const server = await serve(outDir, bundles);
  // A persistent profile on disk: an ordinary (incognito) Playwright context keeps IndexedDB in
  // memory under a small quota, which neither holds 300,000 resources nor costs what a disk does.
  const profileDir = await mkdtemp(join(tmpdir(), 'ceiba-store-bench-profile-'));
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath(), args: chromiumArgs() });
  let peakHeap = 0;
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (message) => {
      if (message.text().startsWith('bench: ')) console.log(`  store ${message.text()}`);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const sample = async (): Promise<void> => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peakHeap = Math.max(peakHeap, used);
    };
    sampler = setInterval(() => {
      sample().catch(() => undefined);
    }, 200);

    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${String(port)}/`);
    await page.waitForFunction(() => window.ceibaStoreBench !== undefined);
    const loaded = await step(page, 'init');
    const log = (line: string): void => {
      console.log(`  store bench: ${line}`);
    };
    log(`${String(loaded.bundles)} Synthea bundles, ${String(loaded.resources)} resources`);

    const rawBefore = await step(page, 'rawBulkPut');
    const imported = await step(page, 'importSynthea', true);
    log(`import ${String(imported.resources)} resources in ${String(Math.round(imported.ms))} ms`);
    const unvalidated = await step(page, 'importSynthea', false);
    const rawAfter = await step(page, 'rawBulkPut');
    const raw = { resources: rawBefore.resources, ms: (rawBefore.ms + rawAfter.ms) / 2 };
    log(`raw bulkPut ${String(raw.resources)} resources in ${String(Math.round(rawBefore.ms))} / ${String(Math.round(rawAfter.ms))} ms (before / after the imports)`);
    const validated = await step(page, 'validateOnly');
    const creates = await step(page, 'createSingles', createRuns);

    const populated = await step(page, 'populate', patients);
    log(`population ${String(populated.patients)} patients / ${String(populated.resources)} resources in ${String(Math.round(populated.ms / 1000))} s`);
    const p95: Partial<Record<QueryKind, number>> = {};
    const p50: Partial<Record<QueryKind, number>> = {};
    for (const kind of ['identifier', 'name_prefix', 'date_range', 'summary'] as const) {
      const times = await step(page, 'queries', kind, queryRuns);
      p95[kind] = percentile(times, 95);
      p50[kind] = median(times);
    }
    await sample();
    if (problems.length > 0) throw new Error(`page errors: ${problems.join('; ')}`);

    const importRate = perSecond(imported.resources, imported.ms);
    const rawRate = perSecond(raw.resources, raw.ms);
    const ms = (value: number): Figure => ({ value: round2(value), unit: 'ms' });
    return {
      figures: {
        import_res_per_s: { value: Math.round(importRate), unit: 'resources/s' },
        raw_bulkput_res_per_s: { value: Math.round(rawRate), unit: 'resources/s' },
        import_vs_raw_ratio: { value: round2(importRate / rawRate), unit: 'x' },
        create_p50_ms: ms(median(creates)),
        create_p95_ms: ms(percentile(creates, 95)),
        identifier_p95_ms: ms(p95.identifier ?? NaN),
        name_prefix_p95_ms: ms(p95.name_prefix ?? NaN),
        date_range_p95_ms: ms(p95.date_range ?? NaN),
        summary_p95_ms: ms(p95.summary ?? NaN),
        peak_memory_mb: { value: round2(peakHeap / 2 ** 20), unit: 'MB' },
        identifier_p50_ms: ms(p50.identifier ?? NaN),
        name_prefix_p50_ms: ms(p50.name_prefix ?? NaN),
        date_range_p50_ms: ms(p50.date_range ?? NaN),
        summary_p50_ms: ms(p50.summary ?? NaN),
        raw_bulkput_before_res_per_s: { value: Math.round(perSecond(rawBefore.resources, rawBefore.ms)), unit: 'resources/s' },
        raw_bulkput_after_res_per_s: { value: Math.round(perSecond(rawAfter.resources, rawAfter.ms)), unit: 'resources/s' },
        import_without_validation_res_per_s: { value: Math.round(perSecond(unvalidated.resources, unvalidated.ms)), unit: 'resources/s' },
        validate_only_res_per_s: { value: Math.round(perSecond(validated.resources, validated.ms)), unit: 'resources/s' },
        population_import_res_per_s: { value: Math.round(perSecond(populated.resources, populated.ms)), unit: 'resources/s' },
        population_patients: { value: populated.patients, unit: 'count' },
        population_resources: { value: populated.resources, unit: 'count' },
      },
      machine: machineInfo({ chromium: context.browser()?.version() ?? 'unknown', mode: options.short ? 'short' : 'full' }),
      date: new Date().toISOString(),
    };
  } finally {
    if (sampler !== undefined) clearInterval(sampler);
    await context.close();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    await rm(outDir, { recursive: true, force: true });
    await rm(profileDir, { recursive: true, force: true });
  }
}
