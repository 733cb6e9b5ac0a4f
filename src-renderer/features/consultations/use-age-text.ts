import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Age } from '../../../src-core/clinical';

/** "2 años y 3 meses", "7 meses y 12 días", "5 días": the two largest units, as Guatemalan charts write ages. */
export function useAgeText(): (age: Age) => string {
  const { t } = useTranslation();
  return useCallback(
    (age: Age) => {
      const years = t('consultationsArea.age.years', { count: age.years });
      const months = t('consultationsArea.age.months', { count: age.months });
      const days = t('consultationsArea.age.days', { count: age.days });
      if (age.years >= 5) return years;
      if (age.years > 0) return age.months === 0 ? years : t('consultationsArea.age.join', { a: years, b: months });
      if (age.months > 0) return age.days === 0 ? months : t('consultationsArea.age.join', { a: months, b: days });
      return days;
    },
    [t],
  );
}
