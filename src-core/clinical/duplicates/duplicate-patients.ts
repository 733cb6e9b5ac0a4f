// Duplicate-patient detection before registering someone: the registered patients most likely to
// be the same person, ranked, each with the reasons, so the nurse can open the existing record
// instead of creating a second one (a split record loses vaccines and growth history).
//
// Evidence and how it combines:
// - Same CUI: certain, whatever the names say (a CUI identifies one person; its check digit makes a
//   typo landing on another valid CUI unlikely). Two different CUIs: strong evidence against (the
//   score is multiplied by DIFFERENT_CUI, which keeps it below POSSIBLE_DUPLICATE: not shown).
// - Otherwise the candidate must pass three gates: birth dates within a year
//   (birth-date-similarity.ts), given names alike and surnames alike (each ≥ NAME_GATE, or near-identical,
//   see STRICT_NAME_GATE, when the dates differ in a way that is not a typing pattern). Then
//     score = 0.35 · given + 0.35 · surnames + 0.2 · birth date + 0.1 · municipality
//   times DIFFERENT_GENDER when the recorded genders differ (Juan / Juana, twins).
//   Municipality: same 1, unknown 0.5, different 0 (people move, so it never excludes).
// - A candidate is returned when its score reaches POSSIBLE_DUPLICATE, and called probable from
//   PROBABLE_DUPLICATE. Weights and thresholds were chosen on one generated register (seed 1) and
//   are checked on another (test/core/clinical-duplicates.test.ts).
// Blocking: birth dates are compared first (cheap) so that names are compared only inside the
// window; the caller may also pre-select by birth-date range or CUI in the store.
import { compareBirthDates, type BirthDateRelation } from './birth-date-similarity';
import { matchProfile, type MatchProfile, type MatchablePatient } from './match-profile';
import { compareGivenNames, compareSurnames, type NameComparison, type NameReason } from './name-similarity';

export type DuplicateReason =
  | 'same-cui'
  | 'different-cui'
  | NameReason
  | `birth-${BirthDateRelation}`
  | 'same-municipality'
  | 'different-municipality'
  | 'different-gender';

export type DuplicateLikelihood = 'certain' | 'probable' | 'possible';

export interface DuplicateCandidate {
  readonly patient: MatchablePatient;
  readonly score: number;
  readonly likelihood: DuplicateLikelihood;
  readonly reasons: readonly DuplicateReason[];
}

export const NAME_GATE = 0.8;
/**
 * Name gate when the birth dates differ in a way that is not a typing pattern (anything else within
 * the year), or one of them is only a year: then only near-identical names make a candidate (every
 * word the same spelling or the same phonetic key, both surnames on both sides, no second given
 * name in conflict), since namesakes born the same year are common.
 */
export const STRICT_NAME_GATE = 0.95;
const WEAK_BIRTH_EVIDENCE: ReadonlySet<BirthDateRelation> = new Set(['within-a-year', 'same-year', 'unknown']);
export const POSSIBLE_DUPLICATE = 0.8;
export const PROBABLE_DUPLICATE = 0.9;
const DIFFERENT_CUI = 0.5;
const DIFFERENT_GENDER = 0.75;
const WEIGHTS = { given: 0.35, surnames: 0.35, birth: 0.2, municipality: 0.1 } as const;

/** Compares two profiles; undefined when they cannot be the same person. */
export function compareProfiles(a: MatchProfile, b: MatchProfile): { score: number; reasons: DuplicateReason[] } | undefined {
  const sameCui = a.cui !== undefined && a.cui === b.cui;
  const birth = compareBirthDates(a, b);
  if (birth === undefined && !sameCui) return undefined;
  const strict = birth !== undefined && WEAK_BIRTH_EVIDENCE.has(birth.relation);
  const passes = (names: NameComparison): boolean =>
    strict ? names.score >= STRICT_NAME_GATE && names.lowest >= STRICT_NAME_GATE : names.score >= NAME_GATE;
  // Surnames first: they rule out most registered people, so given names are rarely compared.
  const surnames = compareSurnames(a.surnames, b.surnames);
  if (!sameCui && !passes(surnames)) return undefined;
  const given = compareGivenNames(a.given, b.given);
  if (!sameCui && !passes(given)) return undefined;

  const reasons: DuplicateReason[] = [...given.reasons, ...surnames.reasons];
  if (birth !== undefined && birth.relation !== 'unknown') reasons.push(`birth-${birth.relation}`);
  let municipality = 0.5;
  if (a.municipality !== undefined && b.municipality !== undefined) {
    municipality = a.municipality === b.municipality ? 1 : 0;
    reasons.push(municipality === 1 ? 'same-municipality' : 'different-municipality');
  }
  const differentGender = a.gender !== undefined && b.gender !== undefined && a.gender !== b.gender;
  if (differentGender) reasons.push('different-gender');
  if (sameCui) return { score: 1, reasons: ['same-cui', ...reasons] };
  if (birth === undefined) return undefined;

  let score =
    WEIGHTS.given * given.score + WEIGHTS.surnames * surnames.score + WEIGHTS.birth * birth.score + WEIGHTS.municipality * municipality;
  if (differentGender) score *= DIFFERENT_GENDER;
  if (a.cui !== undefined && b.cui !== undefined) {
    score *= DIFFERENT_CUI;
    reasons.unshift('different-cui');
  }
  return { score, reasons };
}

export interface FindDuplicatesOptions {
  /** At most this many candidates (default 10). */
  readonly limit?: number;
}

/**
 * Registered patients that may be `candidate`, best first. `existing` may be MatchablePatients or
 * profiles built once with matchProfile (faster when the same list is searched repeatedly).
 */
export function findDuplicatePatients(
  candidate: MatchablePatient,
  existing: readonly (MatchablePatient | MatchProfile)[],
  options: FindDuplicatesOptions = {},
): DuplicateCandidate[] {
  const probe = matchProfile(candidate);
  const found: DuplicateCandidate[] = [];
  for (const entry of existing) {
    const profile = 'surnames' in entry && 'patient' in entry ? entry : matchProfile(entry);
    const compared = compareProfiles(probe, profile);
    if (compared === undefined || compared.score < POSSIBLE_DUPLICATE) continue;
    const likelihood: DuplicateLikelihood = compared.reasons[0] === 'same-cui' ? 'certain' : compared.score >= PROBABLE_DUPLICATE ? 'probable' : 'possible';
    found.push({ patient: profile.patient, score: compared.score, likelihood, reasons: compared.reasons });
  }
  found.sort((x, y) => y.score - x.score || (x.patient.id ?? '').localeCompare(y.patient.id ?? ''));
  return found.slice(0, options.limit ?? 10);
}
