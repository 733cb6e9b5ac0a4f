// One patient's chart (ROUTES.chart, /pacientes/:patientId): who they are, what happened in each
// consultation, what is active now, vaccines against the national schedule, vital-sign trends,
// the WHO growth charts of a child under five and the summary of a current pregnancy.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ROUTES } from '../../app/routes';
import { Page } from '../../ui/page';
import { ChartHeader } from './chart-header';
import type { ChartModel } from './chart-model';
import { GrowthSection } from './growth-section';
import { ImmunizationsSection } from './immunizations-section';
import { MedicationsSection } from './medications-section';
import { PrenatalSection } from './prenatal-section';
import { ProblemsSection } from './problems-section';
import { RequestsSection } from './requests-section';
import { TimelineSection } from './timeline-section';
import { useChart } from './use-chart';
import { VitalsSection } from './vitals-section';
import './chart.css';

function Chart({ model }: { model: ChartModel }): ReactNode {
  // data-chart-ready: every section is rendered from the loaded model (bench:ui times chart opening to it).
  return (
    <div className="chart" data-chart-ready="true">
      <ChartHeader patient={model.patient} />
      {model.prenatal === undefined ? null : <PrenatalSection prenatal={model.prenatal} />}
      {model.growth === undefined ? null : <GrowthSection growth={model.growth} />}
      <div className="chart-columns">
        <div>
          <ProblemsSection problems={model.problems} />
          <RequestsSection requests={model.requests} />
        </div>
        <MedicationsSection medications={model.medications} />
      </div>
      <TimelineSection entries={model.timeline} />
      <VitalsSection vitals={model.vitals} />
      <ImmunizationsSection immunizations={model.immunizations} />
    </div>
  );
}

export function ChartPage(): ReactNode {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const state = useChart(patientId);
  switch (state.status) {
    case 'loading':
      return (
        <Page title={t('chart.title')}>
          <p role="status">{t('chart.loading')}</p>
        </Page>
      );
    case 'not-found':
      return (
        <Page title={t('chart.notFound.title')}>
          <div className="notice notice-error" role="alert">
            <p>{t('chart.notFound.message')}</p>
          </div>
          <p>
            <Link to={ROUTES.patients}>{t('chart.notFound.back')}</Link>
          </p>
        </Page>
      );
    case 'failed':
      return (
        <Page title={t('chart.title')}>
          <div className="notice notice-error" role="alert">
            <p>{t('chart.failed')}</p>
            <code>{t('chart.failedDetail', { detail: state.detail })}</code>
          </div>
        </Page>
      );
    case 'ready':
      return (
        <Page title={state.value.patient.fullName === '' ? t('chart.title') : state.value.patient.fullName}>
          <Chart model={state.value} />
        </Page>
      );
  }
}
