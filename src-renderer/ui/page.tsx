import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A page's frame: its one <h1> (focusable so navigation can move focus there) and the window title. */
export function Page({ title, children }: { title: string; children: ReactNode }): ReactNode {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = t('app.documentTitle', { page: title });
  }, [t, title]);
  return (
    <div className="page">
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </div>
  );
}
