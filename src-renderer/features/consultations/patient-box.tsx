// The patient's identification as every consultation screen and printed sheet shows it.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBirthDate, type PatientFacts } from './patient-facts';
import { useAgeText } from './use-age-text';

export function PatientBox({ patient }: { patient: PatientFacts }): ReactNode {
  const { t } = useTranslation();
  const ageText = useAgeText();
  const unknown = t('consultationsArea.patient.unknown');
  return (
    <section className="consultation-patient" aria-label={t('consultationsArea.patient.label')}>
      <dl className="facts">
        <dt>{t('consultationsArea.patient.name')}</dt>
        <dd className="consultation-patient-name">{patient.name}</dd>
        <dt>{t('consultationsArea.patient.cui')}</dt>
        <dd>{patient.cui ?? t('consultationsArea.patient.noCui')}</dd>
        <dt>{t('consultationsArea.patient.sex')}</dt>
        <dd>{t(`consultationsArea.patient.sexes.${patient.gender}`)}</dd>
        <dt>{t('consultationsArea.patient.birthDate')}</dt>
        <dd>{patient.birthDate === undefined ? unknown : formatBirthDate(patient.birthDate)}</dd>
        <dt>{t('consultationsArea.patient.age')}</dt>
        <dd>{patient.age === undefined ? unknown : ageText(patient.age)}</dd>
      </dl>
    </section>
  );
}
