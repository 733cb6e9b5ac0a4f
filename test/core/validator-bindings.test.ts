import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeSystem, ElementDefinition, OperationOutcomeIssue, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { CUI_SYSTEM } from '../../src-core/fhir/canonical';
import { CEIBA_PROFILE } from '../../src-core/fhir/profiles/ceiba-urls';
import { generateSnapshot, idToPath } from '../../src-core/fhir/profiles/snapshot-generator';
import { hasErrors } from '../../src-core/fhir/validation';
import { ceibaValidator } from '../../src-core/fhir/validator/ceiba-validator';
import { compareDateTimes } from '../../src-core/fhir/validator/custom-invariants';
import { createValidator } from '../../src-core/fhir/validator/fhir-validator';
import { LocalTerminology } from '../../src-core/fhir/validator/local-terminology';
import { loadR4Definitions } from '../../scripts/profiles/base-definitions';

const TERMINOLOGY = join(import.meta.dirname, '../fixtures/fhir/terminology');
const EXAMPLES = join(import.meta.dirname, '../../fhir-profiles/examples/valid');
const fixtures = readdirSync(TERMINOLOGY)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(TERMINOLOGY, f), 'utf8')) as CodeSystem | ValueSet);
const valueSets = fixtures.filter((r): r is ValueSet => r.resourceType === 'ValueSet');
const codeSystems = fixtures.filter((r): r is CodeSystem => r.resourceType === 'CodeSystem');
const COLORS = 'https://example.org/CodeSystem/test-colors';
const example = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')) as Record<string, unknown>;
const at = (issues: readonly OperationOutcomeIssue[], expression: string): OperationOutcomeIssue[] =>
  issues.filter((i) => i.expression?.[0] === expression);

describe('local terminology', () => {
  const terminology = new LocalTerminology(valueSets, codeSystems);

  it('expands is-a filters over the concept hierarchy', () => {
    expect(terminology.membership('https://example.org/ValueSet/test-warm', COLORS, 'red')).toBe('member');
    expect(terminology.membership('https://example.org/ValueSet/test-warm', COLORS, 'warm')).toBe('member');
    expect(terminology.membership('https://example.org/ValueSet/test-warm', COLORS, 'blue')).toBe('not-member');
  });

  it('expands property filters and applies excludes', () => {
    expect(terminology.expansion('https://example.org/ValueSet/test-strong')).toEqual({ [COLORS]: ['red'] });
  });

  it('matches codes without a system (code and string elements) and checks the system of codings', () => {
    expect(terminology.membership('https://example.org/ValueSet/test-listed|1.0', undefined, 'quc')).toBe('member');
    expect(terminology.membership('https://example.org/ValueSet/test-listed', 'urn:other', 'quc')).toBe('not-member');
  });

  it('says when a ValueSet cannot be expanded locally instead of guessing', () => {
    expect(terminology.hasValueSet('https://example.org/ValueSet/test-external')).toBe(false);
    expect(terminology.membership('https://example.org/ValueSet/test-external', 'http://snomed.info/sct', '22298006')).toBe('unknown-value-set');
    expect(terminology.membership('https://example.org/ValueSet/missing', undefined, 'x')).toBe('unknown-value-set');
  });
});

describe('binding checks with a test profile', () => {
  const r4 = loadR4Definitions();
  const el = (id: string, props: Omit<ElementDefinition, 'id' | 'path'>): ElementDefinition => ({ id, path: idToPath(id), ...props });
  const sd: StructureDefinition = {
    resourceType: 'StructureDefinition',
    url: 'https://example.org/StructureDefinition/test-bindings',
    name: 'TestBindings',
    status: 'draft',
    kind: 'resource',
    abstract: false,
    type: 'Observation',
    baseDefinition: 'http://hl7.org/fhir/StructureDefinition/Observation',
    derivation: 'constraint',
    differential: {
      element: [
        el('Observation.code', { binding: { strength: 'required', valueSet: 'https://example.org/ValueSet/test-warm' } }),
        el('Observation.method', { binding: { strength: 'extensible', valueSet: 'https://example.org/ValueSet/test-strong' } }),
        el('Observation.bodySite', { binding: { strength: 'required', valueSet: 'https://example.org/ValueSet/test-external' } }),
      ],
    },
  };
  sd.snapshot = { element: generateSnapshot(sd, (url) => r4.byUrl.get(url)) };
  const validator = createValidator({ profiles: [sd], valueSets, codeSystems });
  const observation = (code: string, method: string): Record<string, unknown> => ({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'urn:other', code: 'x' }, { system: COLORS, code }] },
    method: { coding: [{ system: COLORS, code: method }] },
    bodySite: { coding: [{ system: 'http://snomed.info/sct', code: '22298006' }] },
  });

  it('accepts a CodeableConcept with at least one coding in the required ValueSet', () => {
    expect(validator.validate(observation('orange', 'red'), [sd.url])).toEqual([]);
  });

  it('reports a required binding as an error and an extensible one as a warning', () => {
    const issues = validator.validate(observation('blue', 'orange'), [sd.url]);
    expect(at(issues, 'Observation.code')).toMatchObject([{ severity: 'error', code: 'code-invalid' }]);
    expect(at(issues, 'Observation.method')).toMatchObject([{ severity: 'warning', code: 'code-invalid' }]);
    expect(at(issues, 'Observation.code')[0]?.details?.text).toMatch(/catálogo exigido/);
  });

  it('does not check bindings whose ValueSet is not available locally', () => {
    expect(at(validator.validate(observation('red', 'red'), [sd.url]), 'Observation.bodySite')).toEqual([]);
  });

  it('checks required code bindings of base R4 without a profile', () => {
    const issues = validator.validate({ resourceType: 'Patient', gender: 'mujer' });
    expect(at(issues, 'Patient.gender')).toMatchObject([{ severity: 'error', code: 'code-invalid' }]);
  });
});

