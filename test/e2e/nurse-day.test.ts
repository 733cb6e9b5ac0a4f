// Issue 6 acceptance, end to end as a nurse would do it on the production web shell (no test
// hooks): set up the post, register a 2-year-old girl, record her consultation with weight, height
// and a CIE-10 diagnosis, see her point on the WHO growth charts, print the record to PDF (its
// text names her and the diagnosis), and find everything again in her chart after a reload.
// Screenshots: test-results/e2e/nurse-day-*.png and nurse-day-registro.pdf.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, setUpPost } from '../harness/e2e-accounts';
import { pdfText } from '../harness/e2e-pdf';
import { SCREENSHOTS, startE2EShell, type E2EShell } from '../harness/e2e-shell';

let shell: E2EShell;
beforeAll(async () => {
  shell = await startE2EShell({ name: 'nurse-day' });
});
afterAll(async () => {
  await shell.close();
});

/** dd/mm/aaaa of the day two years and ten days before today (a 2-year-old). */
function birthDateOfTwoYearOld(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 2);
  d.setDate(d.getDate() - 10);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${String(d.getFullYear())}`;
}

const NAME = 'Ixchel Tun Batz';
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe("a nurse's day (web shell)", () => {
  it('registers a 2-year-old, records her consultation, sees her growth point, prints it, and finds it all after a reload', async () => {
    const { page, problems } = await shell.openPage();
    await page.goto(shell.webUrl);
    await setUpPost(page);

    // Registration.
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('link', { name: 'Registrar paciente' }).first().click();
    await page.getByLabel('Nombres', { exact: true }).fill('Ixchel');
    await page.getByLabel('Primer apellido').fill('Tun');
    await page.getByLabel('Segundo apellido').fill('Batz');
    await page.getByLabel('Sexo').selectOption({ label: 'Femenino' });
    await page.getByLabel('Fecha de nacimiento').fill(birthDateOfTwoYearOld());
    await page.getByRole('button', { name: 'Registrar paciente' }).click();
    await heading(page, NAME).waitFor({ timeout: 30_000 });
    const chartUrl = page.url();
    await shell.screenshot(page, 'nurse-day-01-expediente-nuevo', { fullPage: true });

    // The consultation.
    await page.getByRole('link', { name: 'Nueva consulta' }).first().click();
    await heading(page, 'Nueva consulta').waitFor();
    await page.getByLabel('Motivo', { exact: true }).selectOption({ label: 'Diarrea' });
    await page.getByLabel('Peso (kg)').fill('11.8');
    await page.getByLabel('Talla o longitud (cm)').fill('86.5');
    const search = page.getByRole('combobox', { name: 'Buscar diagnóstico por nombre o código CIE-10' });
    await search.fill('diarrea');
    const options = page.getByRole('listbox').getByRole('option');
    await options.first().waitFor();
    const a09 = (await options.allInnerTexts()).findIndex((s) => s.startsWith('A09'));
    expect(a09).toBeGreaterThanOrEqual(0);
    await options.nth(a09).click();
    await page.getByRole('list', { name: 'Diagnósticos (CIE-10)' }).getByText('A09').waitFor();
    await shell.screenshot(page, 'nurse-day-02-consulta', { fullPage: true });
    await page.getByRole('button', { name: 'Guardar consulta' }).click();
    await heading(page, 'Consulta').waitFor({ timeout: 30_000 });

    // Printed: the PDF names her and the diagnosis.
    await page.getByRole('link', { name: 'Imprimir consulta' }).click();
    await heading(page, 'Registro de consulta').waitFor();
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    await writeFile(join(SCREENSHOTS, 'nurse-day-registro.pdf'), pdf);
    const text = await pdfText(pdf);
    expect(text).toContain(NAME);
    expect(text).toContain('A09');

    // The chart, after a reload (sign in again: a reload locks the session).
    await page.goto(chartUrl);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Contraseña', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await heading(page, NAME).waitFor({ timeout: 30_000 });
    const growth = page.getByRole('img', { name: 'Peso para la edad' });
    const point = growth.locator('circle[data-testid="growth-point"]');
    await expect.poll(() => point.count()).toBe(1);
    expect(await point.first().getAttribute('aria-label')).toMatch(/^Peso 11\.8 kg a los 2[34] meses \(z = /);
    const main = page.getByRole('main');
    await main.getByText('A09').first().waitFor();
    await main.getByText('Diarrea').first().waitFor();
    await shell.screenshot(page, 'nurse-day-03-expediente-con-consulta', { fullPage: true });
    expect(problems).toEqual([]);
  });
});
