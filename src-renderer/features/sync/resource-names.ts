// Resource types and element names in Spanish, from es-GT.json (sync.typeSingular, sync.typePlural,
// sync.elements); a name missing there is shown as FHIR writes it.
import { useTranslation } from 'react-i18next';

export interface ResourceNames {
  singular(resourceType: string): string;
  plural(resourceType: string): string;
  /**
   * A conflicting path as people read it: "Patient.birthDate" → "Fecha de nacimiento",
   * "Observation.valueQuantity.value" → "Valor › value", "Patient" (the whole record) → its words.
   */
  element(path: string): string;
}

export function useResourceNames(): ResourceNames {
  const { t } = useTranslation();
  const singular: Readonly<Record<string, string>> = t('sync.typeSingular', { returnObjects: true });
  const plural: Readonly<Record<string, string>> = t('sync.typePlural', { returnObjects: true });
  const elements: Readonly<Record<string, string>> = t('sync.elements', { returnObjects: true });
  return {
    singular: (type) => singular[type] ?? type,
    plural: (type) => plural[type] ?? type,
    element: (path) => {
      const [, first, ...rest] = path.split('.');
      if (first === undefined) return t('sync.wholeRecord');
      const name = elements[first] ?? first;
      return rest.length === 0 ? name : `${name} › ${rest.join('.')}`;
    },
  };
}
