// Key vaults for tests: a low PBKDF2 count, passed explicitly, keeps each sign-in at a millisecond
// instead of the production 600,000 iterations (which one test checks separately).
import type { OperationOutcome } from '@medplum/fhirtypes';
import { OutcomeError } from '../../src-core/fhir/outcome';
import { KeyVault, type KeyVaultOptions } from '../../src-core/store/crypto/key-vault';
import { MemoryKeyRecordStore } from '../../src-core/store/crypto/memory-key-record-store';

export const TEST_PBKDF2_ITERATIONS = 1_000;

export function testVault(options: Partial<KeyVaultOptions> = {}): { vault: KeyVault; records: KeyVaultOptions['records'] } {
  const records = options.records ?? new MemoryKeyRecordStore();
  return { vault: new KeyVault({ pbkdf2Iterations: TEST_PBKDF2_ITERATIONS, ...options, records }), records };
}

/** The OperationOutcome a promise rejects with; throws if it resolves or rejects with anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<OperationOutcome> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OutcomeError) return err.outcome;
    throw new Error(`expected an OutcomeError, got ${String(err)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}
