// A consultation end to end (issue 6, items 4 and 5): the web shell in Debian's Chromium at
// 1366×768, a 2-year-old seeded through the app's own encrypted store (the registration screen is
// built separately; the seed goes through the e2e build's store hook, as in sync.test.ts), then
// everything through the screens as a nurse would: reason, weight and length with the child's live
// z-scores, a CIE-10 diagnosis found by typing "diarrea", a prescription; a reload in the middle
// (keys dropped, sign in again) brings the draft back; save; the consultation view; the print view
// printed to PDF by Chromium, whose text must hold the patient's name and the diagnosis; and after
// another reload the view still shows everything. Screenshots: test-results/e2e/consultation-*.png.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle } from '@medplum/fhirtypes';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CeibaE2EHooks } from '../../src-renderer/features/sync/e2e-hooks';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import { ADMIN, POST, setUpPost } from '../harness/e2e-accounts';
import { seriousViolations } from '../harness/e2e-axe';
import { startSyncStack, type SyncStack } from '../harness/e2e-sync-stack';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const VIEWPORT = { width: 1366, height: 768 };
const HOOK = '__ceibaE2E';
const PATIENT_ID = 'b7c1e0a4-2f4e-4d57-9a55-3c1f0e9d2a11';
const PATIENT_NAME = 'Juan Carlos Xiloj Tzoc';

let dataDir: string;
let stack: SyncStack | undefined;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

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

const screenshot = (page: Page, name: string, fullPage = false): Promise<Buffer> =>
  page.screenshot({ path: join(SCREENSHOTS, `consultation-${name}.png`), fullPage });

