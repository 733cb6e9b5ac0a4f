// The sync area end to end (issue 5, item 7 and its acceptance): the web shell in Debian's
// Chromium at 1366×768 syncing with the reference central server through the fault proxy, whose
// link the test slows down so a run takes seconds. The engine runs in the sync worker against the
// browser's real encrypted IndexedDB store.
//
// Seeding: no screen can create hundreds of records yet, so the test imports Synthea transaction
// bundles through the session's own store (validation, sealing, outbox: the write path of every
// screen) by a dev-only window hook that exists only in a build made in Vite's mode 'e2e'
// (src-renderer/features/sync/e2e-hooks.ts); the last test checks that the production build has
// no trace of it.
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../src-core/platform/logger';
import type { CeibaE2EHooks } from '../../src-renderer/features/sync/e2e-hooks';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import { setUpPost } from '../harness/e2e-accounts';
import { startSyncStack, type SyncStack } from '../harness/e2e-sync-stack';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const SYNTHEA = fileURLToPath(new URL('../fixtures/store/', import.meta.url));
const VIEWPORT = { width: 1366, height: 768 };
const SUCCEEDED = /^Terminó bien/;
const HOOK = '__ceibaE2E';
/** The link during the observed run: ~24 kB/s up (the gzipped transactions take seconds), 40 ms each way. */
const SLOW_LINK = { bytesPerSecond: { toServer: 24_000 }, latencyMs: { toServer: 40, toClient: 40 } } as const;

let dataDir: string;
let stack: SyncStack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

async function openPage(): Promise<{ page: Page; problems: string[] }> {
  if (browser === undefined) throw new Error('browser not started');
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-GT', acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}

const screenshot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

const nav = (page: Page) => page.getByRole('navigation', { name: 'Navegación principal' });
const syncNow = (page: Page) => page.getByRole('button', { name: /^(Sincronizar ahora|Sincronizando…)$/ });
const pendingText = (page: Page) => page.getByTestId('sync-pending');
const lastRunText = (page: Page) => page.getByTestId('sync-last-run');

/** To the sync area through the navigation; the page reads the worker's status on arrival. */
async function openSyncArea(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Sincronización', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Sincronización' }).waitFor();
  await syncNow(page).waitFor({ timeout: 30_000 });
}

/** Leaves and comes back, so the page shows what other screens (here: the hook) wrote meanwhile. */
async function revisitSyncArea(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Inicio', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Inicio' }).waitFor();
  await openSyncArea(page);
}

async function waitForIdleSuccess(page: Page, timeout = 60_000): Promise<void> {
  await page.getByRole('button', { name: 'Sincronizar ahora', exact: true }).waitFor({ timeout });
  await expect.poll(() => lastRunText(page).innerText(), { timeout }).toMatch(SUCCEEDED);
}

async function hooks(page: Page): Promise<void> {
  await page.waitForFunction((name) => name in window, HOOK);
}

function importBundle(page: Page, json: string): Promise<string[]> {
  return page.evaluate(
    ([name, text]) => (window as unknown as Record<string, CeibaE2EHooks>)[name]?.importBundle(text) ?? Promise.reject(new Error('no e2e hook')),
    [HOOK, json] as const,
  );
}

function syncLog(page: Page): Promise<LogRecord[]> {
  return page.evaluate((name) => [...((window as unknown as Record<string, CeibaE2EHooks>)[name]?.syncLog() ?? [])], HOOK);
}

/** GET on the central server itself (not through the proxy). */
async function central(path: string): Promise<{ status: number; body: unknown; etag: string | null }> {
  const res = await fetch(`${stack?.centralUrl ?? ''}/${path}`, { headers: { Accept: 'application/fhir+json' } });
  return { status: res.status, body: await res.json(), etag: res.headers.get('etag') };
}

async function serverCount(type: string): Promise<number> {
  const { body } = await central(`${type}?_summary=count`);
  return (body as Bundle).total ?? -1;
}

