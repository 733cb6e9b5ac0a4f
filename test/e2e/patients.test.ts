// Find or register a patient, end to end in the web shell (Chromium, 1366×768), driven by labels
// and roles as a nurse would: set up a post, register "María Xiloj Tzoc" with a valid CUI, find her
// by "xiloj" and "maria x" (and open her chart from the keyboard), then try to register "Maria
// Xiloc Tzoc" born the same day: the duplicate warning lists María Xiloj Tzoc instead of creating a
// second record (answered "No es ninguno", it registers a separate one). Her CUI on another
// registration is a hard stop; a CUI with a wrong check digit is refused next to its field.
// Screenshots: test-results/e2e/patients-*.png; axe-core finds no serious or critical violation on
// the results, the duplicate warning or the form in error.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cuiCheckDigit } from '../../src-core/clinical/cui';
import { setUpPost } from '../harness/e2e-accounts';
import { seriousViolations } from '../harness/e2e-axe';
import { startE2EShell, type E2EShell } from '../harness/e2e-shell';

/** A valid CUI registered in Cobán (1601): serial, its RENAP check digit, department and municipality. */
function validCui(serial: string): string {
  const check = cuiCheckDigit(serial);
  if (check === null) throw new Error('this serial has no check digit; pick another');
  return `${serial}${String(check)}1601`;
}

const MARIA = { given: 'María', first: 'Xiloj', second: 'Tzoc', birth: '15/08/1996', cui: validCui('24681357') } as const;
const spaced = (cui: string): string => `${cui.slice(0, 4)} ${cui.slice(4, 9)} ${cui.slice(9)}`;
/** Her CUI with the check digit (9th) changed: 13 digits, a real municipality, a wrong check digit. */
const WRONG_CHECK_DIGIT = `${MARIA.cui.slice(0, 8)}${String((Number(MARIA.cui[8]) + 1) % 10)}${MARIA.cui.slice(9)}`;

let shell: E2EShell;

beforeAll(async () => {
  shell = await startE2EShell({ name: 'patients' });
});

afterEach(async () => {
  await shell.closePages();
});