/** YYYY-MM-DD of `months` months before today (local time, as the app computes ages). */
function monthsAgo(months: number): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - months);
  return `${String(d.getFullYear())}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

function childBundle(): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        resource: {
          resourceType: 'Patient',
          id: PATIENT_ID,
          meta: { profile: ['https://ceiba.mspas.gob.gt/fhir/StructureDefinition/ceiba-patient'] },
          name: [{ use: 'official', family: 'Xiloj Tzoc', given: ['Juan', 'Carlos'] }],
          gender: 'male',
          birthDate: monthsAgo(26),
        },
        request: { method: 'PUT', url: `Patient/${PATIENT_ID}` },
      },
    ],
  };
}

/** Seeds through the e2e build's store hook, which the sync page installs while it is shown. */
async function seedChild(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Sincronización', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Sincronización' }).waitFor();
  await page.waitForFunction((name) => name in window, HOOK);
  const refs = await page.evaluate(
    ([name, text]) => (window as unknown as Record<string, CeibaE2EHooks>)[name]?.importBundle(text) ?? Promise.reject(new Error('no e2e hook')),
    [HOOK, JSON.stringify(childBundle())] as const,
  );
  expect(refs).toEqual([`Patient/${PATIENT_ID}`]);
}

/** After a reload the keys are gone: sign in again (the post has one user, the admin). */
async function signInAgain(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor({ timeout: 30_000 });
  await page.getByLabel('Contraseña', { exact: true }).fill(ADMIN.password);
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Sesión iniciada' }).getByText(ADMIN.displayName, { exact: true }).waitFor({ timeout: 30_000 });
}

const draftStatus = (page: Page) => page.locator('[data-draft-writes]');

async function pdfText(pdf: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: true, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await doc.destroy();
  return pages.join('\n').replace(/\s+/g, ' ');
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ceiba-e2e-consultation-'));
  await mkdir(SCREENSHOTS, { recursive: true });
  stack = await startSyncStack(dataDir);
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

describe('consultation (web)', () => {
  it('records a full consultation for a 2-year-old, survives a reload as a draft, saves, prints to PDF and shows it all after a reload', async () => {
    if (stack === undefined) throw new Error('stack not started');
    const { page, problems } = await openPage();
    await page.goto(stack.webUrl);
    await setUpPost(page);
    await seedChild(page);

    // The new consultation for the child.
    const consultationUrl = `${stack.webUrl}#/pacientes/${PATIENT_ID}/consulta`;
    await page.goto(consultationUrl);
    await page.getByRole('heading', { level: 1, name: 'Nueva consulta' }).waitFor();
    const patientBox = page.getByRole('region', { name: 'Paciente' });
    await patientBox.getByText(PATIENT_NAME).waitFor();
    expect(await patientBox.innerText()).toMatch(/2 años y 2 meses/);

    await page.getByLabel('Motivo', { exact: true }).selectOption({ label: 'Diarrea' });
    await page.getByLabel('Detalle del motivo').fill('Heces líquidas desde hace dos días');
    await page.getByLabel('Peso (kg)').fill('11.8');
    await page.getByLabel('Talla o longitud (cm)').fill('86.5');
    await page.getByLabel('Temperatura (°C)').fill('37.8');

    // Live WHO z-scores for the child.
    const growth = page.getByRole('region', { name: 'Crecimiento (OMS)' });
    await growth.getByText('Peso para la edad').waitFor();
    expect(await growth.innerText()).toMatch(/z = [+-]?\d+\.\d\d/);

    // A value out of range gets its message next to the field; an impossible one blocks saving.
    await page.getByLabel('Frecuencia cardiaca (latidos/min)').fill('400');
    await page.getByText('Este valor no es posible (entre 1 y 299 latidos/min). Revise la medida y la unidad.').waitFor();
    expect(await page.getByLabel('Frecuencia cardiaca (latidos/min)').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Frecuencia cardiaca (latidos/min)').fill('118');

    // The diagnosis: typing "diarrea" into the CIE-10 combobox, picking A09 with the keyboard.
    const search = page.getByRole('combobox', { name: 'Buscar diagnóstico por nombre o código CIE-10' });
    await search.fill('diarrea');
    const options = page.getByRole('listbox').getByRole('option');
    await options.first().waitFor();
    const texts = await options.allInnerTexts();
    const a09 = texts.findIndex((s) => s.startsWith('A09'));
    expect(a09).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < a09; i++) await search.press('ArrowDown');
    await screenshot(page, 'cie10-busqueda');
    const writes = Number(await draftStatus(page).getAttribute('data-draft-writes'));
    await search.press('Enter');
    const diagnoses = page.getByRole('list', { name: 'Diagnósticos (CIE-10)' });
    await diagnoses.getByText('A09').waitFor();
    const diagnosisText = (await diagnoses.innerText()).replace(/\s*✕\s*$/, '').replace(/^A09\s*/, '').trim();
    expect(diagnosisText.toLowerCase()).toContain('diarrea');

    // The draft is written a moment after the last change; reload (the keys are dropped) and sign in again.
    await expect.poll(async () => Number(await draftStatus(page).getAttribute('data-draft-writes'))).toBeGreaterThan(writes);
    expect(await draftStatus(page).innerText()).toMatch(/^Borrador guardado en esta computadora/);
    await screenshot(page, 'borrador', true);
    await page.reload();
    await signInAgain(page);
    await page.getByRole('heading', { level: 1, name: 'Nueva consulta' }).waitFor();
    await page.getByText(/Se recuperó un borrador de esta consulta/).waitFor();
    expect(await page.getByLabel('Peso (kg)').inputValue()).toBe('11.8');
    expect(await page.getByLabel('Talla o longitud (cm)').inputValue()).toBe('86.5');
    await diagnoses.getByText('A09').waitFor();
    await screenshot(page, 'borrador-recuperado');

    // A prescription, then save.
    await page.getByRole('button', { name: 'Agregar medicamento' }).click();
    await page.getByLabel('Medicamento y presentación').fill('Sales de rehidratación oral, sobre');
    await page.getByLabel('Dosis', { exact: true }).fill('1 sobre en 1 litro de agua');
    await page.getByLabel('Frecuencia', { exact: true }).fill('después de cada evacuación');
    await page.getByLabel('Duración').fill('por 3 días');
    await page.getByLabel('Hallazgos').fill('Mucosas húmedas, sin signos de deshidratación.');
    await screenshot(page, 'formulario', true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Guardar consulta' }).click();

    // The consultation view: everything recorded.
    await page.getByRole('heading', { level: 1, name: 'Consulta', exact: true }).waitFor({ timeout: 30_000 });
    const encounterUrl = page.url();
    expect(encounterUrl).toMatch(/#\/consultas\/[0-9a-f-]{36}$/);
    const main = page.getByRole('main');
    let weight = '11.8 kg';
    const expectEverything = async (): Promise<void> => {
      await page.getByRole('button', { name: 'Editar' }).waitFor(); // the view has loaded
      const text = await main.innerText();
      for (const expected of [PATIENT_NAME, 'Diarrea', 'Heces líquidas', weight, '86.5 cm', '37.8 °C', '118 latidos/min', 'A09', 'Sales de rehidratación oral', 'después de cada evacuación', 'Mucosas húmedas'])
        expect(text, expected).toContain(expected);
    };
    await expectEverything();
    await screenshot(page, 'vista', true);
    expect(await seriousViolations(page)).toEqual([]);

    // The draft is gone once saved: a new consultation for the child starts empty.
    await page.goto(consultationUrl);
    await page.getByRole('heading', { level: 1, name: 'Nueva consulta' }).waitFor();
    // "Guardar consulta" is enabled once the draft box has been read.
    await expect.poll(() => page.getByRole('button', { name: 'Guardar consulta' }).isEnabled()).toBe(true);
    expect(await page.getByText(/Se recuperó un borrador/).count()).toBe(0);
    expect(await page.getByLabel('Peso (kg)').inputValue()).toBe('');
    await page.goto(encounterUrl);
    await page.getByRole('heading', { level: 1, name: 'Consulta', exact: true }).waitFor();

    // The print view, printed by Chromium to an A4 PDF; its text has the name and the diagnosis.
    await page.getByRole('link', { name: 'Imprimir consulta' }).click();
    await page.getByRole('heading', { level: 1, name: 'Registro de consulta' }).waitFor();
    await page.getByText(POST.name).first().waitFor();
    await screenshot(page, 'impresion', true);
    // "Imprimir" asks the platform to print (the browser's print dialog in the web shell).
    await page.evaluate(() => {
      (window as unknown as { __printed: number }).__printed = 0;
      window.print = () => {
        (window as unknown as { __printed: number }).__printed += 1;
      };
    });
    await page.getByRole('button', { name: 'Imprimir', exact: true }).click();
    expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'impresion-papel', true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await writeFile(join(SCREENSHOTS, 'consultation-registro.pdf'), pdf);
    const text = await pdfText(pdf);
    expect(text).toContain(PATIENT_NAME);
    expect(text).toContain('A09');
    expect(text).toContain(diagnosisText);
    expect(text).toContain(POST.name);
    expect(text).toContain('Firma y sello de quien atendió');
    expect(text).not.toContain('Navegación principal'); // no app chrome on paper
    expect(text).not.toContain('Sincronización');
    await page.emulateMedia({ media: 'screen' });
    expect(await seriousViolations(page)).toEqual([]);

    // "Editar": the weight corrected and a referral added, saved as new versions (history kept).
    await page.getByRole('link', { name: 'Volver a la consulta' }).click();
    await page.getByRole('button', { name: 'Editar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Editar consulta' }).waitFor();
    await page.getByLabel('Peso (kg)').fill('11.9');
    await page.getByLabel('¿Necesita referir o consultar a un especialista?').selectOption({ label: 'Referir a otro servicio' });
    await page.getByLabel('Servicio que recibe').fill('Hospital Regional de Cobán');
    await page.getByLabel('Prioridad').selectOption({ label: 'Urgente' });
    await page.getByLabel('Motivo de la referencia').fill('Evaluación por pediatría si persiste la diarrea');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByRole('heading', { level: 1, name: 'Consulta', exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { level: 2, name: 'Historial de cambios' }).waitFor({ timeout: 30_000 });
    const edited = await main.innerText();
    expect(edited).toContain('11.9 kg');
    expect(edited).toContain('Referido a Hospital Regional de Cobán');
    expect(edited).toMatch(/Versión 2 ·/);
    expect(edited).toMatch(/Versión 1 ·/);

    // The referral sheet, printed the same way.
    await page.getByRole('link', { name: 'Imprimir hoja de referencia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hoja de referencia' }).waitFor();
    await screenshot(page, 'referencia', true);
    await page.emulateMedia({ media: 'print' });
    const referralText = await pdfText(await page.pdf({ format: 'Letter', printBackground: true }));
    await page.emulateMedia({ media: 'screen' });
    for (const expected of [PATIENT_NAME, 'Hospital Regional de Cobán', 'A09', 'Firma y sello del servicio que recibe', 'Evaluación por pediatría']) expect(referralText, expected).toContain(expected);

    // "Consultas" lists it among the post's recent consultations.
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Consultas', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Consultas' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: PATIENT_NAME });
    await row.waitFor();
    expect(await row.innerText()).toContain('Diarrea');
    await screenshot(page, 'lista');

    // After a reload (sign in again) the consultation view still shows everything.
    await page.goto(encounterUrl);
    await page.reload();
    await signInAgain(page);
    await page.getByRole('heading', { level: 1, name: 'Consulta', exact: true }).waitFor({ timeout: 30_000 });
    weight = '11.9 kg';
    await expectEverything();
    expect(await main.innerText()).toContain('Referido a Hospital Regional de Cobán');
    await screenshot(page, 'vista-tras-recargar', true);

    expect(problems).toEqual([]);
  });
});
