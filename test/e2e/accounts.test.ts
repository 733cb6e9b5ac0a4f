// Accounts on a shared PC, end to end: the real web shell in Debian's Chromium at 1366×768, each
// browser context being one PC (its own IndexedDB). First-run set-up, signing in, two users who
// cannot see each other's session, a wrong password, and auto-lock. Screenshots go to
// test-results/e2e/. Key derivation runs at the production work factor (PBKDF2, 600,000).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../scripts/local-stack';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import { ADMIN, fillSetUp, LOGIN_TITLE, POST, SETUP_TITLE, setUpPost, signIn } from '../harness/e2e-accounts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const VIEWPORT = { width: 1366, height: 768 };
const NURSE = { given: 'Ana María', family: 'Pop Choc', userId: 'ana.pop', password: 'ceiba-Ana-2024', displayName: 'Ana María Pop Choc' };

type Stack = Awaited<ReturnType<typeof startLocalStack>>;

let dataDir: string;
let stack: Stack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

/** A fresh PC (browser profile) at 1366×768 that records console errors and uncaught exceptions. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  if (browser === undefined) throw new Error('browser not started');
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'es-GT' });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return { page, problems };
}

const screenshot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });

const webUrl = (): string => stack?.webUrl ?? '';

/** The signed-in header: who, with what role, at which post. */
const userBox = (page: Page) => page.getByRole('region', { name: 'Sesión iniciada' });

