// OperationOutcome is the error type everywhere (STYLE §5). Small factories build outcomes;
// `toOutcome` converts any thrown value exactly once, at an edge.
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export type IssueCode = OperationOutcomeIssue['code'];
export type IssueSeverity = OperationOutcomeIssue['severity'];

export function outcome(issues: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: issues };
}

export function issue(
  code: IssueCode,
  diagnostics: string,
  options: { severity?: IssueSeverity; expression?: string[]; details?: string } = {},
): OperationOutcomeIssue {
  return {
    severity: options.severity ?? 'error',
    code,
    diagnostics,
    ...(options.details === undefined ? {} : { details: { text: options.details } }),
    ...(options.expression === undefined ? {} : { expression: options.expression }),
  };
}

export const errorOutcome = (code: IssueCode, diagnostics: string, expression?: string[]): OperationOutcome =>
  outcome([issue(code, diagnostics, expression === undefined ? {} : { expression })]);

export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { resourceType?: unknown }).resourceType === 'OperationOutcome' &&
    Array.isArray((value as { issue?: unknown }).issue)
  );
}

/** Carries an OperationOutcome through code that throws. */
export class OutcomeError extends Error {
  constructor(readonly outcome: OperationOutcome) {
    super(outcome.issue[0]?.diagnostics ?? 'operation failed');
    this.name = 'OutcomeError';
  }
}

export function toOutcome(err: unknown): OperationOutcome {
  if (err instanceof OutcomeError) return err.outcome;
  if (isOperationOutcome(err)) return err;
  const message = err instanceof Error ? `${err.name}: ${err.message}` : 'non-error value thrown';
  return errorOutcome('exception', message);
}
