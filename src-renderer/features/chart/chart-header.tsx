import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROUTES, routeTo } from '../../app/routes';
import { ageText } from './age-text';
import { formatDate } from './chart-format';
import type { PatientSummary } from './patient-summary';

/** Who the patient is, at a glance, and the way into a new consultation. */
export function ChartHeader({ patient }: { patient: PatientSummary }): ReactNode {
  const { t } = useTranslation();
  const unknown = t('chart.header.unknown');
  return (
    <section className="card chart-header" aria-label={t('chart.header.label')}>
      <dl className="facts chart-facts">
        <dt>{t('chart.header.sex')}</dt>
        <dd>{patient.gender === undefined ? unknown : t(`chart.sex.${patient.gender}`)}</dd>
        <dt>{t('chart.header.birthDate')}</dt>
        <dd>{patient.birthDate === undefined ? unknown : formatDate(patient.birthDate)}</dd>
        <dt>{t('chart.header.age')}</dt>
        <dd>{patient.age === undefined ? unknown : ageText(t, patient.age)}</dd>
        <dt>{t('chart.header.cui')}</dt>
        <dd>{patient.cui ?? t('chart.header.noCui')}</dd>
        <dt>{t('chart.header.allergies')}</dt>
        <dd>
          {patient.allergies.length === 0 ? (
            t('chart.header.noAllergies')
          ) : (
            <ul className="plain-list chart-allergies">
              {patient.allergies.map((a) => (
                <li key={a.id}>
                  <strong>{a.substance}</strong>
                  {a.reactions.length > 0 ? ` (${a.reactions.join(', ')})` : ''}
                  {a.criticality === 'high' ? <span className="badge badge-error chart-badge">{t('chart.header.highRisk')}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <p className="chart-header-actions">
        <Link className="button chart-new-consultation" to={routeTo(ROUTES.newConsultation, { patientId: patient.id })}>
          {t('chart.header.newConsultation')}
        </Link>
      </p>
    </section>
  );
}
