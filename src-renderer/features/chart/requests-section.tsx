import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from './chart-format';
import type { OpenRequest } from './open-requests';

export function RequestsSection({ requests }: { requests: readonly OpenRequest[] }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="chart-requests">
      <h2 id="chart-requests">{t('chart.requests.heading')}</h2>
      {requests.length === 0 ? (
        <p>{t('chart.requests.empty')}</p>
      ) : (
        <ul className="plain-list chart-list" data-testid="chart-requests">
          {requests.map((r) => (
            <li key={r.id}>
              <strong>{t(`chart.requests.kinds.${r.kind}`)}</strong>
              {r.authoredOn === undefined ? null : ` — ${formatDate(r.authoredOn)}`}
              {r.reason === undefined ? null : <span className="hint">{r.reason}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
