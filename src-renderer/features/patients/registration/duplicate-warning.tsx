// What the nurse sees instead of a new record when the person may be registered already: the
// candidates, each with "Abrir este expediente", and, unless the CUI is the same (a hard stop),
// "No es ninguno, registrar nuevo".
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Patient } from '@medplum/fhirtypes';
import type { DuplicateLikelihood, DuplicateReason } from '../../../../src-core/clinical/duplicates/duplicate-patients';
import { ROUTES, routeTo } from '../../../app/routes';
import { localToday } from '../display-date';
import { PatientFacts } from '../patient-facts';
import { summarizePatient } from '../patient-summary';
import type { DuplicateFindings } from './duplicate-check';

interface Candidate {
  readonly patient: Patient;
  readonly likelihood: DuplicateLikelihood;
  readonly reasons: readonly DuplicateReason[];
}

export interface DuplicateWarningProps {
  readonly findings: DuplicateFindings;
  readonly busy: boolean;
  /** "No es ninguno, registrar nuevo" (never offered for the same CUI). */
  readonly onRegisterAnyway: () => void;
}

export function DuplicateWarning({ findings, busy, onRegisterAnyway }: DuplicateWarningProps): ReactNode {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const prefix = useId();
  const hardStop = findings.sameCui.length > 0;
  const candidates: Candidate[] = hardStop
    ? findings.sameCui.map((patient) => ({ patient, likelihood: 'certain', reasons: ['same-cui'] }))
    : [...findings.similar];
  const today = localToday(new Date());

  // The warning replaces what the nurse expected (a saved record): take her there.
  useEffect(() => {
    headingRef.current?.focus();
  }, [findings]);

  return (
    <section className="duplicate-warning" aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`} ref={headingRef} tabIndex={-1}>
        {hardStop ? t('patientsArea.duplicates.sameCuiTitle') : t('patientsArea.duplicates.similarTitle')}
      </h2>
      <p>{hardStop ? t('patientsArea.duplicates.sameCuiText') : t('patientsArea.duplicates.similarText')}</p>
      <ul className="duplicate-candidates" aria-label={t('patientsArea.duplicates.candidatesLabel')}>
        {candidates.map(({ patient, likelihood, reasons }) => {
          const summary = summarizePatient(patient, today);
          const nameId = `${prefix}-${summary.id}`;
          return (
            <li key={summary.id} className="duplicate-candidate">
              <div className="duplicate-candidate-who">
                <span className="duplicate-candidate-name" id={nameId}>
                  {summary.fullName}
                </span>
                <PatientFacts summary={summary} />
                {hardStop ? null : (
                  <span className="duplicate-reasons">
                    <strong>{t(`patientsArea.duplicates.likelihood.${likelihood}`)}</strong>
                    {' · '}
                    {t('patientsArea.duplicates.reasonsLabel')} {reasons.map((r) => t(`patientsArea.duplicates.reasons.${r}`)).join(', ')}
                  </span>
                )}
              </div>
              <Link className="button button-link" to={routeTo(ROUTES.chart, { patientId: summary.id })} aria-describedby={nameId}>
                {t('patientsArea.duplicates.open')}
              </Link>
            </li>
          );
        })}
      </ul>
      {hardStop ? null : (
        <div className="actions-row">
          <button type="button" className="button button-secondary" disabled={busy} onClick={onRegisterAnyway}>
            {t('patientsArea.duplicates.registerAnyway')}
          </button>
        </div>
      )}
    </section>
  );
}
