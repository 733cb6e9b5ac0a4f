import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { AboutPage } from '../features/about/about-page';
import { AdminPage } from '../features/admin/admin-page';
import { ConsultationsPage } from '../features/consultations/consultations-page';
import { HomePage } from '../features/home/home-page';
import { PatientsPage } from '../features/patients/patients-page';
import { SyncPage } from '../features/sync/sync-page';
import { TeleconsultationsPage } from '../features/teleconsultations/teleconsultations-page';
import { NotFoundPage } from './not-found-page';
import { Layout } from './layout';
import { ROUTES } from './routes';

export function App(): ReactNode {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path={ROUTES.patients} element={<PatientsPage />} />
        <Route path={ROUTES.consultations} element={<ConsultationsPage />} />
        <Route path={ROUTES.teleconsultations} element={<TeleconsultationsPage />} />
        <Route path={ROUTES.sync} element={<SyncPage />} />
        <Route path={ROUTES.admin} element={<AdminPage />} />
        <Route path={ROUTES.about} element={<AboutPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
