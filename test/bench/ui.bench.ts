// The nurse's screens in Chromium (issue 6 item 7), `npm run bench:ui [-- --short]`:
//   interactive_s           web shell start to the main navigation in the DOM (MutationObserver
//                           injected before any script runs), median over fresh browser contexts;
//   search_keystroke_p95_ms patients page at 10,000 registered patients (1,000 with --short): from
//                           a keystroke in the search box to the results for the text typed so
//                           far on screen (the results list says which text it answers, in
//                           data-query), over every keystroke of a set of realistic queries;
//   chart_open_ms           median from choosing a patient in the results to the chart with all
//                           its sections loaded (data-chart-ready), for a child with a history.
// The register is generated (test/bench/ui/seed-register.ts) and written through the app's own
// encrypted store with the e2e-only hook (a renderer built in Vite's mode 'e2e'). The web shell
// names an unreachable central server, so no background sync competes with the measurements — a
// health post offline, which is the common case.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWebShell } from '../../src-server/web/web-shell';
import type { CeibaE2EHooks } from '../../src-renderer/features/sync/e2e-hooks';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import { setUpPost } from '../harness/e2e-accounts';
import { buildE2ERenderer } from '../harness/e2e-sync-stack';
import { machineInfo, median, percentile, type BenchOptions, type BenchReport } from './report';
import { childHistoryBundle } from './ui/child-history';
import { registerBundles } from './ui/seed-register';

const VIEWPORT = { width: 1366, height: 768 };
const HOOK = '__ceibaE2E';
/** Queries typed one key at a time: surnames, a given name with a surname, a CUI prefix, a year. */
const QUERIES = ['xol', 'pop choc', 'maría caal', 'tzoc', 'juan', 'cac', '1960'];

const OBSERVE_NAV = `
  (() => {
    const mark = () => {
      if (document.querySelector('nav')) { window.__ceibaInteractive = performance.now(); return true; }
      return false;
    };
    new MutationObserver((_, obs) => { if (mark()) obs.disconnect(); })
      .observe(document, { childList: true, subtree: true });
  })();
`;

const log = (line: string): void => {
  console.log(`  ui bench: ${line}`);
};

async function timeToNav(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-GT' });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE_NAV);
    await page.goto(url);
    await page.waitForFunction(() => typeof (window as { __ceibaInteractive?: number }).__ceibaInteractive === 'number');
    return await page.evaluate(() => (window as unknown as { __ceibaInteractive: number }).__ceibaInteractive);
  } finally {
    await context.close();
  }
}

async function importBundle(page: Page, bundle: Bundle): Promise<void> {
  await page.evaluate(
    async ([name, text]) => {
      const hooks = (window as unknown as Record<string, CeibaE2EHooks | undefined>)[name];
      if (hooks === undefined) throw new Error('no e2e hook');
      await hooks.importBundle(text);
    },
    [HOOK, JSON.stringify(bundle)] as const,
  );
}

/** Types `query` one key at a time; per key, ms from the input event to results answering the text so far. */
async function timeKeystrokes(page: Page, query: string): Promise<number[]> {
  const box = page.getByRole('searchbox').first();
  await box.fill('');
  await page.locator('[data-testid="patient-results"][data-query=""]').waitFor({ state: 'attached' }).catch(() => undefined);
  const times: number[] = [];
  for (const key of query) {
    await page.evaluate(() => {
      const w = window as unknown as { __ceibaKey?: number };
      const input = document.querySelector<HTMLInputElement>('input[type="search"]');
      input?.addEventListener('input', () => (w.__ceibaKey = performance.now()), { once: true });
    });
    await page.keyboard.type(key);
    const text = await box.inputValue();
    const handle = await page.waitForFunction(
      (expected) => {
        const list = document.querySelector('[data-testid="patient-results"]');
        return list?.getAttribute('data-query') === expected ? performance.now() : false;
      },
      text,
      { polling: 'raf', timeout: 30_000 },
    );
    const shown = (await handle.jsonValue()) as number;
    const typed = await page.evaluate(() => (window as unknown as { __ceibaKey: number }).__ceibaKey);
    times.push(shown - typed);
  }
  return times;
}

