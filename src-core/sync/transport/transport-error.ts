// Every transport failure is an OutcomeError (STYLE §5). This subclass adds what the sync engine
// needs to decide what to do next without string-matching: the HTTP status (when a server
// answered) and how long the server asked us to wait (Retry-After) when we gave up waiting.
import type { OperationOutcome } from '@medplum/fhirtypes';
import { OutcomeError } from '../../fhir/outcome';

export class TransportError extends OutcomeError {
  constructor(
    outcome: OperationOutcome,
    /** HTTP status of the final answer; undefined when no answer arrived (network, timeout). */
    readonly status: number | undefined,
    /** The server's Retry-After in ms, when it asked for a wait longer than we were allowed to sleep. */
    readonly retryAfterMs?: number,
  ) {
    super(outcome);
    this.name = 'TransportError';
  }
}
