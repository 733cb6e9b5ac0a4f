// ROUTES.consultations: the post's most recent consultations, newest first, each linking to its view.
import type { Encounter } from '@medplum/fhirtypes';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROUTES, routeTo } from '../../app/routes';
import { consultationReasonByCode } from '../../../src-core/fhir/terminology';
import { CEIBA_CODE_SYSTEM } from '../../../src-core/fhir/profiles/ceiba-urls';
import { Page } from '../../ui/page';
import { useSession } from '../../session';
import { formatDateTime } from './format-date-time';
import { LoadFailure } from './load-failure';
import { patientFacts } from './patient-facts';
import { useLoadable } from './use-loadable';
import './consultations.css';

const SHOWN = 30;

interface Row {
  readonly encounterId: string;
  readonly start: string;
  readonly patientName: string;
  readonly reason: string;
}

function reasonOf(encounter: Encounter): string {
  const reason = encounter.reasonCode?.[0];
  const code = reason?.coding?.find((c) => c.system === CEIBA_CODE_SYSTEM.motivoConsulta)?.code;
  return (code === undefined ? undefined : consultationReasonByCode(code)?.name) ?? reason?.text ?? '';
}

export function ConsultationsPage(): ReactNode {
  const { t } = useTranslation();
  const { store } = useSession();
  const rows = useLoadable(async (): Promise<Row[]> => {
    const page = await store.search('Encounter', { class: 'AMB', _sort: '-date', _count: String(SHOWN) });
    const names = new Map<string, string>();
    const out: Row[] = [];
    for (const encounter of page.resources) {
      const patientId = (encounter.subject?.reference ?? '').replace(/^Patient\//, '');
      if (!names.has(patientId)) {
        try {
          names.set(patientId, patientFacts(await store.read('Patient', patientId), new Date()).name);
        } catch {
          names.set(patientId, '');
        }
      }
      out.push({ encounterId: encounter.id ?? '', start: encounter.period?.start ?? '', patientName: names.get(patientId) ?? '', reason: reasonOf(encounter) });
    }
    return out;
  }, [store]);

  return (
    <Page title={t('consultationsArea.title')}>
      <p className="lead">{t('consultationsArea.recent.lead')}</p>
      {rows.status === 'loading' ? <p>{t('consultationsArea.loading')}</p> : null}
      {rows.status === 'failed' ? <LoadFailure message={t('consultationsArea.recent.loadError')} detail={rows.detail} /> : null}
      {rows.status === 'ready' && rows.value.length === 0 ? <p>{t('consultationsArea.recent.empty')}</p> : null}
      {rows.status === 'ready' && rows.value.length > 0 ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('consultationsArea.recent.date')}</th>
              <th scope="col">{t('consultationsArea.recent.patient')}</th>
              <th scope="col">{t('consultationsArea.recent.reason')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('consultationsArea.recent.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.value.map((r) => (
              <tr key={r.encounterId}>
                <td>{formatDateTime(r.start)}</td>
                <td>{r.patientName}</td>
                <td>{r.reason}</td>
                <td>
                  <Link to={routeTo(ROUTES.consultation, { encounterId: r.encounterId })} aria-label={`${t('consultationsArea.recent.open')}: ${r.patientName}, ${formatDateTime(r.start)}`}>
                    {t('consultationsArea.recent.open')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
