import { toOutcome } from '../../src-core/fhir';

/** A value the UI waits for: loading, ready, or failed with a technical detail (English, for support). */
export type Loadable<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'failed'; readonly detail: string };

export const ready = <T>(value: T): Loadable<T> => ({ status: 'ready', value });

/** Converts whatever was thrown into a failed Loadable, once, at the UI edge. */
export function failed(err: unknown): { readonly status: 'failed'; readonly detail: string } {
  const first = toOutcome(err).issue[0];
  return { status: 'failed', detail: first?.diagnostics ?? first?.code ?? 'unknown error' };
}
