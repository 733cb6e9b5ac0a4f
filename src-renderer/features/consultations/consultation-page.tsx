// ROUTES.consultation: a saved consultation, everything recorded in it, its print views, and
// "Editar" (new versions of the same resources; the store keeps the earlier ones).
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ROUTES, routeTo } from '../../app/routes';
import { Page } from '../../ui/page';
import { useSession } from '../../session';
import { ConsultationEditor } from './consultation-editor';
import { ConsultationSummary } from './consultation-summary';
import { formatDateTime } from './format-date-time';
import { LoadFailure } from './load-failure';
import { PatientBox } from './patient-box';
import { useConsultation } from './use-consultation';
import './consultations.css';

export function ConsultationPage(): ReactNode {
  const { t } = useTranslation();
  const { encounterId = '' } = useParams();
  const { post } = useSession();
  const [reload, setReload] = useState(0);
  // "?editar=1" keeps the editor open across a reload, so its draft comes back where it was typed.
  const [search, setSearch] = useSearchParams();
  const editing = search.get('editar') === '1';
  const setEditing = (on: boolean): void => {
    setSearch(on ? { editar: '1' } : {}, { replace: true });
  };
  const data = useConsultation(encounterId, reload);

  const title = editing ? t('consultationsArea.editTitle') : t('consultationsArea.viewTitle');
  return (
    <Page title={title}>
      {data.status === 'loading' ? <p>{t('consultationsArea.loading')}</p> : null}
      {data.status === 'failed' ? <LoadFailure message={t('consultationsArea.consultationError')} detail={data.detail} /> : null}
      {data.status === 'ready' ? (
        <>
          <PatientBox patient={data.value.patient} />
          {editing ? (
            <ConsultationEditor
              patient={data.value.patient}
              initial={data.value.form}
              previous={data.value.saved}
              onSaved={() => {
                setEditing(false);
                setReload((n) => n + 1);
              }}
              onCancel={() => {
                setEditing(false);
              }}
            />
          ) : (
            <>
              <dl className="facts consultation-meta">
                <dt>{t('consultationsArea.view.date')}</dt>
                <dd>{formatDateTime(data.value.saved.encounter.period?.start ?? '')}</dd>
                <dt>{t('consultationsArea.view.by')}</dt>
                <dd>{data.value.attendedBy ?? t('consultationsArea.patient.unknown')}</dd>
                <dt>{t('consultationsArea.view.post')}</dt>
                <dd>{post.name}</dd>
              </dl>
              <div className="actions consultation-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setEditing(true);
                  }}
                >
                  {t('consultationsArea.actions.edit')}
                </button>
                <Link className="button button-secondary" to={routeTo(ROUTES.printConsultation, { encounterId })}>
                  {t('consultationsArea.actions.printConsultation')}
                </Link>
                {data.value.form.request.kind === 'none' ? null : (
                  <Link className="button button-secondary" to={routeTo(ROUTES.printReferral, { encounterId })}>
                    {data.value.form.request.kind === 'referral' ? t('consultationsArea.actions.printReferral') : t('consultationsArea.actions.printTeleconsult')}
                  </Link>
                )}
                <Link className="button button-secondary" to={routeTo(ROUTES.newConsultation, { patientId: data.value.patient.id })}>
                  {t('consultationsArea.actions.newForPatient')}
                </Link>
              </div>
              <ConsultationSummary form={data.value.form} />
              {data.value.versions.length > 1 ? (
                <section className="consultation-history">
                  <h2>{t('consultationsArea.sections.history')}</h2>
                  <p>{t('consultationsArea.view.edited')}</p>
                  <ul className="plain-list">
                    {data.value.versions.map((v) => (
                      <li key={v.versionId}>{t('consultationsArea.view.versionLine', { version: v.versionId, when: formatDateTime(v.lastUpdated) })}</li>
                    ))}
                  </ul>
                </section>
              ) : null}
            </>
          )}
        </>
      ) : null}
    </Page>
  );
}
