import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Page } from '../ui/page';
import { ROUTES } from './routes';

export function NotFoundPage(): ReactNode {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.message')}</p>
      <p>
        <Link to={ROUTES.home}>{t('notFound.homeLink')}</Link>
      </p>
    </Page>
  );
}
