// Languages of Guatemala for Patient.communication.language (BCP-47 tags; ValueSet idioma-gt).
import languagesJson from '../../../resources/terminology/idiomas.json';
import type { Language } from './table-types';

export const LANGUAGES = languagesJson as readonly Language[];

const byCode = new Map(LANGUAGES.map((l) => [l.code, l]));

export function languageByCode(code: string): Language | undefined {
  return byCode.get(code);
}
