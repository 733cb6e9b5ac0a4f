import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMeasure } from './chart-format';
import type { VitalPoint, VitalSeries } from './vital-trends';

/** How many earlier values the table lists beside the last one. */
const PREVIOUS_SHOWN = 3;

const valueText = (p: VitalPoint, unit: string): string =>
  p.second === undefined ? `${formatMeasure(p.value)} ${unit}` : `${formatMeasure(p.value)}/${formatMeasure(p.second)} ${unit}`;

/** A small line of the series (decorative: the table beside it has the numbers). */
function Sparkline({ points }: { points: readonly VitalPoint[] }): ReactNode {
  if (points.length < 2) return null;
  const width = 96;
  const height = 24;
  const values = points.map((p) => p.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const coords = points.map((p, i) => `${((i / (points.length - 1)) * (width - 4) + 2).toFixed(1)},${(height - 2 - ((p.value - min) / span) * (height - 4)).toFixed(1)}`);
  return (
    <svg className="chart-sparkline" width={width} height={height} viewBox={`0 0 ${String(width)} ${String(height)}`} aria-hidden="true" focusable="false">
      <polyline points={coords.join(' ')} />
    </svg>
  );
}

export function VitalsSection({ vitals }: { vitals: readonly VitalSeries[] }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="chart-vitals">
      <h2 id="chart-vitals">{t('chart.vitals.heading')}</h2>
      {vitals.length === 0 ? (
        <p>{t('chart.vitals.empty')}</p>
      ) : (
        <table className="table chart-table" data-testid="chart-vitals">
          <thead>
            <tr>
              <th scope="col">{t('chart.vitals.sign')}</th>
              <th scope="col">{t('chart.vitals.last')}</th>
              <th scope="col">{t('chart.vitals.date')}</th>
              <th scope="col">{t('chart.vitals.previous')}</th>
              <th scope="col">{t('chart.vitals.trend')}</th>
            </tr>
          </thead>
          <tbody>
            {vitals.map((series) => {
              const last = series.points[series.points.length - 1];
              const previous = series.points.slice(0, -1).slice(-PREVIOUS_SHOWN).reverse();
              return (
                <tr key={series.kind}>
                  <th scope="row">{t(`chart.vitals.kinds.${series.kind}`)}</th>
                  <td>{last === undefined ? '' : valueText(last, series.unit)}</td>
                  <td>{formatDate(last?.date)}</td>
                  <td>{previous.map((p) => t('chart.vitals.valueWithDate', { value: valueText(p, series.unit), date: formatDate(p.date) })).join('; ')}</td>
                  <td>
                    <Sparkline points={series.points} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