describe('Ceiba validator', () => {
  const validator = ceibaValidator();

  it('is the same instance for every caller, and implements ResourceValidator', () => {
    expect(ceibaValidator()).toBe(validator);
    expect(hasErrors(validator.validate(example('Patient-ceiba-patient')))).toBe(false);
  });

  it('verifies the CUI check digit in TypeScript (cui-1), with a Spanish message and no CUI in diagnostics', () => {
    const patient = example('Patient-ceiba-patient');
    patient.identifier = [{ system: CUI_SYSTEM, value: '1234567821601' }];
    const issues = at(validator.validate(patient), 'Patient.identifier[0]');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'invariant' });
    expect(issues[0]?.details?.text).toMatch(/dígito verificador/);
    expect(issues[0]?.diagnostics).not.toContain('1234567821601');
  });

  it('checks the FHIRPath part of cui-1 (13 digits) and does not accept spaces in the stored value', () => {
    const patient = example('Patient-ceiba-patient');
    patient.identifier = [{ system: CUI_SYSTEM, value: '1234 56789 1601' }];
    expect(at(validator.validate(patient), 'Patient.identifier[0]').map((i) => i.diagnostics)).toEqual([
      expect.stringMatching(/cui-1 not met: .*\[value\.matches/),
    ]);
  });

  it('validates against an explicitly requested profile, and says when it does not know one', () => {
    const bare = { resourceType: 'Patient', gender: 'female' };
    expect(hasErrors(validator.validate(bare))).toBe(false);
    expect(at(validator.validate(bare, [CEIBA_PROFILE.patient]), 'Patient.birthDate')).toHaveLength(1);
    expect(validator.validate(bare, ['https://example.org/StructureDefinition/nope'])).toMatchObject([{ severity: 'error', code: 'not-supported' }]);
    expect(validator.validate({ ...bare, meta: { profile: ['https://example.org/StructureDefinition/nope'] } })).toMatchObject([
      { severity: 'warning', code: 'not-found', expression: ['Patient.meta.profile[0]'] },
    ]);
  });

  it('rejects a declared profile of another resource type', () => {
    const issues = validator.validate({ resourceType: 'Patient', meta: { profile: [CEIBA_PROFILE.encounter] } });
    expect(issues).toMatchObject([{ severity: 'error', code: 'invalid' }]);
  });

  it('validates each Bundle entry against the profiles it declares, with the entry in the expression', () => {
    const patient = example('Patient-ceiba-patient');
    delete patient.birthDate;
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:uuid:8f0f3a43-5a57-4a3c-9d51-4f3b8f6c2b11', resource: patient }] };
    expect(at(validator.validate(bundle), 'Bundle.entry[0].resource.birthDate')).toMatchObject([{ severity: 'error' }]);
  });

  it('warns on extensible bindings instead of failing', () => {
    const encounter = example('Encounter-ceiba-encounter');
    encounter.reasonCode = [{ coding: [{ system: 'https://ceiba.mspas.gob.gt/fhir/CodeSystem/motivo-consulta', code: 'no-existe' }] }];
    const issues = validator.validate(encounter);
    expect(hasErrors(issues)).toBe(false);
    expect(at(issues, 'Encounter.reasonCode[0]')).toMatchObject([{ severity: 'warning', code: 'code-invalid' }]);
  });

  it('never throws on malformed input', () => {
    expect(validator.validate(null)).toMatchObject([{ severity: 'error', code: 'structure' }]);
    expect(validator.validate({ resourceType: 'Dragon' })).toMatchObject([{ severity: 'error', code: 'not-supported' }]);
    expect(validator.validate({ id: 'x' })).toMatchObject([{ severity: 'error', code: 'required' }]);
    expect(validator.validateJson('{"resourceType": ').issues).toMatchObject([{ severity: 'error', code: 'structure' }]);
  });
});

describe('per-1 date comparison (FHIRPath precision rules)', () => {
  it('orders values of the same precision and instants across time zones', () => {
    expect(compareDateTimes('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareDateTimes('2025-01-01T10:00:00-06:00', '2025-01-01T17:00:00Z')).toBe(-1);
    expect(compareDateTimes('2025-01-01T10:00:00-06:00', '2025-01-01T15:00:00Z')).toBe(1);
    expect(compareDateTimes('2025-01-01T16:00:00Z', '2025-01-01T10:00:00-06:00')).toBe(0);
  });

  it('orders values of different precision when they differ at the common precision, and is unknown otherwise', () => {
    expect(compareDateTimes('2025-01', '2025-02-10')).toBe(-1);
    expect(compareDateTimes('2025-01-02', '2025-01-01T23:00:00Z')).toBe(1);
    expect(compareDateTimes('2025-01-01', '2025-01-01T06:20:00Z')).toBeUndefined();
  });
});
