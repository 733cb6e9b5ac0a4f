// The languages of Guatemala offered for Patient.communication.language (ValueSet idioma-gt).
//
// Choice of codes: FHIR binds Patient.communication.language to BCP-47 (system urn:ietf:bcp:47).
// BCP-47 takes the ISO 639-1 two-letter code where one exists, so Spanish is 'es' (never 'spa'),
// and the ISO 639-3 code otherwise, which is the case for every Mayan language, Xinka and Garífuna.
// Chalchiteko is recognized by the Academia de Lenguas Mayas de Guatemala (ALMG) but ISO 639-3
// classifies it as a variety of Awakateko (agu) and gives it no code of its own; it is tagged
// 'agu-x-chalchit' (a valid BCP-47 private-use subtag under Awakateko) so the two can be told apart.
//
// Spanish names follow the ALMG's spellings (Ceiba's own transcription, not a data file); ISO
// reference names and autonyms come from the ISO 639-3 table and the autonym table in shared/data.
import type { LanguageGroup } from '../../src-core/fhir/terminology/table-types';

export interface CuratedLanguage {
  /** BCP-47 tag. */
  readonly code: string;
  /** ISO 639-3 code looked up in the ISO table (the macro-language for a private-use tag). */
  readonly iso6393: string;
  readonly name: string;
  readonly group: LanguageGroup;
  /** Autonym from the data, dropped for this code with the reason given (reviewed by hand). */
  readonly dropAutonym?: string;
}

export const CURATED_LANGUAGES: readonly CuratedLanguage[] = [
  { code: 'es', iso6393: 'spa', name: 'Español', group: 'espanol' },
  { code: 'acr', iso6393: 'acr', name: 'Achi', group: 'maya' },
  {
    code: 'knj',
    iso6393: 'knj',
    name: 'Akateko',
    group: 'maya',
    dropAutonym: "the table gives K’anjob’al, which a user would confuse with Q'anjob'al (kjb)",
  },
  { code: 'agu', iso6393: 'agu', name: 'Awakateko', group: 'maya' },
  { code: 'agu-x-chalchit', iso6393: 'agu', name: 'Chalchiteko', group: 'maya', dropAutonym: 'the Awakateko autonym does not apply' },
  { code: 'caa', iso6393: 'caa', name: "Ch'orti'", group: 'maya' },
  { code: 'cac', iso6393: 'cac', name: 'Chuj', group: 'maya' },
  { code: 'itz', iso6393: 'itz', name: "Itza'", group: 'maya' },
  { code: 'ixl', iso6393: 'ixl', name: 'Ixil', group: 'maya' },
  { code: 'jac', iso6393: 'jac', name: "Popti' (Jakalteko)", group: 'maya' },
  { code: 'cak', iso6393: 'cak', name: 'Kaqchikel', group: 'maya' },
  { code: 'quc', iso6393: 'quc', name: "K'iche'", group: 'maya' },
  { code: 'mam', iso6393: 'mam', name: 'Mam', group: 'maya' },
  { code: 'mop', iso6393: 'mop', name: 'Mopan', group: 'maya' },
  { code: 'poc', iso6393: 'poc', name: 'Poqomam', group: 'maya' },
  { code: 'poh', iso6393: 'poh', name: "Poqomchi'", group: 'maya' },
  { code: 'kjb', iso6393: 'kjb', name: "Q'anjob'al", group: 'maya' },
  { code: 'kek', iso6393: 'kek', name: "Q'eqchi'", group: 'maya' },
  { code: 'quv', iso6393: 'quv', name: 'Sakapulteko', group: 'maya' },
  { code: 'qum', iso6393: 'qum', name: 'Sipakapense', group: 'maya' },
  { code: 'ttc', iso6393: 'ttc', name: 'Tektiteko', group: 'maya' },
  { code: 'tzj', iso6393: 'tzj', name: "Tz'utujil", group: 'maya' },
  { code: 'usp', iso6393: 'usp', name: 'Uspanteko', group: 'maya' },
  { code: 'xin', iso6393: 'xin', name: 'Xinka', group: 'xinka' },
  { code: 'cab', iso6393: 'cab', name: 'Garífuna', group: 'garifuna' },
];
