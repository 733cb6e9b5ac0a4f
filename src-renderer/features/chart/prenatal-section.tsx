import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMeasure } from './chart-format';
import type { DangerSign, PrenatalSummary } from './prenatal-summary';

function SignText({ sign }: { sign: DangerSign }): ReactNode {
  const { t } = useTranslation();
  switch (sign.kind) {
    case 'hypertension':
      return t('chart.prenatal.signs.hypertension', { systolic: formatMeasure(sign.systolic), diastolic: formatMeasure(sign.diastolic), date: formatDate(sign.date) });
    case 'fever':
      return t('chart.prenatal.signs.fever', { value: formatMeasure(sign.celsius), date: formatDate(sign.date) });
    case 'danger-visit':
      return t('chart.prenatal.signs.danger-visit', { date: formatDate(sign.date) });
    case 'complication':
      return t('chart.prenatal.signs.complication', { display: sign.code === undefined ? sign.display : `${sign.code} ${sign.display}` });
  }
}

export function PrenatalSection({ prenatal }: { prenatal: PrenatalSummary }): ReactNode {
  const { t } = useTranslation();
  return (
    <section className="card chart-prenatal" aria-labelledby="chart-prenatal">
      <h2 id="chart-prenatal">{t('chart.prenatal.heading')}</h2>
      {prenatal.gestation === undefined ? (
        <p>{t('chart.prenatal.noDating')}</p>
      ) : (
        <p className="chart-summary-line">
          <strong>{t('chart.prenatal.gestation', { weeks: prenatal.gestation.weeks, days: prenatal.gestation.days })}</strong>{' '}
          {prenatal.gestationBasis === undefined ? null : <span className="hint">{t(`chart.prenatal.basis.${prenatal.gestationBasis}`)}</span>}
        </p>
      )}
      <dl className="facts">
        {prenatal.estimatedDeliveryDate === undefined ? null : (
          <>
            <dt>{t('chart.prenatal.edd')}</dt>
            <dd>{formatDate(prenatal.estimatedDeliveryDate)}</dd>
          </>
        )}
        <dt>{t('chart.prenatal.visits')}</dt>
        <dd>
          {t('chart.prenatal.visitsCount', { count: prenatal.visits.length })}
          {prenatal.visits.length === 0 ? null : <span className="hint">{prenatal.visits.map((v) => formatDate(v.date)).join(', ')}</span>}
        </dd>
        <dt>{t('chart.prenatal.dangerSigns')}</dt>
        <dd>
          {prenatal.dangerSigns.length === 0 ? (
            t('chart.prenatal.noDangerSigns')
          ) : (
            <ul className="plain-list chart-danger">
              {prenatal.dangerSigns.map((s, i) => (
                <li key={`${s.kind}-${String(i)}`}>
                  <SignText sign={s} />
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}
