// When the registration form asks for the mother's name (ceiba-patient's contact:madre slice,
// "for newborns and infants"):
//   - under 1 year: required. A newborn or infant usually has no CUI yet and often no name used
//     outside the family ("Recién nacido Caal"); the mother is how the record is found and
//     told apart from siblings;
//   - from 1 to under 5 years: offered, optional. The mother is who brings the child to growth
//     monitoring and vaccination, so recording her helps, but the child is identified by now;
//   - 5 years and over, or no valid birth date yet: not asked.
import { ageOf } from '../../../../src-core/clinical/age/age-of';
import type { CalendarDate } from '../../../../src-core/clinical/age/calendar-date';

export type MotherNameRule = 'required' | 'offered' | 'hidden';

export const MOTHER_REQUIRED_UNDER_YEARS = 1;
export const MOTHER_OFFERED_UNDER_YEARS = 5;

export function motherNameRule(birth: CalendarDate | undefined, today: CalendarDate): MotherNameRule {
  if (birth === undefined) return 'hidden';
  const age = ageOf(birth, today);
  if (age === undefined) return 'hidden';
  if (age.years < MOTHER_REQUIRED_UNDER_YEARS) return 'required';
  return age.years < MOTHER_OFFERED_UNDER_YEARS ? 'offered' : 'hidden';
}
