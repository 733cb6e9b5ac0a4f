// Route paths (Spanish, as users see them in the address bar) and the main navigation, in order.
export const ROUTES = {
  home: '/',
  patients: '/pacientes',
  newPatient: '/pacientes/nuevo',
  /** One patient's chart: /pacientes/:patientId */
  chart: '/pacientes/:patientId',
  /** A new consultation for the patient (or the draft being written). */
  newConsultation: '/pacientes/:patientId/consulta',
  consultations: '/consultas',
  /** A saved consultation (Encounter id), with its print and referral views. */
  consultation: '/consultas/:encounterId',
  printConsultation: '/consultas/:encounterId/imprimir',
  printReferral: '/consultas/:encounterId/referencia',
  teleconsultations: '/teleconsultas',
  sync: '/sincronizacion',
  admin: '/administracion',
  reports: '/administracion/informes',
  about: '/acerca-de',
} as const;

export const NAV_ITEMS = [
  { path: ROUTES.home, labelKey: 'nav.home' },
  { path: ROUTES.patients, labelKey: 'nav.patients' },
  { path: ROUTES.consultations, labelKey: 'nav.consultations' },
  { path: ROUTES.teleconsultations, labelKey: 'nav.teleconsultations' },
  { path: ROUTES.sync, labelKey: 'nav.sync' },
  { path: ROUTES.admin, labelKey: 'nav.admin' },
  { path: ROUTES.about, labelKey: 'nav.about' },
] as const;

/** Fills a route's `:param` placeholders (ids are URL-encoded). */
export function routeTo(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new RangeError(`route ${path} needs :${name}`);
    return encodeURIComponent(value);
  });
}
