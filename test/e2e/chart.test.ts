// The patient chart end to end (issue 6, item 3): the web shell in Debian's Chromium at 1366×768
// showing a two-year-old girl's chart — header, consultations, active problem, current medicine,
// vaccines against the national schedule, and the WHO growth charts with her points and the
// chronic-malnutrition flag — plus the "not found" answer for an unknown id.
//
// Seeding: no registration or consultation screen is in main yet, so the test imports one
// transaction Bundle of profiled resources through the session's own encrypted store (validation,
// sealing, outbox: the path every screen writes through) with the dev-only window hook of
// src-renderer/features/sync/e2e-hooks.ts, present only in a renderer built in Vite's mode 'e2e'
// and installed when the sync area is visited.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarMonths, addDays, formatCalendarDate, type CalendarDate } from '../../src-core/clinical/age/calendar-date';
import { ageInDays } from '../../src-core/clinical/age/age-of';
import { lengthHeightForAgeZ, weightForAgeZ, weightForLengthHeightZ } from '../../src-core/clinical/growth/growth-zscore';
import { loadWhoGrowthTables } from '../../src-core/clinical/growth/load-who-growth-tables';
import { CUI_SYSTEM, ICD10_SYSTEM, codeSystemUrl, profileUrl } from '../../src-core/fhir/canonical';
import type { CeibaE2EHooks } from '../../src-renderer/features/sync/e2e-hooks';
import { chromiumArgs, chromiumPath } from '../harness/chromium';
import { setUpPost } from '../harness/e2e-accounts';
import { seriousViolations } from '../harness/e2e-axe';
import { startSyncStack, type SyncStack } from '../harness/e2e-sync-stack';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));
const VIEWPORT = { width: 1366, height: 768 };
const HOOK = '__ceibaE2E';
const NAME = 'Ana Lucía Xiloj Tzoc';
const es = (n: number, digits = 1): string => new Intl.NumberFormat('es-GT', { maximumFractionDigits: digits }).format(n);
const esZ = (z: number): string => new Intl.NumberFormat('es-GT', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(z);
const ddmmyyyy = (d: CalendarDate): string => `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${String(d.year)}`;

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

const screenshot = (page: Page, name: string, fullPage = false): Promise<Buffer> => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });

function importBundle(page: Page, json: string): Promise<string[]> {
  return page.evaluate(
    ([name, text]) => (window as unknown as Record<string, CeibaE2EHooks>)[name]?.importBundle(text) ?? Promise.reject(new Error('no e2e hook')),
    [HOOK, json] as const,
  );
}

/** Signed in on a fresh PC, with the store hook installed (the sync area installs it). */
async function signedInWithHook(page: Page): Promise<void> {
  if (stack === undefined) throw new Error('stack not started');
  await page.goto(stack.webUrl);
  await setUpPost(page);
  await page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Sincronización', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Sincronización' }).waitFor();
  await page.waitForFunction((name) => name in window, HOOK);
}

/** In-app navigation (a hash change, no reload: the session stays unlocked). */
async function openHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

// ---- the seeded child -------------------------------------------------------------------------