afterAll(async () => {
  await shell.close();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

async function openRegistration(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Pacientes' }).click();
  await heading(page, 'Pacientes').waitFor();
  await page.getByRole('link', { name: 'Registrar paciente' }).first().click();
  await heading(page, 'Registrar paciente').waitFor();
}

async function fillPerson(page: Page, person: { given: string; first: string; second: string; birth: string; cui: string }): Promise<void> {
  await page.getByLabel('Nombres', { exact: true }).fill(person.given);
  await page.getByLabel('Primer apellido').fill(person.first);
  await page.getByLabel('Segundo apellido').fill(person.second);
  await page.getByLabel('Sexo').selectOption({ label: 'Femenino' });
  await page.getByLabel('Fecha de nacimiento').fill(person.birth);
  await page.getByLabel('CUI (opcional)').fill(person.cui);
}

/** The id in #/pacientes/<id> once the chart route is showing. */
async function chartId(page: Page): Promise<string> {
  await page.waitForURL(/#\/pacientes\/[0-9a-f-]{36}$/);
  return decodeURIComponent(new URL(page.url()).hash.split('/').at(-1) ?? '');
}

const focusedText = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.textContent ?? '');
const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

describe('find or register a patient (web)', () => {
  it('registers María Xiloj Tzoc, finds her as you type, and warns before registering her again', async () => {
    const { page, problems } = await shell.openPage();
    await page.goto(shell.webUrl);
    await setUpPost(page);

    // 1. The search page, empty.
    await page.getByRole('navigation').getByRole('link', { name: 'Pacientes' }).click();
    await heading(page, 'Pacientes').waitFor();
    await page.getByRole('status').getByText('Escriba un nombre, un CUI o un año de nacimiento para buscar.').waitFor();
    await page.getByLabel('Buscar paciente').fill('xiloj');
    await page.getByRole('status').getByText('No se encontró ningún paciente con «xiloj».').waitFor();
    await shell.screenshot(page, 'patients-01-search-none');

    // 2. Registration: the form starts in the post's municipality (Cobán, Alta Verapaz).
    await page.getByRole('link', { name: 'Registrar paciente' }).first().click();
    await heading(page, 'Registrar paciente').waitFor();
    await expect.poll(() => page.getByLabel('Municipio').inputValue()).toBe('1601');
    expect(await page.getByLabel('Departamento').inputValue()).toBe('16');
    await fillPerson(page, { ...MARIA, cui: spaced(MARIA.cui) });
    await page.getByLabel('Lugar poblado (opcional)').fill('Aldea Chicoj');
    await page.getByLabel('Idioma que habla').selectOption({ label: "Q'eqchi'" });
    await page.getByLabel('Pueblo de pertenencia').selectOption({ label: 'Maya' });
    await shell.screenshot(page, 'patients-02-register-filled', { fullPage: true });
    await page.getByRole('button', { name: 'Registrar paciente' }).click();
    const mariaId = await chartId(page);
    await heading(page, 'María Xiloj Tzoc').waitFor();
    await shell.screenshot(page, 'patients-03-registered-chart');

    // 3. Found as you type, by a surname and by a given-name prefix and an initial.
    await page.getByRole('navigation').getByRole('link', { name: 'Pacientes' }).click();
    const search = page.getByLabel('Buscar paciente');
    await search.fill('xiloj');
    const results = page.getByRole('list', { name: 'Pacientes encontrados' });
    await results.getByRole('link', { name: 'María Xiloj Tzoc' }).waitFor();
    await page.getByRole('status').getByText('1 paciente encontrado.').waitFor();
    const row = results.getByRole('listitem').filter({ hasText: 'María Xiloj Tzoc' });
    for (const fact of ['Femenino', 'Nació el 15/08/1996', `CUI ${spaced(MARIA.cui)}`, 'Cobán, Alta Verapaz']) await row.getByText(fact).waitFor();
    await shell.screenshot(page, 'patients-04-search-xiloj');
    expect(await seriousViolations(page)).toEqual([]);
    await search.fill('maria x');
    await page.locator('[data-query="maria x"]').getByRole('link', { name: 'María Xiloj Tzoc' }).waitFor();
    await shell.screenshot(page, 'patients-05-search-maria-x');
    // By CUI (as printed) and by birth year too.
    await search.fill(spaced(MARIA.cui));
    await page.locator(`[data-query="${spaced(MARIA.cui)}"]`).getByRole('link', { name: 'María Xiloj Tzoc' }).waitFor();
    await search.fill('1996');
    await page.locator('[data-query="1996"]').getByRole('link', { name: 'María Xiloj Tzoc' }).waitFor();
    // Keyboard: Down arrow to the result, Enter opens her chart.
    await search.fill('maria x');
    await page.locator('[data-query="maria x"]').waitFor();
    await search.press('ArrowDown');
    expect(await focusedText(page)).toBe('María Xiloj Tzoc');
    await page.keyboard.press('Enter');
    expect(await chartId(page)).toBe(mariaId);

    // 4. "Maria Xiloc Tzoc", born the same day: the warning lists María Xiloj Tzoc instead of creating.
    await openRegistration(page);
    await fillPerson(page, { given: 'Maria', first: 'Xiloc', second: 'Tzoc', birth: MARIA.birth, cui: '' });
    await page.getByRole('button', { name: 'Registrar paciente' }).click();
    const warning = page.getByRole('region', { name: 'Puede que esta persona ya esté registrada' });
    await warning.waitFor();
    const candidates = warning.getByRole('list', { name: 'Expedientes parecidos' }).getByRole('listitem');
    expect(await candidates.count()).toBe(1);
    await candidates.getByText('María Xiloj Tzoc', { exact: true }).waitFor();
    await warning.getByRole('button', { name: 'No es ninguno, registrar nuevo' }).waitFor();
    expect(await focusedText(page)).toBe('Puede que esta persona ya esté registrada');
    await shell.screenshot(page, 'patients-06-duplicate-warning', { fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await candidates.getByRole('link', { name: 'Abrir este expediente' }).click();
    expect(await chartId(page)).toBe(mariaId);

    // The same warning, answered "No es ninguno": a second, separate record is created.
    await openRegistration(page);
    await fillPerson(page, { given: 'Maria', first: 'Xiloc', second: 'Tzoc', birth: MARIA.birth, cui: '' });
    await page.getByRole('button', { name: 'Registrar paciente' }).click();
    await warning.getByRole('button', { name: 'No es ninguno, registrar nuevo' }).click();
    const otherId = await chartId(page);
    expect(otherId).not.toBe(mariaId);
    await page.getByRole('navigation').getByRole('link', { name: 'Pacientes' }).click();
    await page.getByLabel('Buscar paciente').fill('tzoc');
    const both = page.locator('[data-query="tzoc"]').getByRole('list', { name: 'Pacientes encontrados' });
    await both.getByRole('link', { name: 'Maria Xiloc Tzoc' }).waitFor();
    await both.getByRole('link', { name: 'María Xiloj Tzoc' }).waitFor();

    // 5. Her CUI on someone else's registration: a hard stop, no "register anyway".
    await openRegistration(page);
    await fillPerson(page, { given: 'Rosa', first: 'Choc', second: 'Pop', birth: '01/02/1980', cui: MARIA.cui });
    await page.getByRole('button', { name: 'Registrar paciente' }).click();
    const stop = page.getByRole('region', { name: 'Ya hay un paciente registrado con este CUI' });
    await stop.getByText('María Xiloj Tzoc', { exact: true }).waitFor();
    expect(await stop.getByRole('button', { name: 'No es ninguno, registrar nuevo' }).count()).toBe(0);
    await shell.screenshot(page, 'patients-07-same-cui', { fullPage: true });

    // 6. A CUI with a wrong check digit: its message next to the field, and the focus on it.
    await page.getByLabel('CUI (opcional)').fill(WRONG_CHECK_DIGIT);
    await page.getByRole('button', { name: 'Registrar paciente' }).click();
    const cuiField = page.getByLabel('CUI (opcional)');
    await expect.poll(() => cuiField.getAttribute('aria-invalid')).toBe('true');
    const described = (await cuiField.getAttribute('aria-describedby')) ?? '';
    const errorId = described.split(' ').find((id) => id.endsWith('-error')) ?? '';
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe(
      'El dígito verificador (el noveno dígito) no corresponde a los ocho primeros: revise que el CUI esté bien escrito.',
    );
    expect(await focusedId(page)).toBe(await cuiField.getAttribute('id'));
    await page.getByRole('alert').getByText('Revise los datos marcados antes de continuar.').waitFor();
    await shell.screenshot(page, 'patients-08-invalid-cui', { fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    expect(problems).toEqual([]);
  });
});
