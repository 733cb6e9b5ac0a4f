// Medplum's matcher quietly matches nothing for a parameter it does not know or cannot evaluate, and
// the memory search ignores _include. A client (the sync engine especially) must not mistake that for
// "no data", so such searches are refused with 400 and say why.
import type { SearchRequest } from '@medplum/core';
import { OperationOutcomeError, getSearchParameter } from '@medplum/core';
import { errorOutcome } from '../../src-core/fhir/outcome';

const MATCHABLE_TYPES = new Set(['reference', 'string', 'uri', 'token', 'date']);
const SORT_SPECIALS = new Set(['_id', '_lastUpdated']);

export function assertSupportedSearch(search: SearchRequest): void {
  for (const filter of search.filters ?? []) {
    const param = getSearchParameter(search.resourceType, filter.code);
    if (!param || !MATCHABLE_TYPES.has(param.type)) {
      throw unsupported(`Search parameter '${filter.code}' is not supported for ${search.resourceType}`);
    }
  }
  for (const rule of search.sortRules ?? []) {
    if (!SORT_SPECIALS.has(rule.code) && !getSearchParameter(search.resourceType, rule.code)) {
      throw unsupported(`Cannot sort ${search.resourceType} by '${rule.code}'`);
    }
  }
  if (search.include?.length || search.revInclude?.length) {
    throw unsupported('_include and _revinclude are not supported by this server');
  }
  if (search.cursor !== undefined) throw unsupported('_cursor is not supported by this server');
  if (search.count !== undefined && (Number.isNaN(search.count) || search.count < 0)) {
    throw unsupported('_count must be a non-negative integer');
  }
  if (search.offset !== undefined && (Number.isNaN(search.offset) || search.offset < 0)) {
    throw unsupported('_offset must be a non-negative integer');
  }
}

const unsupported = (message: string): OperationOutcomeError =>
  new OperationOutcomeError(errorOutcome('not-supported', message));
