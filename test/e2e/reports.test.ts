// Issue 8 item 3, end to end on the production web shell: the post admin's monthly report. An
// empty post reports zeros; after one 2-year-old girl's consultation (weight, height, A09) the
// current month's report counts her in the 1–4 / Femenino cell, A09 once and one child measured;
// the CSV download carries the same rows, the printed PDF the title and the diagnosis; axe finds
// no serious violations. Screenshots: test-results/e2e/reports-*.png and reports-informe.pdf.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpPost } from '../harness/e2e-accounts';
import { seriousViolations } from '../harness/e2e-axe';
import { pdfText } from '../harness/e2e-pdf';
import { SCREENSHOTS, startE2EShell, type E2EShell } from '../harness/e2e-shell';

let shell: E2EShell;
beforeAll(async () => {
  shell = await startE2EShell({ name: 'reports' });
});
afterAll(async () => {
  await shell.close();
});

function birthDateOfTwoYearOld(): string {
  const d = new Date();
  d.setFullYear(d.getFullYear() - 2);
  d.setDate(d.getDate() - 10);
  return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${String(d.getFullYear())}`;
}

const thisMonth = (): string => {
  const d = new Date();
  return `${String(d.getFullYear())}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** The count cell of a table (by caption) in the row headed `row`, column `col` (0 = first data cell). */
async function cell(page: Page, caption: string, row: string, col: number): Promise<string> {
  const table = page.getByRole('table', { name: new RegExp(`^${caption}`) });
  const tr = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: row, exact: true }) });
  return (await tr.getByRole('cell').nth(col).innerText()).trim();
}

async function openReport(page: Page, url: string, month: string): Promise<void> {
  await page.goto(`${url}#/administracion/informes`);
  await heading(page, 'Informe mensual').waitFor({ timeout: 30_000 });
  await page.getByLabel('Mes del informe').fill(month);
  await page.getByRole('table', { name: /^Consultas por grupo de edad y sexo/ }).waitFor({ timeout: 30_000 });
}

describe('the monthly report (web shell)', () => {
  it('counts one consultation of the month, downloads it as CSV, prints it, and passes axe', async () => {
    const { page, problems } = await shell.openPage({ acceptDownloads: true });
    await page.goto(shell.webUrl);
    await setUpPost(page);
    const month = thisMonth();

    // An empty post: zeros.
    await openReport(page, shell.webUrl, month);
    expect(await cell(page, 'Consultas por grupo de edad y sexo', 'Total', 3)).toBe('0');
    expect(await cell(page, 'Crecimiento de menores de 5 años', 'Medidos en el mes', 0)).toBe('0');

    // One patient and one consultation, through the production screens.
    await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Pacientes' }).click();
    await page.getByRole('link', { name: 'Registrar paciente' }).first().click();
    await page.getByLabel('Nombres', { exact: true }).fill('Ixchel');
    await page.getByLabel('Primer apellido').fill('Tun');
    await page.getByLabel('Segundo apellido').fill('Batz');
    await page.getByLabel('Sexo').selectOption({ label: 'Femenino' });
    await page.getByLabel('Fecha de nacimiento').fill(birthDateOfTwoYearOld());
    await page.getByRole('button', { name: 'Registrar paciente' }).click();
    await heading(page, 'Ixchel Tun Batz').waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Nueva consulta' }).first().click();
    await heading(page, 'Nueva consulta').waitFor();
    await page.getByLabel('Motivo', { exact: true }).selectOption({ label: 'Diarrea' });
    await page.getByLabel('Peso (kg)').fill('11.8');
    await page.getByLabel('Talla o longitud (cm)').fill('86.5');
    await page.getByRole('combobox', { name: 'Buscar diagnóstico por nombre o código CIE-10' }).fill('diarrea');
    const options = page.getByRole('listbox').getByRole('option');
    await options.first().waitFor();
    const a09 = (await options.allInnerTexts()).findIndex((s) => s.startsWith('A09'));
    expect(a09).toBeGreaterThanOrEqual(0);
    await options.nth(a09).click();
    await page.getByRole('button', { name: 'Guardar consulta' }).click();
    await heading(page, 'Consulta').waitFor({ timeout: 30_000 });

    // The report of this month.
    await openReport(page, shell.webUrl, month);
    const consultations = 'Consultas por grupo de edad y sexo';
    expect(await cell(page, consultations, '1-4', 0)).toBe('1'); // Femenino
    expect(await cell(page, consultations, '1-4', 1)).toBe('0'); // Masculino
    expect(await cell(page, consultations, 'Total', 3)).toBe('1');
    expect(await cell(page, 'Diagnósticos CIE-10 más frecuentes', 'A09', 1)).toBe('1');
    expect(await cell(page, 'Crecimiento de menores de 5 años', 'Medidos en el mes', 0)).toBe('1');
    await shell.screenshot(page, 'reports-01-informe', { fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The CSV download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Descargar CSV', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe(`informe-${month}.csv`);
    const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('seccion,categoria,subcategoria,valor');
    expect(lines).toContain('consultas,total,,1');
    expect(lines).toContain('consultas,edad 1-4,Femenino,1');
    expect(lines.some((l) => l.startsWith('diagnosticos CIE-10,A09,') && l.endsWith(',1'))).toBe(true);
    expect(lines).toContain('crecimiento <5 años,niños medidos,,1');

    // Printed: the app chrome is hidden, the PDF has the title and the diagnosis.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-nav').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    await writeFile(join(SCREENSHOTS, 'reports-informe.pdf'), pdf);
    const text = await pdfText(pdf);
    expect(text).toContain('Informe mensual');
    expect(text).toContain('A09');
    expect(problems).toEqual([]);
  });
});
