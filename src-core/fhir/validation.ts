import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * What the store and the importers call before every write. Implementations return every issue
 * found (errors and warnings) with FHIRPath expressions; an empty list means valid. They never
 * throw for invalid input: a malformed resource is an issue, not an exception.
 */
export interface ResourceValidator {
  validate(resource: unknown, profileUrls?: readonly string[]): OperationOutcomeIssue[];
}

export const hasErrors = (issues: readonly OperationOutcomeIssue[]): boolean =>
  issues.some((i) => i.severity === 'error' || i.severity === 'fatal');
