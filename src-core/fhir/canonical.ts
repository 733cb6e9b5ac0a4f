// The one canonical base for everything Ceiba defines in FHIR (profiles, extensions, CodeSystems,
// ValueSets, identifier systems). A canonical URL is an identifier, not an address that must
// resolve; it is defined here once and every other file derives its URLs from it.
export const CEIBA_CANONICAL_BASE = 'https://ceiba.mspas.gob.gt/fhir';

/** FHIR package id for fhir-profiles (npm-style lowercase, HL7 package naming). */
export const CEIBA_PACKAGE_ID = 'gt.mspas.ceiba';

export const profileUrl = (name: string): string => `${CEIBA_CANONICAL_BASE}/StructureDefinition/${name}`;
export const extensionUrl = (name: string): string => `${CEIBA_CANONICAL_BASE}/StructureDefinition/${name}`;
export const codeSystemUrl = (name: string): string => `${CEIBA_CANONICAL_BASE}/CodeSystem/${name}`;
export const valueSetUrl = (name: string): string => `${CEIBA_CANONICAL_BASE}/ValueSet/${name}`;
export const namingSystemUrl = (name: string): string => `${CEIBA_CANONICAL_BASE}/NamingSystem/${name}`;

/** Identifier system of the CUI (Código Único de Identificación) printed on the DPI. */
export const CUI_SYSTEM = `${CEIBA_CANONICAL_BASE}/sid/cui`;
/** Identifier system of health-post codes assigned by MSPAS. */
export const HEALTH_POST_CODE_SYSTEM = `${CEIBA_CANONICAL_BASE}/sid/codigo-establecimiento`;
/** ICD-10 (CIE-10), the WHO classification; HL7's canonical system URI. */
export const ICD10_SYSTEM = 'http://hl7.org/fhir/sid/icd-10';
