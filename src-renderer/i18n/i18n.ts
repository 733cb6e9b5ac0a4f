// One i18next instance per app start (no global instance), handed to React by <I18nextProvider>.
// Every user-visible string lives in es-GT.json or, for the larger screens, in the feature's own
// <feature>.es-GT.json, mounted under one top-level key of the same namespace (so several people
// can work on different screens without editing one file). Keys are type-checked through
// CustomTypeOptions.
import i18next, { type i18n } from 'i18next';
import chart from '../features/chart/chart.es-GT.json';
import consultations from '../features/consultations/consultations.es-GT.json';
import patients from '../features/patients/patients.es-GT.json';
import common from './es-GT.json';

const esGT = { ...common, patientsArea: patients, chart, consultationsArea: consultations };

export const DEFAULT_LANGUAGE = 'es-GT';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof esGT };
  }
}

export function createI18n(): i18n {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { [DEFAULT_LANGUAGE]: { translation: esGT } },
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [DEFAULT_LANGUAGE],
    // Bundled resources: initialise synchronously so the first render already has its text.
    initAsync: false,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
    // No promotional console message from the library.
    showSupportNotice: false,
  });
  return instance;
}
