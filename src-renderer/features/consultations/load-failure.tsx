import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A screen that could not load what it shows: the Spanish message and the technical detail for support. */
export function LoadFailure({ message, detail }: { message: string; detail: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      <p>
        {t('consultationsArea.technicalDetail')}: <code>{detail}</code>
      </p>
    </div>
  );
}