const focusedLabel = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el === null || el.id === '' ? '' : (document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent ?? '');
  });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ceiba-e2e-accounts-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  stack = await startLocalStack({ webPort: 0, centralPort: 0, signalPort: 0, dataDir });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs() });
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('accounts on a shared PC (web)', () => {
  it('first-run set-up: the post and its admin; errors next to their fields; then sign-in after a reload', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${webUrl()}#/pacientes`);
    // Every page but "Acerca de" waits for the set-up.
    await page.getByRole('heading', { level: 1, name: SETUP_TITLE }).waitFor();
    expect(await page.title()).toBe(`${SETUP_TITLE} · Ceiba`);

    // Submitting the empty form: a summary, each message under its field, focus on the first.
    await page.getByRole('button', { name: 'Guardar y empezar' }).click();
    await page.getByRole('alert').getByText('Revise los datos marcados antes de continuar.').waitFor();
    const postName = page.getByLabel('Nombre del puesto de salud');
    expect(await postName.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await postName.getAttribute('aria-describedby').then((ids) => (ids ?? '').split(' ').at(-1) ?? '')}`).innerText()).toBe(
      'Este dato es obligatorio.',
    );
    expect(await focusedLabel(page)).toBe('Nombre del puesto de salud');
    expect(await page.getByLabel('Municipio').isDisabled()).toBe(true);
    await screenshot(page, 'cuentas-configuracion-errores');

    // Passwords that differ are caught before anything is created.
    await fillSetUp(page);
    await page.getByLabel('Repita la contraseña').fill('otra-cosa-2024');
    await page.getByRole('button', { name: 'Guardar y empezar' }).click();
    await page.getByText('Las contraseñas no coinciden.').waitFor();
    expect(await focusedLabel(page)).toBe('Repita la contraseña');
    await page.getByLabel('Repita la contraseña').fill(ADMIN.password);
    await screenshot(page, 'cuentas-configuracion-completa');
    await page.getByRole('button', { name: 'Guardar y empezar' }).click();

    // Signed in, on the page that was asked for.
    await page.getByRole('heading', { level: 1, name: 'Pacientes' }).waitFor({ timeout: 30_000 });
    expect(await userBox(page).innerText()).toContain(ADMIN.displayName);
    expect(await userBox(page).innerText()).toContain(`Administrador/a · ${POST.name}`);
    await screenshot(page, 'cuentas-inicio-admin');

    // A reload drops the keys: the sign-in screen lists the admin, with the password field
    // focused (one user); "Acerca de" stays open to anyone.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: LOGIN_TITLE }).waitFor();
    expect(await page.getByLabel('Usuario', { exact: true }).locator('option').allInnerTexts()).toEqual([ADMIN.userId]);
    expect(await focusedLabel(page)).toBe('Contraseña');
    expect(await userBox(page).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Acerca de' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acerca de' }).waitFor();
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Inicio' }).click();
    await page.getByRole('heading', { level: 1, name: LOGIN_TITLE }).waitFor();
    await page.getByLabel('Contraseña', { exact: true }).fill(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Inicio' }).waitFor({ timeout: 30_000 });
    expect(await userBox(page).innerText()).toContain(ADMIN.displayName);
    expect(problems).toEqual([]);
  });

  it('two users on one PC: the admin adds a nurse and locks; the nurse signs in to her own session only', async () => {
    const { page, problems } = await openPage();
    await page.goto(webUrl());
    await setUpPost(page);
    const nav = page.getByRole('navigation', { name: 'Navegación principal' });

    // The admin adds a nurse.
    await nav.getByRole('link', { name: 'Administración' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administración' }).waitFor();
    const add = page.getByRole('region', { name: 'Agregar un usuario' });
    await add.getByLabel('Nombres').fill(NURSE.given);
    await add.getByLabel('Apellidos').fill(NURSE.family);
    await add.getByLabel('Rol').selectOption({ label: 'Auxiliar de enfermería' });
    await add.getByLabel('Nombre de usuario').fill(NURSE.userId);
    await add.getByLabel('Contraseña', { exact: true }).fill(NURSE.password);
    await add.getByLabel('Repita la contraseña').fill(NURSE.password);
    await add.getByRole('button', { name: 'Agregar usuario' }).click();
    await add.getByRole('status').getByText(`Se agregó a ${NURSE.displayName} (${NURSE.userId}).`, { exact: false }).waitFor({ timeout: 30_000 });
    const users = page.getByRole('region', { name: 'Usuarios de este equipo' });
    await users.getByRole('cell', { name: NURSE.displayName }).waitFor();
    expect(await users.getByRole('row').allInnerTexts()).toEqual([
      'Nombre\tUsuario\tRol',
      `${NURSE.displayName}\t${NURSE.userId}\tAuxiliar de enfermería`,
      `${ADMIN.displayName} (usted)\t${ADMIN.userId}\tAdministrador/a`,
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'cuentas-admin-agrega-enfermera.png'), fullPage: true });

    // The admin starts typing another user, then locks the PC (e.g. called away).
    await add.getByLabel('Nombres').fill('Borrador de la administradora');
    await userBox(page).getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { level: 1, name: LOGIN_TITLE }).waitFor();
    expect(new URL(page.url()).hash).toBe('#/');
    expect(await page.getByLabel('Usuario', { exact: true }).locator('option').allInnerTexts()).toEqual(['Seleccione su usuario…', NURSE.userId, ADMIN.userId]);

    // A wrong password is refused next to the field, in Spanish, saying nothing more.
    await page.getByLabel('Usuario', { exact: true }).selectOption(NURSE.userId);
    await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave');
    await page.getByRole('button', { name: 'Entrar' }).click();
    const password = page.getByLabel('Contraseña', { exact: true });
    await page.getByText('Contraseña incorrecta.', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.inputValue()).toBe('');
    expect(await focusedLabel(page)).toBe('Contraseña');
    expect(await page.getByRole('main').innerText()).not.toMatch(/unwrap|PBKDF2|security|key record/i);
    await screenshot(page, 'cuentas-contrasena-incorrecta');

    // The nurse signs in: her name, her role, the same post; nothing of the admin's screens.
    await signIn(page, NURSE.userId, NURSE.password, NURSE.displayName);
    await page.getByRole('heading', { level: 1, name: 'Inicio' }).waitFor();
    const header = await userBox(page).innerText();
    expect(header).toContain(NURSE.displayName);
    expect(header).toContain(`Auxiliar de enfermería · ${POST.name}`);
    expect(header).not.toContain(ADMIN.displayName);
    await nav.getByRole('link', { name: 'Administración' }).click();
    await page.getByRole('heading', { level: 1, name: 'Administración' }).waitFor();
    await page.getByText('Solo un administrador puede ver la lista de usuarios y agregar cuentas.').waitFor();
    expect(await page.getByRole('region', { name: 'Agregar un usuario' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Usuarios de este equipo' }).count()).toBe(0);
    expect(await page.content()).not.toContain('Borrador de la administradora');
    await screenshot(page, 'cuentas-sesion-enfermera');

    // She changes her own password; from then on only the new one opens her account.
    const change = page.getByRole('region', { name: 'Cambiar mi contraseña' });
    await change.getByLabel('Contraseña actual').fill(NURSE.password);
    await change.getByLabel('Contraseña nueva', { exact: true }).fill('ceiba-Ana-2025');
    await change.getByLabel('Repita la contraseña nueva').fill('ceiba-Ana-2025');
    await change.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await change.getByRole('status').getByText('Su contraseña se cambió.', { exact: false }).waitFor({ timeout: 30_000 });
    await userBox(page).getByRole('button', { name: 'Cerrar sesión' }).click();
    await signIn(page, NURSE.userId, 'ceiba-Ana-2025', NURSE.displayName);
    expect(problems).toEqual([]);
  });

  it('locks itself after inactivity (here ?autolock=3 seconds); activity keeps it open', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${webUrl()}?autolock=3#/`);
    await setUpPost(page);
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pacientes' }).waitFor();

    // Someone using the mouse for longer than the timeout keeps the session.
    for (let step = 0; step < 8; step++) {
      await page.mouse.move(200 + step * 10, 300);
      await page.waitForTimeout(500);
    }
    expect(await userBox(page).count()).toBe(1);

    // Hands off: the sign-in screen comes back, saying why, with the route reset.
    await page.getByText('La sesión se cerró por inactividad. Inicie sesión de nuevo para continuar.').waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { level: 1, name: LOGIN_TITLE }).waitFor();
    expect(await userBox(page).count()).toBe(0);
    expect(new URL(page.url()).hash).toBe('#/');
    await screenshot(page, 'cuentas-bloqueo-por-inactividad');
    await signIn(page, ADMIN.userId, ADMIN.password, ADMIN.displayName);
    await page.getByRole('heading', { level: 1, name: 'Inicio' }).waitFor();
    expect(problems).toEqual([]);
  });
});
