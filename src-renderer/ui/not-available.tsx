import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from './page';

/** What an area not built yet shows: that it is not available, and what it will be for. Nothing else. */
export function NotAvailable({ title, purpose }: { title: string; purpose: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <Page title={title}>
      <p className="notice">{t('notAvailable.message')}</p>
      <h2>{t('notAvailable.purposeHeading')}</h2>
      <p>{purpose}</p>
    </Page>
  );
}
