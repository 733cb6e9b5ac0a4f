import { useState, type ReactNode } from 'react';
import { Outlet, Route, Routes } from 'react-router';
import { AboutPage } from '../features/about/about-page';
import { AdminPage } from '../features/admin/admin-page';
import { ChartPage } from '../features/chart/chart-page';
import { ConsultationPage } from '../features/consultations/consultation-page';
import { ConsultationsPage } from '../features/consultations/consultations-page';
import { NewConsultationPage } from '../features/consultations/new-consultation-page';
import { PrintConsultationPage } from '../features/consultations/print-consultation-page';
import { PrintReferralPage } from '../features/consultations/print-referral-page';
import { HomePage } from '../features/home/home-page';
import { NewPatientPage } from '../features/patients/new-patient-page';
import { PatientsPage } from '../features/patients/patients-page';
import { SyncInBackground } from '../features/sync/sync-in-background';
import { SyncPage } from '../features/sync/sync-page';
import { TeleconsultationsPage } from '../features/teleconsultations/teleconsultations-page';
import { autoLockMsFromSearch, SessionGate, SessionProvider } from '../session';
import { NotFoundPage } from './not-found-page';
import { Layout } from './layout';
import { ROUTES } from './routes';

/** What every signed-in screen shares: the session's background sync (runs on start, on reconnect, periodically). */
function SignedIn(): ReactNode {
  return (
    <>
      <SyncInBackground />
      <Outlet />
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
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Route>
        </Route>
      </Routes>
    </SessionProvider>
  );
}
