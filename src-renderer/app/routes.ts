// Route paths (Spanish, as users see them in the address bar) and the main navigation, in order.
export const ROUTES = {
  home: '/',
  patients: '/pacientes',
  consultations: '/consultas',
  teleconsultations: '/teleconsultas',
  sync: '/sincronizacion',
  admin: '/administracion',
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
