import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatZ } from './chart-format';
import { GrowthChart, GrowthChartTable } from './growth-chart';
import type { GrowthSummary } from './growth-points';

/** WHO growth charts of a child under five, with the nutritional flags of the last measurement first. */
export function GrowthSection({ growth }: { growth: GrowthSummary }): ReactNode {
  const { t } = useTranslation();
  const sexWord = growth.sex === 'female' ? t('chart.growth.girl') : t('chart.growth.boy');
  return (
    <section className="card chart-growth" aria-labelledby="chart-growth">
      <h2 id="chart-growth">{t('chart.growth.heading')}</h2>
      {growth.latest === undefined ? (
        <p>{t('chart.growth.empty')}</p>
      ) : (
        <div className={growth.findings.length > 0 ? 'notice notice-error chart-findings' : 'notice chart-findings'} data-testid="growth-findings">
          <h3>{t('chart.growth.findingsHeading', { date: formatDate(growth.latest.date) })}</h3>
          {growth.findings.length === 0 ? (
            <p>{t('chart.growth.noFindings')}</p>
          ) : (
            <ul className="plain-list">
              {growth.findings.map((f) => (
                <li key={f.code}>
                  {f.z === undefined
                    ? `${t(`chart.growth.findings.${f.code}`)} (${t('chart.growth.oedema')})`
                    : t('chart.growth.findingZ', { finding: t(`chart.growth.findings.${f.code}`), z: formatZ(f.z) })}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="growth-grid">
        {growth.charts.map((spec) => (
          <figure key={spec.kind} className="growth-figure">
            <figcaption>{t(`chart.growth.charts.${spec.kind}`)}</figcaption>
            <GrowthChart spec={spec} sexWord={sexWord} />
            {spec.points.length === 0 ? (
              <p className="hint">{t('chart.growth.noPoints')}</p>
            ) : (
              <details>
                <summary>{t('chart.growth.showData')}</summary>
                <GrowthChartTable spec={spec} />
              </details>
            )}
          </figure>
        ))}
      </div>
    </section>
  );
}