/** Every change of the progress bar and the pending count, recorded in the page as it happens. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const samples: { now: number; max: number; text: string }[] = [];
    const pending: string[] = [];
    const w = window as unknown as { __samples: typeof samples; __pending: typeof pending };
    w.__samples = samples;
    w.__pending = pending;
    const read = (): void => {
      const bar = document.querySelector('[role="progressbar"]');
      const now = bar?.getAttribute('aria-valuenow');
      const max = bar?.getAttribute('aria-valuemax');
      if (bar !== null && now !== null && now !== undefined && max !== null && max !== undefined) {
        const text = bar.getAttribute('aria-valuetext') ?? '';
        const last = samples[samples.length - 1];
        if (last?.now !== Number(now) || last.max !== Number(max) || last.text !== text) samples.push({ now: Number(now), max: Number(max), text });
      }
      const count = document.querySelector('[data-testid="sync-pending"]')?.textContent ?? '';
      if (pending[pending.length - 1] !== count) pending.push(count);
    };
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    read();
  });
}

const recorded = (page: Page): Promise<{ samples: { now: number; max: number; text: string }[]; pending: string[] }> =>
  page.evaluate(() => {
    const w = window as unknown as { __samples: { now: number; max: number; text: string }[]; __pending: string[] };
    return { samples: w.__samples, pending: w.__pending };
  });

const toNumber = (text: string): number => Number(text.replace(/[^\d]/g, ''));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ceiba-e2e-sync-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  stack = await startSyncStack(dataDir);
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs() });
});

afterEach(async () => {
  stack?.proxy.setLink({});
  stack?.proxy.plan(() => ({ kind: 'pass' }));
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('sync area (web)', () => {
  it('shows real progress and the pending count falling to 0 while hundreds of records go to the central server', async () => {
    if (stack === undefined) throw new Error('stack not started');
    const { page, problems } = await openPage();
    await page.goto(stack.webUrl);
    await setUpPost(page);

    // First visit: the worker starts and its first run sends the post's set-up records.
    await openSyncArea(page);
    await waitForIdleSuccess(page);
    expect(await pendingText(page).innerText()).toBe('0');
    expect(await page.getByText('Última sincronización correcta').isVisible()).toBe(true);
    const lastSuccess = await page.getByTestId('sync-last-success').innerText();
    expect(lastSuccess).toMatch(/^\d{2}\/\d{2}\/\d{4}, \d{1,2}:\d{2}\s?[ap]\.\s?m\.$/u); // es-GT: 25/11/2025, 1:05 p. m.

    // Seed: the three Synthea patients twice (new ids each time), through the app's store.
    await hooks(page);
    const files = (await readdir(SYNTHEA)).filter((f) => f.endsWith('.json')).sort();
    const seeded: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (const file of files) seeded.push(...(await importBundle(page, await readFile(join(SYNTHEA, file), 'utf8'))));
    }
    expect(seeded.length).toBeGreaterThanOrEqual(300);
    const seededByType = new Map<string, number>();
    for (const ref of seeded) {
      const type = ref.split('/')[0] ?? '';
      seededByType.set(type, (seededByType.get(type) ?? 0) + 1);
    }
    const before = new Map<string, number>();
    for (const type of seededByType.keys()) before.set(type, await serverCount(type));

    await revisitSyncArea(page);
    await expect.poll(async () => toNumber(await pendingText(page).innerText())).toBe(seeded.length);
    await screenshot(page, 'sincronizacion-pendientes');

    // Offline transfer: the pending changes sealed into a downloaded file (password twice).
    const transfer = page.getByRole('region', { name: 'Transferencia sin conexión' });
    await transfer.getByLabel('Contraseña del archivo').fill('clave-de-la-memoria');
    await transfer.getByLabel('Repita la contraseña').fill('clave-de-la-memoria');
    const downloading = page.waitForEvent('download', { timeout: 60_000 });
    await transfer.getByRole('button', { name: 'Exportar cambios pendientes a un archivo' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^ceiba-transferencia-16-01-PS-007-\d{8}-\d{4}\.ceiba$/);
    const sealed = await readFile(await download.path());
    const [kindLine = '', headerLine = ''] = sealed.subarray(0, 4096).toString('latin1').split('\n');
    expect(kindLine).toBe('CEIBA-TRANSFER 1');
    expect(headerLine).toContain(`"changes":${String(seeded.length)}`);
    expect(sealed.toString('latin1')).not.toContain('Hoeger'); // a seeded family name: the body is sealed
    await transfer.getByText(`con ${String(seeded.length)} cambios pendientes`, { exact: false }).waitFor();

    // A slow link, then "Sincronizar ahora"; every change of the bar and the count is recorded.
    stack.proxy.setLink(SLOW_LINK);
    await recordProgress(page);
    await syncNow(page).focus();
    await page.keyboard.press('Enter');
    const bar = page.getByRole('progressbar', { name: 'Avance de la sincronización' });
    await page.waitForFunction(() => {
      const el = document.querySelector('[role="progressbar"]');
      const now = Number(el?.getAttribute('aria-valuenow') ?? 'NaN');
      const max = Number(el?.getAttribute('aria-valuemax') ?? 'NaN');
      return now > 0 && now < max;
    }, undefined, { timeout: 60_000 });
    expect(await page.getByRole('region', { name: 'Sincronización en curso' }).innerText()).toMatch(/Enviando cambios \d+ de \d+/);
    expect(await bar.getAttribute('aria-valuemin')).toBe('0');
    await screenshot(page, 'sincronizacion-en-curso');

    await waitForIdleSuccess(page, 90_000);
    expect(await pendingText(page).innerText()).toBe('0');
    await screenshot(page, 'sincronizacion-terminada');

    const { samples, pending } = await recorded(page);
    const push = samples.filter((s) => s.text.startsWith('Enviando cambios'));
    expect(push.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < push.length; i++) expect(push[i]?.now).toBeGreaterThanOrEqual(push[i - 1]?.now ?? 0);
    // (The last step's render can be merged with the switch to the pull; the count below shows the end.)
    expect(push[push.length - 1]?.now ?? 0).toBeGreaterThan(push[0]?.now ?? 0);
    expect(push[push.length - 1]?.max).toBeGreaterThanOrEqual(seeded.length);
    expect(samples.some((s) => s.text.startsWith('Recibiendo'))).toBe(true);
    // The count the page showed went down step by step during the run, to 0.
    const counts = pending.map(toNumber);
    expect(counts[0]).toBe(seeded.length);
    expect(counts[counts.length - 1]).toBe(0);
    expect(new Set(counts).size).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1] ?? 0);
    expect(toNumber(/cambios enviados: ([\d.,]+);/.exec(await lastRunText(page).innerText())?.[1] ?? '')).toBe(seeded.length);

    // The server holds exactly what was seeded: per type, the count grew by the seeded number,
    // and each seeded resource is there under its device-assigned id.
    for (const [type, n] of seededByType) expect(await serverCount(type)).toBe((before.get(type) ?? 0) + n);
    for (const ref of seeded.filter((r) => r.startsWith('Patient/'))) {
      const { status, body } = await central(ref);
      expect(status).toBe(200);
      expect((body as Patient).id).toBe(ref.split('/')[1]);
    }
    expect(stack.proxy.counters.bytesToServer).toBeGreaterThan(0);

    // Malformed messages are dropped with an English log line, in both directions, and sync goes on.
    const [worker] = page.workers();
    if (worker === undefined) throw new Error('no sync worker');
    await worker.evaluate(() => {
      const scope = self as unknown as { postMessage(message: unknown): void; dispatchEvent(event: Event): boolean };
      scope.dispatchEvent(new MessageEvent('message', { data: { kind: 'call', id: 'one', name: 'status', args: {} } }));
      scope.dispatchEvent(new MessageEvent('message', { data: { kind: 'call', id: 7, name: 'resolveConflict', args: { resourceType: 'Patient', id: 'p', choice: 'mine' } } }));
      scope.postMessage({ kind: 'event', event: { type: 'progress', phase: 'sideways', done: 1, total: 2 } });
    });
    const dropped = async (): Promise<string[]> =>
      (await syncLog(page)).filter((r) => r.msg.includes('dropped')).map((r) => `${r.msg}: ${String(r.fields.reason)}`);
    await expect.poll(dropped).toEqual([
      'malformed message from the main thread dropped: call without a numeric id',
      'malformed message from the main thread dropped: resolveConflict: choice is not local, remote or { fields }',
      'malformed message from the sync worker dropped: event of an unknown type or shape',
    ]);
    await syncNow(page).click();
    await waitForIdleSuccess(page);

    // The sync log names no patient: no seeded family name appears in any line.
    const log = JSON.stringify(await syncLog(page));
    expect(log).toContain('sync run finished');
    for (const family of ['Hoeger', 'Kreiger', 'Wiegand']) expect(log).not.toContain(family);
    expect(problems).toEqual([]);
  });

  it('surfaces a true conflict and resolves it field by field through the page', async () => {
    if (stack === undefined) throw new Error('stack not started');
    const { page, problems } = await openPage();
    await page.goto(stack.webUrl);
    await setUpPost(page);
    await openSyncArea(page);
    await waitForIdleSuccess(page);
    await hooks(page);

    // One patient, synced.
    const patient: Patient = { resourceType: 'Patient', name: [{ family: 'Tzoc Xiloj', given: ['Marta'] }], gender: 'female', birthDate: '1990-04-02' };
    const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: patient, request: { method: 'POST', url: 'Patient' } }] };
    const [ref] = await importBundle(page, JSON.stringify(bundle));
    if (ref === undefined) throw new Error('no patient written');
    await revisitSyncArea(page);
    await syncNow(page).click();
    await expect.poll(() => pendingText(page).innerText(), { timeout: 60_000 }).toBe('0');
    await waitForIdleSuccess(page);

    // The same field edited on the server and on this PC.
    const onServer = await central(ref);
    const put = await fetch(`${stack.centralUrl}/${ref}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/fhir+json', 'If-Match': onServer.etag ?? '' },
      body: JSON.stringify({ ...(onServer.body as Patient), birthDate: '1985-01-01' }),
    });
    expect(put.status).toBe(200);
    await page.evaluate(
      async ([name, reference]) => {
        const h = (window as unknown as Record<string, CeibaE2EHooks>)[name];
        if (h === undefined) throw new Error('no e2e hook');
        const [type = '', id = ''] = reference.split('/');
        const local = (await h.read(type, id)) as { resourceType: string; id: string; birthDate?: string };
        await h.update({ ...local, birthDate: '1986-02-02' });
      },
      [HOOK, ref] as const,
    );

    await revisitSyncArea(page);
    expect(await pendingText(page).innerText()).toBe('1');
    await syncNow(page).click();
    const conflicts = page.getByRole('region', { name: 'Conflictos' });
    const entry = conflicts.getByRole('listitem').filter({ hasText: 'Marta Tzoc Xiloj' });
    await entry.waitFor({ timeout: 60_000 });
    await waitForIdleSuccess(page);
    const table = await entry.getByRole('table').innerText();
    expect(table).toContain('Fecha de nacimiento');
    expect(table).toContain('1986-02-02');
    expect(table).toContain('1985-01-01');
    await screenshot(page, 'sincronizacion-conflicto');

    // Field by field, with the keyboard: this PC's date.
    await entry.getByRole('button', { name: 'Elegir dato por dato' }).focus();
    await page.keyboard.press('Enter');
    const group = entry.getByRole('group', { name: 'Fecha de nacimiento' });
    await group.getByRole('radio', { name: /Este equipo/ }).check();
    await screenshot(page, 'sincronizacion-conflicto-dato-por-dato');
    await entry.getByRole('button', { name: 'Guardar lo elegido' }).click();
    await conflicts.getByText('Conflicto resuelto. El resultado se enviará en la próxima sincronización.').waitFor();
    await conflicts.getByText('No hay conflictos.').waitFor();
    expect(await pendingText(page).innerText()).toBe('1');

    await syncNow(page).click();
    await expect.poll(() => pendingText(page).innerText(), { timeout: 60_000 }).toBe('0');
    await waitForIdleSuccess(page);
    const after = (await central(ref)).body as Patient;
    expect(after.birthDate).toBe('1986-02-02');
    expect(after.name?.[0]?.family).toBe('Tzoc Xiloj');

    // Offline: the page says automatic sync waits; an edit made meanwhile goes out on reconnecting, unasked.
    await page.context().setOffline(true);
    await page.getByText('Este equipo no tiene conexión. La sincronización automática esperará a que vuelva la red.').waitFor();
    await page.evaluate(
      async ([name, reference]) => {
        const h = (window as unknown as Record<string, CeibaE2EHooks>)[name];
        if (h === undefined) throw new Error('no e2e hook');
        const [type = '', id = ''] = reference.split('/');
        const local = (await h.read(type, id)) as { resourceType: string; id: string };
        await h.update({ ...local, gender: 'other' });
      },
      [HOOK, ref] as const,
    );
    await revisitSyncArea(page);
    expect(await pendingText(page).innerText()).toBe('1');
    await screenshot(page, 'sincronizacion-sin-conexion');
    await page.context().setOffline(false);
    await expect.poll(() => pendingText(page).innerText(), { timeout: 60_000 }).toBe('0');
    await expect.poll(async () => ((await central(ref)).body as Patient).gender, { timeout: 30_000 }).toBe('other');

    // Locking the session locks and ends the sync worker.
    expect(page.workers().length).toBe(1);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor();
    await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(0);
    // (Chromium logs each request refused while the context was offline.)
    expect(problems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  });

  it('says in plain Spanish that the server refused the credentials (401), and stops automatic runs', async () => {
    if (stack === undefined) throw new Error('stack not started');
    // A central server that demands a token this installation does not have.
    const guarded = await startSyncStack(join(dataDir, 'guarded'), { distDir: stack.distDir, authToken: 'token-of-another-installation' });
    try {
      const { page, problems } = await openPage();
      await page.goto(guarded.webUrl);
      await setUpPost(page);
      await openSyncArea(page);
      // The first (automatic) run already meets the 401.
      await expect.poll(() => lastRunText(page).innerText(), { timeout: 60_000 }).toMatch(/^El servidor rechazó las credenciales de este puesto/);
      await page.getByText('La sincronización automática está detenida hasta que se corrijan las credenciales del puesto.').waitFor();
      expect(await pendingText(page).innerText()).toBe('5'); // the set-up records, still waiting
      await screenshot(page, 'sincronizacion-credenciales-rechazadas');
      // A person may still ask; the answer is the same, and nothing was retried in a loop.
      const requestsBefore = guarded.proxy.counters.requests;
      await syncNow(page).click();
      await page.getByRole('button', { name: 'Sincronizar ahora', exact: true }).waitFor({ timeout: 30_000 });
      expect(await lastRunText(page).innerText()).toMatch(/^El servidor rechazó las credenciales de este puesto/);
      expect(guarded.proxy.counters.requests - requestsBefore).toBeLessThanOrEqual(4);
      expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('the production build carries no trace of the e2e hook', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'ceiba-web-prod-'));
    try {
      await build({ configFile: fileURLToPath(new URL('../../vite.renderer.config.ts', import.meta.url)), logLevel: 'error', build: { outDir, emptyOutDir: true } });
      const assets = await readdir(join(outDir, 'assets'));
      expect(assets.some((f) => f.startsWith('sync-worker'))).toBe(true);
      expect(assets.some((f) => f.includes('e2e-hooks'))).toBe(false);
      for (const file of assets.filter((f) => f.endsWith('.js'))) expect(await readFile(join(outDir, 'assets', file), 'utf8')).not.toContain(HOOK);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
