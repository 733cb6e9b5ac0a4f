// Everything recorded in a consultation, read-only: for the consultation view and the printed record.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { consultationReasonByCode, scheduledVaccineByCode } from '../../../src-core/fhir/terminology';
import { TELECONSULT_SPECIALTIES, VITAL_KEYS, type ConsultationForm } from './consultation-form';
import { dosageText } from './consultation-resources';
import { VITALS } from './vital-signs';

export interface ConsultationSummaryProps {
  readonly form: ConsultationForm;
  /** Heading level of the sections (2 on screen, 3 inside the printed sheet's own headings). */
  readonly level?: 2 | 3;
}

export function reasonText(form: ConsultationForm): string {
  const reason = form.reasonCode === '' ? undefined : consultationReasonByCode(form.reasonCode)?.name;
  return [reason, form.reasonText.trim()].filter((s) => s !== undefined && s !== '').join(' — ');
}

export function ConsultationSummary({ form, level = 2 }: ConsultationSummaryProps): ReactNode {
  const { t } = useTranslation();
  const H = level === 2 ? 'h2' : 'h3';
  const nothing = <p className="hint">{t('consultationsArea.view.nothing')}</p>;
  const vitals = VITAL_KEYS.filter((k) => form.vitals[k].trim() !== '' && k !== 'diastolic');
  const position = form.position === 'recumbent' ? t('consultationsArea.view.measuredLying') : form.position === 'standing' ? t('consultationsArea.view.measuredStanding') : '';

  return (
    <div className="consultation-summary">
      <section>
        <H>{t('consultationsArea.sections.reason')}</H>
        {reasonText(form) === '' ? nothing : <p>{reasonText(form)}</p>}
      </section>
      <section>
        <H>{t('consultationsArea.sections.vitals')}</H>
        {vitals.length === 0 ? (
          nothing
        ) : (
          <dl className="facts consultation-vitals">
            {vitals.map((k) =>
              k === 'systolic' ? (
                <div key={k}>
                  <dt>{t('consultationsArea.view.bloodPressure')}</dt>
                  <dd>
                    {form.vitals.systolic}/{form.vitals.diastolic} {VITALS.systolic.unit}
                  </dd>
                </div>
              ) : (
                <div key={k}>
                  <dt>{t(`consultationsArea.vitals.${k}.short`)}</dt>
                  <dd>
                    {form.vitals[k]} {VITALS[k].unit}
                    {k === 'heightCm' && position !== '' ? ` (${position})` : ''}
                  </dd>
                </div>
              ),
            )}
          </dl>
        )}
      </section>
      <section>
        <H>{t('consultationsArea.sections.findings')}</H>
        {form.findings.trim() === '' ? nothing : <p className="consultation-text">{form.findings}</p>}
      </section>
      <section>
        <H>{t('consultationsArea.sections.diagnoses')}</H>
        {form.diagnoses.length === 0 ? (
          nothing
        ) : (
          <ul className="consultation-list">
            {form.diagnoses.map((d) => (
              <li key={d.key}>
                <span className="cie10-code">{d.code}</span> {d.display}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <H>{t('consultationsArea.sections.prescriptions')}</H>
        {form.prescriptions.length === 0 ? (
          nothing
        ) : (
          <ul className="consultation-list">
            {form.prescriptions.map((p) => (
              <li key={p.key}>
                <strong>{p.medication}</strong>: {dosageText(p.dose, p.frequency, p.duration)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <H>{t('consultationsArea.sections.immunizations')}</H>
        {form.immunizations.length === 0 ? (
          nothing
        ) : (
          <ul className="consultation-list">
            {form.immunizations.map((v) => (
              <li key={v.key}>
                {scheduledVaccineByCode(v.vaccineCode)?.name ?? v.vaccineCode}
                {v.doseNumber === '' ? '' : ` · ${t('consultationsArea.view.dose', { n: v.doseNumber })}`}
                {v.lotNumber === '' ? '' : ` · ${t('consultationsArea.view.lot', { lot: v.lotNumber })}`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <H>{t('consultationsArea.sections.notes')}</H>
        {form.notes.trim() === '' ? nothing : <p className="consultation-text">{form.notes}</p>}
      </section>
      <section>
        <H>{t('consultationsArea.sections.request')}</H>
        <RequestSummary form={form} />
      </section>
    </div>
  );
}

export function RequestSummary({ form }: { form: ConsultationForm }): ReactNode {
  const { t } = useTranslation();
  const { request } = form;
  switch (request.kind) {
    case 'none':
      return <p className="hint">{t('consultationsArea.view.nothing')}</p>;
    case 'referral':
      return (
        <>
          <p>
            {t('consultationsArea.view.referralTo', { name: request.destinationName })} ({t(`consultationsArea.request.destinationTypes.${request.destinationType}`)}) ·{' '}
            {t('consultationsArea.view.priority', { priority: t(`consultationsArea.request.priorities.${request.priority}`) })}
          </p>
          <p className="consultation-text">{request.reason}</p>
        </>
      );
    case 'teleconsult': {
      const specialty = TELECONSULT_SPECIALTIES.find((s) => s.code === request.specialty);
      return (
        <>
          <p>
            {t('consultationsArea.view.teleconsultTo', { specialty: specialty === undefined ? '' : t(`consultationsArea.request.specialties.${specialty.code}`) })} ·{' '}
            {t('consultationsArea.view.priority', { priority: t(`consultationsArea.request.priorities.${request.priority}`) })}
          </p>
          <p className="consultation-text">{request.reason}</p>
        </>
      );
    }
  }
}
