// The facts that tell one patient from another, as one line under the name: sex, birth date with
// age, CUI, municipality. Shared by the search results and the duplicate warning.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Age } from '../../../src-core/clinical/age/age-of';
import { ageParts, type PatientSummary } from './patient-summary';

export function useAgeText(): (age: Age) => string {
  const { t } = useTranslation();
  return (age) => {
    const [first, second] = ageParts(age).map((p) => t(`patientsArea.age.${p.unit}`, { count: p.count }));
    return second === undefined ? (first ?? '') : t('patientsArea.age.two', { first, second });
  };
}

export function PatientFacts({ summary, id }: { summary: PatientSummary; id?: string }): ReactNode {
  const { t } = useTranslation();
  const ageText = useAgeText();
  const born =
    summary.birthDate === undefined
      ? t('patientsArea.summary.noBirthDate')
      : `${t('patientsArea.summary.born', { date: summary.birthDate })}${summary.age === undefined ? '' : ` (${ageText(summary.age)})`}`;
  const place =
    summary.municipality === undefined
      ? t('patientsArea.summary.noMunicipality')
      : summary.department === undefined
        ? summary.municipality
        : t('patientsArea.summary.place', { municipality: summary.municipality, department: summary.department });
  return (
    <span className="patient-facts" id={id}>
      {summary.sex === undefined ? null : <span>{t(`patientsArea.sex.${summary.sex}`)}</span>}
      <span>{born}</span>
      <span>{summary.cui === undefined ? t('patientsArea.summary.noCui') : t('patientsArea.summary.cui', { cui: summary.cui })}</span>
      <span>{place}</span>
    </span>
  );
}
