export { ceibaValidator, createCeibaValidator } from './ceiba-validator';
export { compareDateTimes, cuiInvariant, type CustomInvariant, type CustomInvariants, type InvariantFailure } from './custom-invariants';
export { createValidator, FhirValidator, type FhirValidatorOptions } from './fhir-validator';
export { LocalTerminology, type Expansion, type Membership } from './local-terminology';
