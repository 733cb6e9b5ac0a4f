// ROUTES.newConsultation: a new consultation for one patient (or the draft being written for them).
import type { Patient } from '@medplum/fhirtypes';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ROUTES, routeTo } from '../../app/routes';
import { Page } from '../../ui/page';
import { useSession } from '../../session';
import { ConsultationEditor } from './consultation-editor';
import { emptyConsultationForm } from './consultation-form';
import { LoadFailure } from './load-failure';
import { PatientBox } from './patient-box';
import { patientFacts } from './patient-facts';
import { useLoadable } from './use-loadable';
import './consultations.css';

export function NewConsultationPage(): ReactNode {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const { store } = useSession();
  const navigate = useNavigate();
  const patient = useLoadable(async () => patientFacts((await store.read('Patient', patientId)) as Patient & { id: string }, new Date()), [store, patientId]);
  const initial = useMemo(() => emptyConsultationForm(), []);

  return (
    <Page title={t('consultationsArea.newTitle')}>
      {patient.status === 'loading' ? <p>{t('consultationsArea.loading')}</p> : null}
      {patient.status === 'failed' ? <LoadFailure message={t('consultationsArea.patientError')} detail={patient.detail} /> : null}
      {patient.status === 'ready' ? (
        <>
          <PatientBox patient={patient.value} />
          <ConsultationEditor
            patient={patient.value}
            initial={initial}
            onSaved={(encounterId) => {
              void navigate(routeTo(ROUTES.consultation, { encounterId }));
            }}
            onCancel={() => {
              void navigate(routeTo(ROUTES.chart, { patientId }));
            }}
          />
        </>
      ) : null}
    </Page>
  );
}