export async function run(options: BenchOptions): Promise<BenchReport> {
  const patients = options.short ? 1000 : 10_000;
  const interactiveRuns = options.short ? 3 : 9;
  const chartRuns = options.short ? 3 : 9;
  const distDir = await buildE2ERenderer();
  const shell = await startWebShell({ distDir, port: 0, config: { centralServerUrl: 'http://127.0.0.1:9/fhir', signalingUrl: null } });
  const blank = join(distDir, 'bench-blank.html');
  await writeFile(blank, '<!doctype html><html><body><nav>x</nav></body></html>');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs() });
  try {
    // 1. Start-up, against a blank page served the same way (the in-run baseline).
    await timeToNav(browser, shell.url);
    const interactive: number[] = [];
    const blankTimes: number[] = [];
    for (let i = 0; i < interactiveRuns; i++) {
      interactive.push(await timeToNav(browser, shell.url));
      blankTimes.push(await timeToNav(browser, new URL('bench-blank.html', shell.url).href));
    }
    log(`interactive median ${String(Math.round(median(interactive)))} ms (blank page ${String(Math.round(median(blankTimes)))} ms)`);

    // 2. A post with its register, written through the app's store.
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-GT' });
    const page = await context.newPage();
    await page.goto(shell.url);
    await setUpPost(page);
    await page.goto(`${shell.url}#/sincronizacion`);
    await page.waitForFunction((name) => name in window, HOOK);
    const seedStarted = performance.now();
    const { bundles, patients: register } = registerBundles(patients, 250);
    for (const bundle of bundles) await importBundle(page, bundle);
    const child = childHistoryBundle(register);
    await importBundle(page, child.bundle);
    log(`seeded ${String(register.length)} patients and one child's history in ${String(Math.round(performance.now() - seedStarted))} ms`);

    // 3. Search, keystroke by keystroke.
    await page.goto(`${shell.url}#/pacientes`);
    await page.getByRole('searchbox').first().waitFor();
    const keystrokes: number[] = [];
    for (const query of QUERIES) keystrokes.push(...(await timeKeystrokes(page, query)));
    log(`search: ${String(keystrokes.length)} keystrokes, p50 ${percentile(keystrokes, 50).toFixed(1)} ms, p95 ${percentile(keystrokes, 95).toFixed(1)} ms`);

    // 4. Opening the child's chart from the results.
    const chart: number[] = [];
    for (let i = 0; i < chartRuns; i++) {
      await page.goto(`${shell.url}#/pacientes`);
      const box = page.getByRole('searchbox').first();
      await box.fill(child.query);
      await page.locator(`[data-testid="patient-results"][data-query="${child.query}"]`).waitFor();
      const link = page.getByRole('link', { name: new RegExp(child.name) }).first();
      const started = await page.evaluate(() => performance.now());
      await link.click();
      const handle = await page.waitForFunction(() => (document.querySelector('[data-chart-ready="true"]') === null ? false : performance.now()), undefined, {
        polling: 'raf',
        timeout: 30_000,
      });
      chart.push(((await handle.jsonValue()) as number) - started);
    }
    log(`chart open median ${String(Math.round(median(chart)))} ms`);
    await context.close();

    return {
      figures: {
        interactive_s: { value: Math.round(median(interactive)) / 1000, unit: 's' },
        search_keystroke_p95_ms: { value: Math.round(percentile(keystrokes, 95) * 10) / 10, unit: 'ms' },
        chart_open_ms: { value: Math.round(median(chart)), unit: 'ms' },
        interactive_blank_page_s: { value: Math.round(median(blankTimes)) / 1000, unit: 's' },
        interactive_p95_s: { value: Math.round(percentile(interactive, 95)) / 1000, unit: 's' },
        search_keystroke_p50_ms: { value: Math.round(percentile(keystrokes, 50) * 10) / 10, unit: 'ms' },
        search_keystrokes: { value: keystrokes.length, unit: 'count' },
        chart_open_p95_ms: { value: Math.round(percentile(chart, 95)), unit: 'ms' },
        patients: { value: register.length, unit: 'count' },
      },
      machine: machineInfo({ chromium: browser.version() }),
      date: new Date().toISOString(),
    };
  } finally {
    await browser.close();
    await shell.close();
    await rm(distDir, { recursive: true, force: true });
  }
}
