// Version preconditions. Medplum's If-Match parser needs quotes and silently ignores anything else,
// which would turn a malformed precondition into an unconditional overwrite; here it is a 400.
import { OperationOutcomeError } from '@medplum/core';
import { errorOutcome } from '../../src-core/fhir/outcome';

/** The versionId in `W/"3"`, `"3"` or `3`; undefined when there is no header. */
export function parseIfMatch(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  const match = /^(?:W\/)?"([^"\s,]+)"$/.exec(value) ?? /^([^"\s,*]+)$/.exec(value);
  if (!match?.[1]) {
    throw new OperationOutcomeError(errorOutcome('invalid', 'If-Match must be one ETag such as W/"3"'));
  }
  return match[1];
}
