import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoseStatus } from '../../../src-core/clinical/immunization/immunization-status';
import { formatDate } from './chart-format';
import type { DoseRow, ImmunizationSummary } from './immunization-summary';

const BADGE: Record<DoseStatus, string> = {
  given: 'badge-ok',
  due: 'chart-badge-due',
  overdue: 'badge-error',
  upcoming: 'badge-neutral',
  'not-applicable': 'badge-neutral',
};

function DoseDate({ dose }: { dose: DoseRow }): ReactNode {
  const { t } = useTranslation();
  if (dose.status === 'given') return dose.givenOn === undefined ? t('chart.immunizations.givenUndated') : t('chart.immunizations.givenOn', { date: formatDate(dose.givenOn) });
  if (dose.status === 'not-applicable') return null;
  return t('chart.immunizations.dueFrom', { date: formatDate(dose.dueDate ?? dose.recommendedDate) });
}

export function ImmunizationsSection({ immunizations }: { immunizations: ImmunizationSummary }): ReactNode {
  const { t } = useTranslation();
  const count = (status: DoseStatus): number => immunizations.doses.filter((d) => d.status === status).length;
  return (
    <section className="card" aria-labelledby="chart-immunizations">
      <h2 id="chart-immunizations">{t('chart.immunizations.heading')}</h2>
      {immunizations.evaluated ? (
        <>
          {immunizations.scheduleReviewed ? null : <p className="hint chart-draft">{t('chart.immunizations.draft')}</p>}
          <p className="chart-summary-line" data-testid="chart-immunization-summary">
            {t('chart.immunizations.summary', { overdue: count('overdue'), due: count('due'), given: count('given'), upcoming: count('upcoming') })}
          </p>
          <table className="table chart-table" data-testid="chart-immunization-doses">
            <caption className="chart-caption">{t('chart.immunizations.scheduleCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('chart.immunizations.vaccine')}</th>
                <th scope="col">{t('chart.immunizations.dose')}</th>
                <th scope="col">{t('chart.immunizations.status')}</th>
                <th scope="col">{t('chart.immunizations.date')}</th>
              </tr>
            </thead>
            <tbody>
              {immunizations.doses.map((d) => (
                <tr key={`${d.vaccineKey}-${String(d.doseNumber)}`} data-status={d.status}>
                  <th scope="row">{d.vaccine}</th>
                  <td>{d.label}</td>
                  <td>
                    <span className={`badge ${BADGE[d.status]}`}>{t(`chart.immunizations.states.${d.status}`)}</span>
                  </td>
                  <td>
                    <DoseDate dose={d} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="hint">{t('chart.immunizations.notEvaluated')}</p>
      )}
      <h3>{t('chart.immunizations.recorded')}</h3>
      {immunizations.recorded.length === 0 ? (
        <p>{t('chart.immunizations.recordedEmpty')}</p>
      ) : (
        <ul className="plain-list chart-list">
          {immunizations.recorded.map((r) => (
            <li key={r.id}>
              {formatDate(r.date)} — {r.vaccine}
              {r.lotNumber === undefined ? '' : `, ${t('chart.immunizations.lot', { lot: r.lotNumber })}`}
              {r.status === 'not-done' ? ` (${t('chart.immunizations.notDone')})` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
