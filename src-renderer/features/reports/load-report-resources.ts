import type { Resource, ResourceType } from '@medplum/fhirtypes';
import type { FhirStore } from '../../../src-core/store/fhir-store';

/** The resource types the monthly report counts. */
export const REPORT_TYPES = ['Patient', 'Encounter', 'Condition', 'Immunization', 'Observation', 'ServiceRequest'] as const satisfies readonly ResourceType[];
const PAGE = 500;

/**
 * Every resource of the report's types in the local store, page by page (`_count` + `_cursor`).
 * The month filter is applied by monthlyReport(): a post's store is small, and a patient's birth
 * date or an encounter's subject may be older than the month.
 */
export async function loadReportResources(store: Pick<FhirStore, 'search'>): Promise<Resource[]> {
  const all: Resource[] = [];
  for (const type of REPORT_TYPES) {
    let cursor: string | undefined;
    do {
      const page = await store.search(type, cursor === undefined ? { _count: String(PAGE) } : { _count: String(PAGE), _cursor: cursor });
      all.push(...page.resources);
      cursor = page.next;
    } while (cursor !== undefined);
  }
  return all;
}
