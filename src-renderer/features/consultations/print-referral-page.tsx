// ROUTES.printReferral: the referral sheet (or the teleconsult request) that travels with the patient.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ROUTES, routeTo } from '../../app/routes';
import { useSession } from '../../session';
import { dosageText } from './consultation-resources';
import { reasonText, RequestSummary } from './consultation-summary';
import { LoadFailure } from './load-failure';
import { PrintSheet } from './print-sheet';
import { useConsultation } from './use-consultation';
import { VITAL_KEYS } from './consultation-form';
import { VITALS } from './vital-signs';
import './consultations.css';

export function PrintReferralPage(): ReactNode {
  const { t } = useTranslation();
  const { encounterId = '' } = useParams();
  const { post } = useSession();
  const data = useConsultation(encounterId, 0);
  if (data.status === 'loading') return <p>{t('consultationsArea.loading')}</p>;
  if (data.status === 'failed') return <LoadFailure message={t('consultationsArea.consultationError')} detail={data.detail} />;
  const { saved, patient, form, attendedBy } = data.value;
  const backTo = routeTo(ROUTES.consultation, { encounterId });
  if (form.request.kind === 'none') {
    return (
      <div className="notice" role="status">
        <p>{t('consultationsArea.print.noReferral')}</p>
      </div>
    );
  }
  const referral = form.request.kind === 'referral';
  const vitals = VITAL_KEYS.filter((k) => form.vitals[k].trim() !== '' && k !== 'systolic' && k !== 'diastolic');
  return (
    <PrintSheet
      title={referral ? t('consultationsArea.print.referralTitle') : t('consultationsArea.print.teleconsultTitle')}
      sheet="referencia"
      consultationDate={saved.encounter.period?.start ?? ''}
      patient={patient}
      backTo={backTo}
      signatures={[
        { label: t('consultationsArea.print.signatureNurse'), name: attendedBy },
        ...(referral ? [{ label: t('consultationsArea.print.signatureReceiver'), name: form.request.destinationName }, { label: t('consultationsArea.print.receivedAt') }] : []),
      ]}
    >
      <div className="consultation-summary">
        {referral ? (
          <dl className="facts">
            <dt>{t('consultationsArea.print.referralFrom')}</dt>
            <dd>
              {post.name} ({post.code})
            </dd>
            <dt>{t('consultationsArea.print.referralTo')}</dt>
            <dd>{form.request.destinationName}</dd>
          </dl>
        ) : null}
        <section>
          <h2>{t('consultationsArea.sections.request')}</h2>
          <RequestSummary form={form} />
        </section>
        <section>
          <h2>{t('consultationsArea.sections.reason')}</h2>
          <p>{reasonText(form)}</p>
        </section>
        <section>
          <h2>{t('consultationsArea.print.diagnosesForReferral')}</h2>
          <ul className="consultation-list">
            {form.diagnoses.map((d) => (
              <li key={d.key}>
                <span className="cie10-code">{d.code}</span> {d.display}
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2>{t('consultationsArea.sections.vitals')}</h2>
          <p>
            {[
              ...vitals.map((k) => `${t(`consultationsArea.vitals.${k}.short`)}: ${form.vitals[k]} ${VITALS[k].unit}`),
              ...(form.vitals.systolic === '' ? [] : [`${t('consultationsArea.view.bloodPressure')}: ${form.vitals.systolic}/${form.vitals.diastolic} mmHg`]),
            ].join(' · ')}
          </p>
        </section>
        {form.findings.trim() === '' ? null : (
          <section>
            <h2>{t('consultationsArea.sections.findings')}</h2>
            <p className="consultation-text">{form.findings}</p>
          </section>
        )}
        {form.prescriptions.length === 0 ? null : (
          <section>
            <h2>{t('consultationsArea.print.treatmentGiven')}</h2>
            <ul className="consultation-list">
              {form.prescriptions.map((p) => (
                <li key={p.key}>
                  <strong>{p.medication}</strong>: {dosageText(p.dose, p.frequency, p.duration)}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </PrintSheet>
  );
}
