// The literal references ("Type/id") anywhere in a resource: what the upload order depends on.
import type { Resource } from '@medplum/fhirtypes';
import { normalizeReference } from '../search/search-values';

const LITERAL = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/;

export function resourceReferences(resource: Resource): string[] {
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'reference' && typeof value === 'string') {
          const ref = normalizeReference(value);
          if (LITERAL.test(ref)) out.add(ref);
        } else {
          walk(value);
        }
      }
    }
  };
  walk(resource);
  return [...out];
}
