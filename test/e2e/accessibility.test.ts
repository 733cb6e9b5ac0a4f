// Issue 6 acceptance, accessibility: an automated audit (axe-core, WCAG 2.1 A/AA and best
// practices) of the main screens finds no serious or critical violation. Each screen is reached as
// a person would reach it and audited in the state a nurse sees first; a failure lists the rule,
// its help text and the offending elements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations, type AxeViolation } from '../harness/e2e-axe';
import { ADMIN, LOGIN_TITLE, SETUP_TITLE, fillSetUp, signIn } from '../harness/e2e-accounts';
import { startE2EShell, type E2EShell } from '../harness/e2e-shell';

let shell: E2EShell;

beforeAll(async () => {
  shell = await startE2EShell({ name: 'a11y' });
});

afterAll(async () => {
  await shell.close();
});

const describeViolations = (violations: readonly AxeViolation[]): string =>
  violations.map((v) => `${v.impact ?? '?'} ${v.id}: ${v.help} — ${v.targets.join(', ')}`).join('\n');

describe('accessibility audit of the main screens (axe-core)', () => {
  it('first-run set-up, sign-in and every signed-in area have no serious or critical violation', async () => {
    const { page, problems } = await shell.openPage();
    const audited: string[] = [];
    const audit = async (screen: string): Promise<void> => {
      const violations = await seriousViolations(page);
      expect(violations, `${screen}:\n${describeViolations(violations)}`).toEqual([]);
      audited.push(screen);
    };

    await page.goto(shell.webUrl);
    await page.getByRole('heading', { level: 1, name: SETUP_TITLE }).waitFor();
    await audit('configuración inicial');
    // The same form showing its field errors (empty submit).
    await page.getByRole('button', { name: 'Guardar y empezar' }).click();
    await page.getByRole('alert').first().waitFor();
    await audit('configuración inicial con errores');
    await fillSetUp(page);
    await page.getByRole('button', { name: 'Guardar y empezar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inicio' }).waitFor({ timeout: 30_000 });
    await audit('inicio');

    const nav = page.getByRole('navigation', { name: 'Navegación principal' });
    for (const area of ['Pacientes', 'Consultas', 'Teleconsultas', 'Sincronización', 'Administración', 'Acerca de']) {
      await nav.getByRole('link', { name: area, exact: true }).click();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await audit(area);
    }

    await page.getByRole('region', { name: 'Sesión iniciada' }).getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('heading', { level: 1, name: LOGIN_TITLE }).waitFor();
    await audit('iniciar sesión');
    await signIn(page, ADMIN.userId, ADMIN.password, ADMIN.displayName);
    expect(audited).toHaveLength(10);
    expect(problems).toEqual([]);
  });

  it('the audit can fail: an unlabelled field and an image without text are reported as serious or critical', async () => {
    const { page } = await shell.openPage();
    await page.goto(shell.webUrl);
    await page.getByRole('heading', { level: 1, name: SETUP_TITLE }).waitFor();
    await page.evaluate(() => {
      const main = document.querySelector('main') ?? document.body;
      main.insertAdjacentHTML('beforeend', '<input type="text"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">');
    });
    const ids = (await seriousViolations(page)).map((v) => v.id).sort();
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'label']));
  });
});
