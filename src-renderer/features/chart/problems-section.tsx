import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemEntry } from './active-problems';
import { formatDate } from './chart-format';

export function ProblemsSection({ problems }: { problems: readonly ProblemEntry[] }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="chart-problems">
      <h2 id="chart-problems">{t('chart.problems.heading')}</h2>
      {problems.length === 0 ? (
        <p>{t('chart.problems.empty')}</p>
      ) : (
        <ul className="plain-list chart-list" data-testid="chart-problems">
          {problems.map((p) => (
            <li key={p.conditionId}>
              {p.code === undefined ? null : <span className="chart-code">{p.code}</span>} {p.display}
              {p.since === undefined ? null : <span className="hint">{t('chart.problems.since', { date: formatDate(p.since) })}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
