// An HTTP-level refusal (before or around the FHIR router) with its status and OperationOutcome.
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { IssueCode } from '../../src-core/fhir/outcome';
import { errorOutcome } from '../../src-core/fhir/outcome';

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(outcome.issue[0]?.diagnostics ?? `HTTP ${status}`);
    this.name = 'HttpProblem';
  }
}

export const httpProblem = (
  status: number,
  code: IssueCode,
  diagnostics: string,
  headers: Readonly<Record<string, string>> = {},
): HttpProblem => new HttpProblem(status, errorOutcome(code, diagnostics), headers);
