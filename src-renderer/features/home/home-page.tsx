import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROUTES } from '../../app/routes';
import { Page } from '../../ui/page';

export function HomePage(): ReactNode {
  const { t } = useTranslation();
  return (
    <Page title={t('nav.home')}>
      <p className="lead">{t('home.welcome')}</p>
      <p>{t('home.firstVersion')}</p>
      <p>
        <Link to={ROUTES.about}>{t('home.aboutLink')}</Link>
      </p>
    </Page>
  );
}