const local = (d: Date): CalendarDate => ({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
const TODAY = local(new Date());
/** Two years and ten days old today. */
const BIRTH = addDays(addCalendarMonths(TODAY, -24), -10);
/** Measured at 12 and 18 months (recumbent length) and at 24 months and 5 days (standing height). */
const VISITS = [
  { key: 'c12', date: addCalendarMonths(BIRTH, 12), weight: 8.6, height: 72.0, position: '8306-3', reason: 'control-nino-sano' },
  { key: 'c18', date: addCalendarMonths(BIRTH, 18), weight: 9.4, height: 75.5, position: '8306-3', reason: 'control-nino-sano' },
  { key: 'c24', date: addDays(addCalendarMonths(BIRTH, 24), 5), weight: 10.1, height: 78.5, position: '8308-9', reason: 'diarrea' },
] as const;
const dateTime = (d: CalendarDate, time: string): string => `${formatCalendarDate(d)}T${time}-06:00`;

function childBundle(): Bundle {
  const entries: BundleEntry[] = [];
  const add = (key: string, resource: Resource): void => {
    entries.push({ fullUrl: `urn:uuid:${key}`, resource, request: { method: 'POST', url: resource.resourceType } });
  };
  const subject = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000001' };
  const meta = (name: string) => ({ profile: [profileUrl(name)] });
  const vitalCategory = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }];
  add('00000000-0000-4000-8000-000000000001', {
    resourceType: 'Patient',
    meta: meta('ceiba-patient'),
    identifier: [{ system: CUI_SYSTEM, value: '1234567891601' }],
    name: [{ use: 'official', family: 'Xiloj Tzoc', given: ['Ana', 'Lucía'] }],
    gender: 'female',
    birthDate: formatCalendarDate(BIRTH),
  });
  VISITS.forEach((v, i) => {
    const enc = `00000000-0000-4000-8000-00000000010${String(i)}`;
    const at = dateTime(v.date, '09:30:00');
    add(enc, {
      resourceType: 'Encounter',
      meta: meta('ceiba-encounter'),
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject,
      period: { start: at, end: dateTime(v.date, '09:50:00') },
      serviceProvider: { reference: 'Organization/puesto-e2e' },
      reasonCode: [{ coding: [{ system: codeSystemUrl('motivo-consulta'), code: v.reason }] }],
    });
    const encounter = { reference: `urn:uuid:${enc}` };
    add(`00000000-0000-4000-8000-00000000020${String(i)}`, {
      resourceType: 'Observation',
      meta: meta('ceiba-bodyweight'),
      status: 'final',
      category: vitalCategory,
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7', display: 'Body weight' }] },
      subject,
      encounter,
      effectiveDateTime: at,
      valueQuantity: { value: v.weight, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
    });
    add(`00000000-0000-4000-8000-00000000030${String(i)}`, {
      resourceType: 'Observation',
      meta: meta('ceiba-bodyheight'),
      status: 'final',
      category: vitalCategory,
      code: {
        coding: [
          { system: 'http://loinc.org', code: '8302-2', display: 'Body height' },
          { system: 'http://loinc.org', code: v.position },
        ],
      },
      subject,
      encounter,
      effectiveDateTime: at,
      valueQuantity: { value: v.height, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' },
    });
  });
  const lastVisit = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000102' };
  const lastDate = VISITS[2].date;
  add('00000000-0000-4000-8000-000000000400', {
    resourceType: 'Condition',
    meta: meta('ceiba-condition'),
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    code: { coding: [{ system: ICD10_SYSTEM, code: 'A09', display: 'Diarrea y gastroenteritis de presunto origen infeccioso' }] },
    subject,
    encounter: lastVisit,
    recordedDate: formatCalendarDate(lastDate),
  });
  add('00000000-0000-4000-8000-000000000500', {
    resourceType: 'MedicationRequest',
    meta: meta('ceiba-medication-request'),
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'Sales de rehidratación oral' },
    subject,
    encounter: lastVisit,
    authoredOn: dateTime(lastDate, '09:45:00'),
    requester: { reference: 'Practitioner/enfermera-e2e' },
    dosageInstruction: [
      {
        text: '75 ml después de cada evacuación por 5 días',
        timing: { repeat: { frequency: 1, period: 8, periodUnit: 'h' } },
        doseAndRate: [{ doseQuantity: { value: 75, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' } }],
      },
    ],
    dispenseRequest: { expectedSupplyDuration: { value: 30, unit: 'días', system: 'http://unitsofmeasure.org', code: 'd' } },
  });
  const vaccines = [
    { code: 'bcg', at: addDays(BIRTH, 1) },
    { code: 'pentavalente', at: addCalendarMonths(BIRTH, 2) },
    { code: 'pentavalente', at: addCalendarMonths(BIRTH, 4) },
  ];
  vaccines.forEach((v, i) => {
    add(`00000000-0000-4000-8000-00000000060${String(i)}`, {
      resourceType: 'Immunization',
      meta: meta('ceiba-immunization'),
      status: 'completed',
      vaccineCode: { coding: [{ system: codeSystemUrl('vacuna-gt'), code: v.code }] },
      patient: subject,
      occurrenceDateTime: dateTime(v.at, '10:00:00'),
      lotNumber: `LOTE-${String(i + 1)}`,
    });
  });
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

// ---- the run ----------------------------------------------------------------------------------

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ceiba-e2e-chart-'));
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

describe('patient chart (web)', () => {
  it('shows a two-year-old’s header, consultations, medicine, vaccines and WHO growth charts with her points and flags', async () => {
    const { page, problems } = await openPage();
    await signedInWithHook(page);
    const written = await importBundle(page, JSON.stringify(childBundle()));
    const patientRef = written.find((r) => r.startsWith('Patient/'));
    if (patientRef === undefined) throw new Error('no patient written');
    const patientId = patientRef.slice('Patient/'.length);

    await openHash(page, `#/pacientes/${patientId}`);
    await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: 30_000 });

    // Header: sex, birth date dd/mm/aaaa, age, CUI, no allergies, and the way into a consultation.
    const header = page.getByRole('region', { name: 'Datos del paciente' });
    const headerText = await header.innerText();
    expect(headerText).toContain('Femenino');
    expect(headerText).toContain(ddmmyyyy(BIRTH));
    expect(headerText).toMatch(/Edad\s+2 años\s/);
    expect(headerText).toContain('1234567891601');
    expect(headerText).toContain('Sin alergias registradas');
    const newConsultation = header.getByRole('link', { name: 'Nueva consulta' });
    expect(await newConsultation.getAttribute('href')).toBe(`#/pacientes/${patientId}/consulta`);

    // Consultations newest first, each linking to the saved consultation, with reason and diagnosis.
    const timeline = page.getByTestId('chart-timeline');
    const links = timeline.getByRole('link');
    expect(await links.allInnerTexts()).toEqual([...VISITS].reverse().map((v) => `Consulta del ${ddmmyyyy(v.date)}`));
    expect(await links.first().getAttribute('href')).toMatch(/^#\/consultas\/[0-9a-f-]{36}$/);
    const newest = await timeline.getByRole('listitem').first().innerText();
    expect(newest).toContain('Diarrea');
    expect(newest).toContain('A09 Diarrea y gastroenteritis de presunto origen infeccioso');

    expect(await page.getByTestId('chart-problems').innerText()).toContain('A09');
    const medicine = await page.getByTestId('chart-medications').innerText();
    expect(medicine).toContain('Sales de rehidratación oral');
    expect(medicine).toContain('75 mL');
    expect(medicine).toContain('cada 8 horas');
    expect(medicine).toContain('30 días');

    // Vaccines: BCG and two pentavalente doses given; the third pentavalente dose is overdue.
    const doses = page.getByTestId('chart-immunization-doses');
    const row = (vaccine: string, dose: string) => doses.getByRole('row').filter({ hasText: vaccine }).filter({ hasText: dose });
    expect(await row('BCG', 'Dosis única').getAttribute('data-status')).toBe('given');
    expect(await row('Pentavalente', '2.ª dosis').getAttribute('data-status')).toBe('given');
    expect(await row('Pentavalente', '3.ª dosis').getAttribute('data-status')).toBe('overdue');
    expect(await row('Pentavalente', '3.ª dosis').innerText()).toContain('Atrasada');
    expect(await page.getByText('Esquema nacional en borrador', { exact: false }).count()).toBe(1);

    await screenshot(page, 'chart-encabezado');

    // Growth: her z-scores, computed here with the WHO tables, are the ones the chart labels.
    const tables = await loadWhoGrowthTables();
    const ages = VISITS.map((v) => ageInDays(BIRTH, v.date) ?? -1);
    expect(ages[2]).toBeGreaterThanOrEqual(731);
    const waz = VISITS.map((v, i) => weightForAgeZ(tables.weightForAge, 'female', ages[i] ?? 0, v.weight)?.z ?? NaN);
    // Recumbent length under 731 days as measured; standing height from 731 days as measured.
    const haz = VISITS.map((v, i) => lengthHeightForAgeZ(tables.lengthHeightForAge, 'female', ages[i] ?? 0, v.height)?.z ?? NaN);
    const whz = VISITS.map((v, i) => weightForLengthHeightZ(tables, 'female', v.weight, v.height, i < 2 ? 'length' : 'height', ages[i])?.z ?? NaN);
    const months = [12, 18, 24];

    const growth = page.getByRole('region', { name: 'Crecimiento (patrones de la OMS)' });
    const wfa = growth.getByRole('img', { name: 'Peso para la edad' });
    const wfaPoints = wfa.locator('circle[data-testid="growth-point"]');
    expect(await wfaPoints.count()).toBe(3);
    expect(await wfaPoints.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(
      VISITS.map((v, i) => `Peso ${es(v.weight)} kg a los ${String(months[i])} meses (z = ${esZ(waz[i] ?? NaN)})`),
    );
    const lfa = growth.getByRole('img', { name: 'Longitud/talla para la edad' }).locator('circle[data-testid="growth-point"]');
    expect(await lfa.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(
      VISITS.map((v, i) => `Talla ${es(v.height)} cm a los ${String(months[i])} meses (z = ${esZ(haz[i] ?? NaN)})`),
    );
    const wfl = growth.getByRole('img', { name: 'Peso para la longitud (0 a 2 años)' }).locator('circle[data-testid="growth-point"]');
    expect(await wfl.count()).toBe(2);
    const wfh = growth.getByRole('img', { name: 'Peso para la talla (2 a 5 años)' }).locator('circle[data-testid="growth-point"]');
    expect(await wfh.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      `Peso ${es(10.1)} kg para ${es(78.5)} cm de talla (z = ${esZ(whz[2] ?? NaN)})`,
    ]);
    expect(await growth.locator('circle[data-testid="growth-point"]').count()).toBe(9);
    // The charts are images with a description, and their numbers are in a table.
    expect(await wfa.getAttribute('aria-describedby')).not.toBeNull();
    await growth.getByText('Ver los datos de la gráfica').first().click();
    const wfaTable = growth.getByRole('table', { name: 'Mediciones de la gráfica «Peso para la edad»' });
    expect(await wfaTable.getByRole('row').count()).toBe(4);

    // Flags of the last measurement: her height-for-age is below −2 SD (chronic malnutrition).
    expect(haz[2]).toBeLessThan(-2);
    const findings = await page.getByTestId('growth-findings').innerText();
    expect(findings).toContain(`Estado nutricional en la última medición (${ddmmyyyy(VISITS[2].date)})`);
    expect(findings).toContain(`Retardo del crecimiento (desnutrición crónica) (z = ${esZ(haz[2] ?? NaN)})`);
    if ((waz[2] ?? 0) >= -2) expect(findings).not.toContain('Bajo peso');
    if ((whz[2] ?? 0) >= -2) expect(findings).not.toContain('Desnutrición aguda');

    await growth.scrollIntoViewIfNeeded();
    await page.getByRole('heading', { level: 2, name: 'Crecimiento (patrones de la OMS)' }).evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
    });
    await screenshot(page, 'chart-crecimiento');
    await screenshot(page, 'chart-completo', true);

    // Keyboard: the first focusable control after the heading area is reachable and visible.
    await newConsultation.focus();
    expect(await newConsultation.evaluate((el) => el === document.activeElement)).toBe(true);

    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('summarises a current pregnancy: weeks from the EDD, prenatal visits and a danger sign', async () => {
    const { page, problems } = await openPage();
    await signedInWithHook(page);
    const edd = addDays(TODAY, 15 * 7); // 25 weeks of gestation today
    const visit = addDays(TODAY, -14);
    const subject = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000a01' };
    const encounter = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000a02' };
    const at = dateTime(visit, '09:30:00');
    const entry = (n: string, resource: Resource): BundleEntry => ({
      fullUrl: `urn:uuid:00000000-0000-4000-8000-000000000${n}`,
      resource,
      request: { method: 'POST', url: resource.resourceType },
    });
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        entry('a01', {
          resourceType: 'Patient',
          meta: { profile: [profileUrl('ceiba-patient')] },
          name: [{ family: 'Caal Xol', given: ['María', 'Elena'] }],
          gender: 'female',
          birthDate: '1999-03-14',
        }),
        entry('a02', {
          resourceType: 'Encounter',
          meta: { profile: [profileUrl('ceiba-encounter')] },
          status: 'finished',
          class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
          subject,
          period: { start: at },
          serviceProvider: { reference: 'Organization/puesto-e2e' },
          reasonCode: [{ coding: [{ system: codeSystemUrl('motivo-consulta'), code: 'control-prenatal' }] }],
        }),
        entry('a03', {
          resourceType: 'Condition',
          meta: { profile: [profileUrl('ceiba-condition')] },
          clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
          code: { coding: [{ system: ICD10_SYSTEM, code: 'Z34.9', display: 'Supervisión de embarazo normal no especificado' }] },
          subject,
          encounter,
          recordedDate: formatCalendarDate(visit),
        }),
        // Pregnancy has no Ceiba profile: the EDD is a plain LOINC Observation (see prenatal-summary.ts).
        entry('a04', {
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '11778-8', display: 'Delivery date Estimated' }] },
          subject,
          encounter,
          effectiveDateTime: at,
          valueDateTime: formatCalendarDate(edd),
        }),
        entry('a05', {
          resourceType: 'Observation',
          meta: { profile: [profileUrl('ceiba-bp')] },
          status: 'final',
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }],
          code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel' }] },
          subject,
          encounter,
          effectiveDateTime: at,
          component: [
            { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 150, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
            { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 95, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
          ],
        }),
      ],
    };
    const written = await importBundle(page, JSON.stringify(bundle));
    const patientId = (written.find((r) => r.startsWith('Patient/')) ?? '').slice('Patient/'.length);
    await openHash(page, `#/pacientes/${patientId}`);
    await page.getByRole('heading', { level: 1, name: 'María Elena Caal Xol' }).waitFor({ timeout: 30_000 });
    const prenatal = await page.getByRole('region', { name: 'Embarazo actual' }).innerText();
    expect(prenatal).toContain('25 semanas y 0 días de gestación');
    expect(prenatal).toContain(ddmmyyyy(edd));
    expect(prenatal).toContain('1 control en este embarazo');
    expect(prenatal).toContain(`Presión arterial alta: 150/95 mmHg (${ddmmyyyy(visit)})`);
    // An adult: no growth charts, and the childhood schedule is not evaluated.
    expect(await page.getByRole('region', { name: 'Crecimiento (patrones de la OMS)' }).count()).toBe(0);
    expect(await page.getByText('A partir de los 15 años no se evalúa', { exact: false }).count()).toBe(1);
    await screenshot(page, 'chart-embarazo');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('says plainly that a patient does not exist for an unknown id', async () => {
    const { page, problems } = await openPage();
    await signedInWithHook(page);
    await openHash(page, '#/pacientes/no-existe-este-paciente');
    await page.getByRole('heading', { level: 1, name: 'Paciente no encontrado' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').innerText()).toContain('No hay ningún paciente con este identificador');
    expect(await page.getByRole('link', { name: 'Buscar al paciente' }).getAttribute('href')).toBe('#/pacientes');
    await screenshot(page, 'chart-no-encontrado');
    expect(problems).toEqual([]);
  });
});
