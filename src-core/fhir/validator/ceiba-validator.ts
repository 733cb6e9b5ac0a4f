// The validator the app uses: FHIR R4, every Ceiba profile and extension, the local ValueSets
// (national terminology and profile vocabularies), and the CUI check digit behind cui-1.
import { parseCui } from '../../clinical/cui';
import { CEIBA_CODE_SYSTEMS, CEIBA_STRUCTURE_DEFINITIONS, CEIBA_VALUE_SETS } from '../profiles/ceiba-definitions';
import { CUI_INVARIANT_KEY } from '../profiles/ceiba-urls';
import { cuiInvariant, type InvariantFailure } from './custom-invariants';
import { createValidator, type FhirValidator } from './fhir-validator';

const CUI_DIAGNOSTICS = {
  characters: 'CUI contains characters other than digits',
  length: 'CUI does not have 13 digits',
  'check-digit': 'CUI check digit does not match its serial number',
  department: 'CUI department code is not an INE department',
  municipality: 'CUI municipality code is not a municipality of its department',
} as const;

function checkCui(value: string): InvariantFailure | undefined {
  // The identifier value must be the 13 digits as stored, without the separators people type.
  const result = parseCui(value);
  if (result.ok) return result.cui.normalized === value ? undefined : { diagnostics: CUI_DIAGNOSTICS.characters };
  return { diagnostics: CUI_DIAGNOSTICS[result.error.code], spanish: result.error.message };
}

export function createCeibaValidator(): FhirValidator {
  return createValidator({
    profiles: CEIBA_STRUCTURE_DEFINITIONS,
    valueSets: CEIBA_VALUE_SETS,
    codeSystems: CEIBA_CODE_SYSTEMS,
    customInvariants: { [CUI_INVARIANT_KEY]: cuiInvariant(checkCui) },
  });
}

let shared: FhirValidator | undefined;

/** One validator per process (indexing happens once; validators hold no per-call state). */
export function ceibaValidator(): FhirValidator {
  shared ??= createCeibaValidator();
  return shared;
}
