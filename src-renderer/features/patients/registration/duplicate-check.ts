// Duplicate detection before registering (issue 6): who among the registered patients may be the
// person in the form. Candidates come from two indexed searches, never a scan of the register:
//   - the same CUI (an identifier lookup): certain, a hard stop;
//   - birth dates within BIRTH_WINDOW_DAYS of the typed one (one birthdate range; the store's date
//     buckets narrow it). The matcher (src-core/clinical/duplicates) never proposes a person born
//     further away unless the CUI is the same, so this window loses no candidate it would accept,
//     whatever the spelling of the names (phonetic variants, swapped surnames, accents): a name
//     prefix lookup would miss "Hernández"/"Ernández" or "Vásquez"/"Básquez".
import type { Patient } from '@medplum/fhirtypes';
import { addDays, formatCalendarDate, parseCalendarDate } from '../../../../src-core/clinical/age/calendar-date';
import { BIRTH_WINDOW_DAYS } from '../../../../src-core/clinical/duplicates/birth-date-similarity';
import { findDuplicatePatients, type DuplicateLikelihood, type DuplicateReason } from '../../../../src-core/clinical/duplicates/duplicate-patients';
import { matchableFromPatient, type MatchablePatient } from '../../../../src-core/clinical/duplicates/match-profile';
import { CUI_SYSTEM } from '../../../../src-core/fhir/canonical';
import { MAX_COUNT, type FhirStore, type SearchParams } from '../../../../src-core/store';

export interface SimilarPatient {
  readonly patient: Patient;
  readonly likelihood: DuplicateLikelihood;
  readonly reasons: readonly DuplicateReason[];
}

export interface DuplicateFindings {
  /** Registered with the same CUI: the person exists; registering again is refused. */
  readonly sameCui: readonly Patient[];
  /** Probably or possibly the same person, best first. */
  readonly similar: readonly SimilarPatient[];
}

/** At most this many pages of MAX_COUNT people born in the window are compared. */
export const MAX_WINDOW_PAGES = 10;
export const MAX_SIMILAR_SHOWN = 5;

/** The birthdate range search around a FHIR date (a partial date: around its whole year). */
export function birthWindowParams(birthDate: string): SearchParams | undefined {
  const day = parseCalendarDate(birthDate);
  if (day !== undefined) {
    return {
      birthdate: [`ge${formatCalendarDate(addDays(day, -BIRTH_WINDOW_DAYS))}`, `le${formatCalendarDate(addDays(day, BIRTH_WINDOW_DAYS))}`],
      _count: String(MAX_COUNT),
    };
  }
  const year = /^(\d{4})/.exec(birthDate)?.[1];
  if (year === undefined) return undefined;
  return { birthdate: [`ge${String(Number(year) - 1)}`, `le${String(Number(year) + 1)}`], _count: String(MAX_COUNT) };
}

async function allPages(store: Pick<FhirStore, 'search'>, params: SearchParams): Promise<Patient[]> {
  const out: Patient[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_WINDOW_PAGES; page++) {
    const result = await store.search('Patient', cursor === undefined ? params : { ...params, _cursor: cursor });
    out.push(...result.resources);
    cursor = result.next;
    if (cursor === undefined) break;
  }
  return out;
}

/** The registered patients worth comparing with `person`: same CUI, or born within the window. */
export async function fetchDuplicateCandidates(store: Pick<FhirStore, 'search'>, person: MatchablePatient): Promise<Patient[]> {
  const window = person.birthDate === undefined ? undefined : birthWindowParams(person.birthDate);
  const [byCui, byBirth] = await Promise.all([
    person.cui === undefined ? [] : allPages(store, { identifier: `${CUI_SYSTEM}|${person.cui}`, _count: String(MAX_COUNT) }),
    window === undefined ? [] : allPages(store, window),
  ]);
  const unique = new Map<string, Patient>();
  for (const p of [...byCui, ...byBirth]) if (p.id !== undefined) unique.set(p.id, p);
  return [...unique.values()];
}

/** Sorts candidates into the same-CUI stop and the similar people to show (pure). */
export function selectDuplicates(person: MatchablePatient, registered: readonly Patient[]): DuplicateFindings {
  const byId = new Map(registered.flatMap((p) => (p.id === undefined ? [] : [[p.id, p] as const])));
  const found = findDuplicatePatients(person, registered.map(matchableFromPatient), { limit: registered.length });
  const sameCui: Patient[] = [];
  const similar: SimilarPatient[] = [];
  for (const candidate of found) {
    const patient = candidate.patient.id === undefined ? undefined : byId.get(candidate.patient.id);
    if (patient === undefined) continue;
    if (candidate.likelihood === 'certain') sameCui.push(patient);
    else if (similar.length < MAX_SIMILAR_SHOWN) similar.push({ patient, likelihood: candidate.likelihood, reasons: candidate.reasons });
  }
  return { sameCui, similar };
}

export async function findRegisteredDuplicates(store: Pick<FhirStore, 'search'>, person: MatchablePatient): Promise<DuplicateFindings> {
  return selectDuplicates(person, await fetchDuplicateCandidates(store, person));
}
