// Runs a parsed query against the store: one indexed search, one page.
import type { Patient } from '@medplum/fhirtypes';
import type { FhirStore } from '../../../../src-core/store';
import { patientSearchParams, RESULTS_PER_SEARCH } from './search-params';
import type { PatientQuery } from './search-text';
import { comparePatientsForDisplay } from '../patient-summary';

export interface PatientSearchResult {
  /** This page, sorted by surnames then given names. */
  readonly patients: readonly Patient[];
  /** Every match (more than `patients.length` means "type more to narrow"). */
  readonly total: number;
}

const NOTHING: PatientSearchResult = { patients: [], total: 0 };

export async function searchPatients(store: Pick<FhirStore, 'search'>, query: PatientQuery, count = RESULTS_PER_SEARCH): Promise<PatientSearchResult> {
  const params = patientSearchParams(query, count);
  if (params === undefined) return NOTHING;
  const result = await store.search('Patient', params);
  return { patients: [...result.resources].sort(comparePatientsForDisplay), total: result.total };
}
