// The frame of every printed sheet (the paper record is the legal one): the health post header,
// the sheet's title and date, the patient, the content, and signature and stamp lines. On screen
// a toolbar above it offers "Imprimir" and the way back; @media print hides it and the app's chrome.
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../session';
import { formatDateTime } from './format-date-time';
import { PatientBox } from './patient-box';
import type { PatientFacts } from './patient-facts';
import { usePlatform } from '../../platform/platform-context';
import { printDocument, printFileName } from './print-document';

export interface PrintSheetProps {
  readonly title: string;
  /** Which sheet, for the suggested PDF file name. */
  readonly sheet: 'consulta' | 'referencia';
  readonly consultationDate: string;
  readonly patient: PatientFacts;
  readonly backTo: string;
  readonly signatures: readonly { readonly label: string; readonly name?: string | undefined }[];
  readonly children: ReactNode;
}

export function PrintSheet({ title, sheet, consultationDate, patient, backTo, signatures, children }: PrintSheetProps): ReactNode {
  const { t } = useTranslation();
  const platform = usePlatform();
  const { post } = useSession();
  useEffect(() => {
    document.title = t('app.documentTitle', { page: `${title} · ${patient.name}` });
  }, [t, title, patient.name]);
  return (
    <div className="print-page">
      <div className="print-toolbar actions">
        <button
          type="button"
          className="button"
          onClick={() => {
            void printDocument(platform, printFileName(sheet, consultationDate));
          }}
        >
          {t('consultationsArea.actions.print')}
        </button>
        <Link className="button button-secondary" to={backTo}>
          {t('consultationsArea.actions.backToConsultation')}
        </Link>
      </div>
      <article className="print-sheet" aria-labelledby="print-title">
        <header className="print-header">
          <p className="print-ministry">{t('consultationsArea.print.ministry')}</p>
          <p className="print-post">{post.name}</p>
          <p className="print-post-code">{t('consultationsArea.print.postCode', { code: post.code })}</p>
        </header>
        <h1 id="print-title" tabIndex={-1}>
          {title}
        </h1>
        <p className="print-date">{t('consultationsArea.print.consultationDate', { when: formatDateTime(consultationDate) })}</p>
        <PatientBox patient={patient} />
        {children}
        <footer className="print-signatures">
          {signatures.map((s) => (
            <div key={s.label} className="print-signature">
              <div className="print-signature-line" />
              <p>{s.label}</p>
              {s.name === undefined ? null : <p className="print-signature-name">{s.name}</p>}
            </div>
          ))}
        </footer>
        <p className="print-printed-at">{t('consultationsArea.print.printedAt', { when: formatDateTime(new Date().toISOString()) })}</p>
      </article>
    </div>
  );
}
