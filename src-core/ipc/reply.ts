import type { OperationOutcome } from '@medplum/fhirtypes';
import { errorOutcome, isOperationOutcome, toOutcome } from '../fhir/outcome';
import type { IpcReply } from './contract';

export const ok = <T>(value: T): IpcReply<T> => ({ ok: true, value });
export const fail = (error: OperationOutcome): IpcReply<never> => ({ ok: false, error });

/** Runs a handler and converts whatever it throws into a failed reply, once, at the edge. */
export async function toReply<T>(run: () => Promise<T> | T): Promise<IpcReply<T>> {
  try {
    return ok(await run());
  } catch (err) {
    return fail(toOutcome(err));
  }
}

/** Validates a reply that crossed a process boundary; anything else becomes a failed reply. */
export function parseReply(value: unknown): IpcReply<unknown> {
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    const v = value as { ok: unknown; value?: unknown; error?: unknown };
    if (v.ok === true && 'value' in v) return ok(v.value);
    if (v.ok === false && isOperationOutcome(v.error)) return fail(v.error);
  }
  return fail(errorOutcome('exception', 'malformed IPC reply'));
}

/** Unwraps a reply for callers that prefer exceptions. */
export function unwrap<T>(reply: IpcReply<T>): T {
  if (reply.ok) return reply.value;
  throw new Error(reply.error.issue[0]?.diagnostics ?? 'IPC call failed');
}
