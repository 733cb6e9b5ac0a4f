// The CIE-10 code the chosen consultation reason suggests (motivos-consulta.json), offered as one
// button; never added without the nurse choosing it.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { consultationReasonByCode, loadCie10Index, type Cie10Match } from '../../../src-core/fhir/terminology';

export interface Cie10SuggestionProps {
  readonly reasonCode: string;
  /** Codes already in the list (no suggestion for those). */
  readonly chosen: readonly string[];
  readonly onPick: (match: Cie10Match) => void;
}

export function Cie10Suggestion({ reasonCode, chosen, onPick }: Cie10SuggestionProps): ReactNode {
  const { t } = useTranslation();
  const code = reasonCode === '' ? undefined : consultationReasonByCode(reasonCode)?.suggestedCie10;
  const [found, setFound] = useState<{ code: string; display: string } | undefined>();
  useEffect(() => {
    if (code === undefined) return undefined;
    let live = true;
    loadCie10Index().then(
      (index) => {
        const row = index.lookup(code);
        if (live && row !== undefined) setFound({ code: row[0], display: row[1] });
      },
      () => {
        // Only a suggestion: the search box still works (and reports a failed load itself).
      },
    );
    return () => {
      live = false;
    };
  }, [code]);
  if (code === undefined || found?.code !== code || chosen.includes(code)) return null;
  return (
    <p className="cie10-suggestion">
      <button
        type="button"
        className="button button-secondary"
        onClick={() => {
          onPick({ code: found.code, display: found.display, tier: 'exact-code' });
        }}
      >
        {t('consultationsArea.diagnoses.suggested', { code: found.code, display: found.display })}
      </button>
    </p>
  );
}
