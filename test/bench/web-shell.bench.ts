// Web shell start-up in Chromium (DESIGN §9 target: interactive ≤ 2 s on these 2-core machines).
// "Interactive" = the main navigation is in the DOM, seen by a MutationObserver injected before
// any page script runs. A blank static page loaded in the same browser is the in-run baseline,
// so the ratio is comparable across noisy machines even when absolute times are not.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import { startLocalStack, webDistDir } from '../../scripts/local-stack';
import { machineInfo, median, percentile, type BenchOptions, type BenchReport } from './report';


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

async function timeToNav(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
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

export async function run(options: BenchOptions): Promise<BenchReport> {
  const runs = options.short ? 3 : 9;
  const dataDir = await mkdtemp(join(tmpdir(), 'ceiba-bench-'));
  const stack = await startLocalStack({ dataDir, webPort: 0, centralPort: 0, signalPort: 0, build: true });
  // Baseline: the smallest page with a <nav>, served by the same server from the same folder.
  const blank = join(webDistDir, 'bench-blank.html');
  await writeFile(blank, '<!doctype html><html><body><nav>x</nav></body></html>');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs() });
  try {
    const shell: number[] = [];
    const baseline: number[] = [];
    await timeToNav(browser, stack.webUrl); // warm the HTTP server and browser process
    for (let i = 0; i < runs; i++) {
      shell.push(await timeToNav(browser, stack.webUrl));
      baseline.push(await timeToNav(browser, new URL('bench-blank.html', stack.webUrl).href));
    }
    const shellMedian = median(shell);
    return {
      figures: {
        interactive_median_ms: { value: shellMedian, unit: 'ms' },
        interactive_p95_ms: { value: percentile(shell, 95), unit: 'ms' },
        blank_page_median_ms: { value: median(baseline), unit: 'ms' },
        interactive_vs_blank_ratio: { value: shellMedian / Math.max(median(baseline), 0.001), unit: 'x' },
        runs: { value: runs, unit: 'count' },
      },
      machine: machineInfo({ chromium: browser.version() }),
      date: new Date().toISOString(),
    };
  } finally {
    await browser.close();
    await stack.close();
    await rm(blank, { force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}
