// Accounts in the e2e tests: the first-run set-up and signing in, done through the real screens
// the way a person would (labels, not selectors). Each browser context is one PC: its IndexedDB
// holds that PC's users.
import type { Page } from 'playwright-core';

export const SETUP_TITLE = 'Configuración inicial del puesto de salud';
export const LOGIN_TITLE = 'Iniciar sesión';

export const POST = {
  name: 'Puesto de Salud Chicoj',
  code: '16-01-PS-007',
  district: 'Distrito Municipal de Salud de Cobán',
  department: 'Alta Verapaz',
  municipality: 'Cobán',
} as const;

export const ADMIN = { given: 'Rosa', family: 'Caal Xol', userId: 'rosa.caal', password: 'ceiba-Rosa-2024', displayName: 'Rosa Caal Xol' } as const;

/** Fills the first-run form (the page must show it) without submitting. */
export async function fillSetUp(page: Page): Promise<void> {
  await page.getByLabel('Nombre del puesto de salud').fill(POST.name);
  await page.getByLabel('Código de establecimiento').fill(POST.code);
  await page.getByLabel('Distrito de salud').fill(POST.district);
  await page.getByLabel('Departamento').selectOption({ label: POST.department });
  await page.getByLabel('Municipio').selectOption({ label: POST.municipality });
  await page.getByLabel('Nombres').fill(ADMIN.given);
  await page.getByLabel('Apellidos').fill(ADMIN.family);
  await page.getByLabel('Puesto de trabajo').selectOption({ label: 'Enfermera/o profesional' });
  await page.getByLabel('Nombre de usuario').fill(ADMIN.userId);
  await page.getByLabel('Contraseña', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Repita la contraseña').fill(ADMIN.password);
}

/** First run of a fresh PC: the post and its admin; returns once the admin is on "Inicio". */
export async function setUpPost(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1, name: SETUP_TITLE }).waitFor();
  await fillSetUp(page);
  await page.getByRole('button', { name: 'Guardar y empezar' }).click();
  await page.getByRole('heading', { level: 1, name: 'Inicio' }).waitFor({ timeout: 30_000 });
}

/** Signs in from the sign-in screen; waits for the signed-in header to name the user. */
export async function signIn(page: Page, userId: string, password: string, displayName: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: LOGIN_TITLE }).waitFor();
  await page.getByLabel('Usuario', { exact: true }).selectOption(userId);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('region', { name: 'Sesión iniciada' }).getByText(displayName, { exact: true }).waitFor({ timeout: 30_000 });
}
