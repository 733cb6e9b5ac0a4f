// What every e2e test of the web shell starts with: the embedded local stack (reference central
// server, signaling relay, web shell serving dist/web) and Debian's Chromium, with one browser
// context per "PC" at the 1366×768 of a health post screen. Pages record console errors and
// uncaught exceptions so a test can assert that a screen ran cleanly. dist/web is built once per
// run by the e2e project's global set-up (test/harness/e2e-build-global-setup.ts).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack';
import { chromiumArgs, chromiumPath } from './chromium';

export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
export const VIEWPORT = { width: 1366, height: 768 } as const;

export interface OpenedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors and warnings and uncaught exceptions seen so far on this page. */
  readonly problems: string[];
}

export interface E2EShell {
  readonly stack: LocalStack;
  readonly browser: Browser;
  /** Web shell URL with a trailing slash. */
  readonly webUrl: string;
  /** A fresh PC: a new browser context (its own IndexedDB) and one page in it. */
  openPage(options?: { acceptDownloads?: boolean }): Promise<OpenedPage>;
  /** Saves test-results/e2e/<name>.png. */
  screenshot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<Buffer>;
  /** Closes the pages opened since the last call (call it in afterEach). */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

export interface E2EShellOptions {
  /** Used in the temporary data directory's name. */
  readonly name: string;
  /** Build dist/web first; the e2e project's global set-up already did. Default false. */
  readonly build?: boolean;
  /** Extra Chromium flags (e.g. fake media devices). */
  readonly chromiumArgs?: readonly string[];
}

export async function startE2EShell(options: E2EShellOptions): Promise<E2EShell> {
  const dataDir = await mkdtemp(join(tmpdir(), `ceiba-e2e-${options.name}-`));
  await mkdir(SCREENSHOTS, { recursive: true });
  const stack = await startLocalStack({ webPort: 0, centralPort: 0, signalPort: 0, dataDir, build: options.build ?? false });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs(options.chromiumArgs) });
  } catch (err) {
    await stack.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  return {
    stack,
    browser,
    webUrl: stack.webUrl,
    async openPage(pageOptions = {}) {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-GT', acceptDownloads: pageOptions.acceptDownloads ?? false });
      contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      return { page, context, problems };
    },
    screenshot: (page, name, shotOptions = {}) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: shotOptions.fullPage ?? false }),
    async closePages() {
      for (const context of contexts.splice(0)) await context.close();
    },
    async close() {
      for (const context of contexts.splice(0)) await context.close();
      await browser.close();
      await stack.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
