// Ends a run early with a decided outcome (login refused, server unavailable, …). Thrown inside
// the phases, caught once by the engine, which records it as the run's result.
import type { OperationOutcome } from '@medplum/fhirtypes';
import { OutcomeError } from '../../fhir/outcome';
import type { SyncOutcome } from './sync-state-keys';

export class RunStop extends OutcomeError {
  constructor(
    readonly result: Exclude<SyncOutcome, 'succeeded' | 'busy'>,
    outcome: OperationOutcome,
    readonly retryAfterMs?: number,
  ) {
    super(outcome);
    this.name = 'RunStop';
  }
}

/**
 * A transition hook threw: the process is treated as dead at that point — nothing more is
 * written (not even the run's outcome), which is what a crash test needs to observe. The engine
 * rethrows the hook's own error (`thrown`) from run().
 */
export class HookAbort extends Error {
  constructor(readonly thrown: unknown) {
    super('a sync transition hook stopped the run');
    this.name = 'HookAbort';
  }
}
