import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROUTES, routeTo } from '../../app/routes';
import { formatDate } from './chart-format';
import type { TimelineEntry } from './encounter-timeline';

/** The consultations, newest first, each opening the saved consultation. */
export function TimelineSection({ entries }: { entries: readonly TimelineEntry[] }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="chart-timeline">
      <h2 id="chart-timeline">{t('chart.timeline.heading')}</h2>
      {entries.length === 0 ? (
        <p>{t('chart.timeline.empty')}</p>
      ) : (
        <ol className="plain-list chart-timeline" data-testid="chart-timeline">
          {entries.map((e) => (
            <li key={e.encounterId} className="chart-timeline-entry">
              <p className="chart-timeline-head">
                <Link to={routeTo(ROUTES.consultation, { encounterId: e.encounterId })}>{t('chart.timeline.open', { date: formatDate(e.start) })}</Link>
                {e.classCode === 'VR' ? <span className="badge badge-neutral chart-badge">{t('chart.timeline.virtual')}</span> : null}
                {e.status === 'in-progress' ? <span className="badge badge-checking chart-badge">{t('chart.timeline.inProgress')}</span> : null}
              </p>
              <p className="chart-timeline-line">
                <span className="chart-label">{t('chart.timeline.reason')}: </span>
                {e.reasons.length === 0 ? t('chart.timeline.noReason') : e.reasons.join('; ')}
              </p>
              <p className="chart-timeline-line">
                <span className="chart-label">{t('chart.timeline.diagnoses')}: </span>
                {e.diagnoses.length === 0
                  ? t('chart.timeline.noDiagnoses')
                  : e.diagnoses.map((d) => (d.code === undefined ? d.display : `${d.code} ${d.display}`)).join('; ')}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
