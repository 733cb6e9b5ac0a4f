// The Node tests' validator: the product validator (base R4 plus the Ceiba profiles).
import type { ResourceValidator } from '../../src-core/fhir/validation';
import { ceibaValidator } from '../../src-core/fhir/validator';

export function nodeValidator(): ResourceValidator {
  return ceibaValidator();
}

/**
 * The product validator with its answers remembered per serialized resource: for tests that write
 * the same resources into two stores (memory and Dexie), so each is validated once, not twice.
 */
export function memoizedValidator(inner: ResourceValidator = nodeValidator()): ResourceValidator {
  const seen = new Map<string, ReturnType<ResourceValidator['validate']>>();
  return {
    validate(resource, profileUrls) {
      const key = JSON.stringify([resource, profileUrls ?? []]);
      let issues = seen.get(key);
      if (issues === undefined) {
        issues = inner.validate(resource, profileUrls);
        seen.set(key, issues);
      }
      return issues;
    },
  };
}
