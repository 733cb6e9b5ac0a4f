import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from './chart-format';
import type { MedicationEntry, TimeUnit } from './current-medications';

const amount = (t: TFunction, value: number, unit: TimeUnit): string => t(`chart.units.${unit}`, { count: value, value: formatNumber(value) });

function frequencyText(t: TFunction, f: NonNullable<MedicationEntry['frequency']>): string {
  if (f.frequency === 1) return t('chart.medications.every', { period: amount(t, f.period, f.periodUnit) });
  if (f.period === 1) return t('chart.medications.timesPer', { frequency: formatNumber(f.frequency), unit: t(`chart.units.per.${f.periodUnit}`) });
  return t('chart.medications.timesEvery', { frequency: formatNumber(f.frequency), period: amount(t, f.period, f.periodUnit) });
}

export function MedicationsSection({ medications }: { medications: readonly MedicationEntry[] }): ReactNode {
  const { t } = useTranslation();
  const none = t('chart.medications.notStated');
  return (
    <section className="card" aria-labelledby="chart-medications">
      <h2 id="chart-medications">{t('chart.medications.heading')}</h2>
      {medications.length === 0 ? (
        <p>{t('chart.medications.empty')}</p>
      ) : (
        <table className="table chart-table" data-testid="chart-medications">
          <thead>
            <tr>
              <th scope="col">{t('chart.medications.medication')}</th>
              <th scope="col">{t('chart.medications.dose')}</th>
              <th scope="col">{t('chart.medications.frequency')}</th>
              <th scope="col">{t('chart.medications.duration')}</th>
            </tr>
          </thead>
          <tbody>
            {medications.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  {m.medication}
                  {m.instructions === undefined ? null : <span className="hint">{m.instructions}</span>}
                  {m.authoredOn === undefined ? null : <span className="hint">{t('chart.medications.since', { date: formatDate(m.authoredOn) })}</span>}
                </th>
                <td>{m.dose === undefined ? none : `${formatNumber(m.dose.value)} ${m.dose.unit}`}</td>
                <td>{m.frequency === undefined ? none : frequencyText(t, m.frequency)}</td>
                <td>{m.duration === undefined ? none : amount(t, m.duration.value, m.duration.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
