import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NotAvailable } from '../../ui/not-available';

// Not built yet: the page says so plainly (no placeholder data, no controls that do nothing).
export function PrintReferralPage(): ReactNode {
  const { t } = useTranslation();
  return <NotAvailable title={t('nav.consultations')} purpose={t('areas.consultations')} />;
}
