// The browser tests' validator: the product validator (base R4 plus the Ceiba profiles), whose
// definitions are bundled with it.
import type { ResourceValidator } from '../../src-core/fhir/validation';
import { ceibaValidator } from '../../src-core/fhir/validator';

export function browserValidator(): Promise<ResourceValidator> {
  return Promise.resolve(ceibaValidator());
}
