// An age as a nurse says it: days for a newborn, months and days in the first year, years and
// months until five (what child-health forms ask), whole years after.
import type { TFunction } from 'i18next';
import type { Age } from '../../../src-core/clinical/age/age-of';

export function ageText(t: TFunction, age: Age): string {
  const years = t('chart.age.years', { count: age.years });
  const months = t('chart.age.months', { count: age.months });
  const days = t('chart.age.days', { count: age.days });
  if (age.totalMonths === 0) return days;
  if (age.years === 0) return age.days === 0 ? months : t('chart.age.and', { first: months, second: days });
  if (age.years < 5 && age.months > 0) return t('chart.age.and', { first: years, second: months });
  return years;
}
