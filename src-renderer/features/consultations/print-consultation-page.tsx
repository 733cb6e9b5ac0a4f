// ROUTES.printConsultation: the consultation record as it is printed and signed.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ROUTES, routeTo } from '../../app/routes';
import { ConsultationSummary } from './consultation-summary';
import { LoadFailure } from './load-failure';
import { PrintSheet } from './print-sheet';
import { useConsultation } from './use-consultation';
import './consultations.css';

export function PrintConsultationPage(): ReactNode {
  const { t } = useTranslation();
  const { encounterId = '' } = useParams();
  const data = useConsultation(encounterId, 0);
  if (data.status === 'loading') return <p>{t('consultationsArea.loading')}</p>;
  if (data.status === 'failed') return <LoadFailure message={t('consultationsArea.consultationError')} detail={data.detail} />;
  const { saved, patient, form, attendedBy } = data.value;
  return (
    <PrintSheet
      title={t('consultationsArea.print.consultationTitle')}
      sheet="consulta"
      consultationDate={saved.encounter.period?.start ?? ''}
      patient={patient}
      backTo={routeTo(ROUTES.consultation, { encounterId })}
      signatures={[{ label: t('consultationsArea.print.signatureNurse'), name: attendedBy }]}
    >
      <ConsultationSummary form={form} level={2} />
    </PrintSheet>
  );
}
