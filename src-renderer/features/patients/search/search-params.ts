// The store search for a parsed query, shaped so the store's index answers it cheaply (see
// src-core/store/search/candidate-plan.ts):
//   - each name word is its own `name` criterion: a single word up to 16 letters is answered by
//     its prefix entry alone, so the criteria are intersected in the index and only the page of
//     results is decrypted (one `name` value with several words would open every resource
//     matching its longest word to check the others). The words may then fall in different
//     names of the same patient; a patient has one name here, so that changes nothing;
//   - no `_sort`: ordering by name would open every match; the page is sorted for display;
//   - the CUI is an identifier token with its system;
//   - a year or a date is a `birthdate` criterion (its buckets narrow the candidates).
import type { SearchParams } from '../../../../src-core/store';
import { CUI_SYSTEM } from '../../../../src-core/fhir/canonical';
import type { PatientQuery } from './search-text';

/** Results shown per search: enough to pick from; more than this means "type more". */
export const RESULTS_PER_SEARCH = 20;

/** The Patient search parameters of a query, or undefined when there is nothing to look up. */
export function patientSearchParams(query: PatientQuery, count = RESULTS_PER_SEARCH): SearchParams | undefined {
  switch (query.kind) {
    case 'empty':
    case 'incomplete-number':
    case 'too-short':
      return undefined;
    case 'cui':
      return { identifier: `${CUI_SYSTEM}|${query.cui}`, _count: String(count) };
    case 'criteria': {
      const birth = query.birthDate ?? (query.year === undefined ? undefined : String(query.year));
      return {
        ...(query.words.length === 0 ? {} : { name: query.words }),
        ...(birth === undefined ? {} : { birthdate: birth }),
        _count: String(count),
      };
    }
  }
}
