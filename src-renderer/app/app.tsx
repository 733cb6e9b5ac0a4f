import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, Route, Routes } from 'react-router';
import { AboutPage } from '../features/about/about-page';
import { AdminPage } from '../features/admin/admin-page';

import { HomePage } from '../features/home/home-page';
import { SyncInBackground } from '../features/sync/sync-in-background';
import { SyncPage } from '../features/sync/sync-page';
import { TeleconsultationsPage } from '../features/teleconsultations/teleconsultations-page';
import { autoLockMsFromSearch, SessionGate, SessionProvider } from '../session';
import { NotFoundPage } from './not-found-page';
import { Layout } from './layout';
import { ROUTES } from './routes';

// The nurse's screens load on first use: they bring the store's search, the clinical tables and
// the forms, which the start-up screen (sign-in) does not need.
const PatientsPage = lazy(() => import('../features/patients/patients-page').then((m) => ({ default: m.PatientsPage })));
const NewPatientPage = lazy(() => import('../features/patients/new-patient-page').then((m) => ({ default: m.NewPatientPage })));
const ChartPage = lazy(() => import('../features/chart/chart-page').then((m) => ({ default: m.ChartPage })));
const ConsultationsPage = lazy(() => import('../features/consultations/consultations-page').then((m) => ({ default: m.ConsultationsPage })));
const NewConsultationPage = lazy(() => import('../features/consultations/new-consultation-page').then((m) => ({ default: m.NewConsultationPage })));
const ConsultationPage = lazy(() => import('../features/consultations/consultation-page').then((m) => ({ default: m.ConsultationPage })));
const PrintConsultationPage = lazy(() => import('../features/consultations/print-consultation-page').then((m) => ({ default: m.PrintConsultationPage })));
const PrintReferralPage = lazy(() => import('../features/consultations/print-referral-page').then((m) => ({ default: m.PrintReferralPage })));
const ReportsPage = lazy(() => import('../features/reports/reports-page').then((m) => ({ default: m.ReportsPage })));

function PageLoading(): ReactNode {
  const { t } = useTranslation();
  return (
    <p role="status" className="page-loading">
      {t('app.loadingPage')}
    </p>
  );
}

/** What every signed-in screen shares: the session's background sync (runs on start, on reconnect, periodically). */
function SignedIn(): ReactNode {
  return (
    <>
      <SyncInBackground />
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </>
  );
}

export function App(): ReactNode {
  // `?autolock=<seconds>` before the # can shorten (never lengthen) the inactivity timeout.
  const [autoLockMs] = useState(() => autoLockMsFromSearch(window.location.search));
  return (
    <SessionProvider autoLockMs={autoLockMs}>
      <Routes>
        <Route element={<Layout />}>
          {/* "Acerca de" is for anyone at the PC; everything else needs a signed-in user. */}
          <Route path={ROUTES.about} element={<AboutPage />} />
          <Route element={<SessionGate />}>
            <Route element={<SignedIn />}>
              <Route index element={<HomePage />} />
              <Route path={ROUTES.patients} element={<PatientsPage />} />
              <Route path={ROUTES.newPatient} element={<NewPatientPage />} />
              <Route path={ROUTES.chart} element={<ChartPage />} />
              <Route path={ROUTES.newConsultation} element={<NewConsultationPage />} />
              <Route path={ROUTES.consultations} element={<ConsultationsPage />} />
              <Route path={ROUTES.consultation} element={<ConsultationPage />} />
              <Route path={ROUTES.printConsultation} element={<PrintConsultationPage />} />
              <Route path={ROUTES.printReferral} element={<PrintReferralPage />} />
              <Route path={ROUTES.teleconsultations} element={<TeleconsultationsPage />} />
              <Route path={ROUTES.sync} element={<SyncPage />} />
              <Route path={ROUTES.admin} element={<AdminPage />} />
              <Route path={ROUTES.reports} element={<ReportsPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Route>
      </Routes>
    </SessionProvider>
  );
}
