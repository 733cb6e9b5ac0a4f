// The Spanish message of a failure, for the screen: the outcome's first `details.text` (every
// outcome of the vault, the store and this layer carries one), else the caller's fallback. The
// English diagnostics stay out of sight.
import { toOutcome } from '../../src-core/fhir/outcome';

export function userMessage(err: unknown, fallback: string): string {
  const text = toOutcome(err).issue.find((i) => i.details?.text !== undefined)?.details?.text;
  return text ?? fallback;
}
