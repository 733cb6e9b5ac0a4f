// Reduces the R4 StructureDefinitions to what validation reads, and precomputes the code lists
// of required bindings that can be expanded locally (see src-core/fhir/validator/data/SOURCE.md).
import type { CodeSystem, ElementDefinition, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { LocalTerminology, type Expansion } from '../../src-core/fhir/validator/local-terminology';

const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

function compactElement(e: ElementDefinition): ElementDefinition {
  const out: Record<string, unknown> = {};
  const copy = (key: keyof ElementDefinition): void => {
    if (e[key] !== undefined) out[key] = e[key];
  };
  copy('id');
  copy('path');
  copy('sliceName');
  copy('slicing');
  copy('min');
  copy('max');
  copy('contentReference');
  if (e.base) out.base = { path: e.base.path, min: e.base.min, max: e.base.max };
  if (e.type) {
    out.type = e.type.map((t) => ({
      code: t.code,
      ...(t.profile ? { profile: t.profile } : {}),
      ...(t.targetProfile ? { targetProfile: t.targetProfile } : {}),
      ...(t.extension?.some((x) => x.url === FHIR_TYPE_EXTENSION)
        ? { extension: t.extension.filter((x) => x.url === FHIR_TYPE_EXTENSION) }
        : {}),
    }));
  }
  for (const key of Object.keys(e)) {
    if (key.startsWith('fixed') || key.startsWith('pattern')) out[key] = (e as unknown as Record<string, unknown>)[key];
  }
  if (e.binding) {
    out.binding = { strength: e.binding.strength, ...(e.binding.valueSet ? { valueSet: e.binding.valueSet } : {}) };
  }
  if (e.constraint) {
    out.constraint = e.constraint.map((c) => ({
      key: c.key,
      severity: c.severity,
      human: c.human,
      ...(c.expression ? { expression: c.expression } : {}),
    }));
  }
  copy('isSummary');
  copy('isModifier');
  copy('mustSupport');
  return out as unknown as ElementDefinition;
}

export function compactStructureDefinition(sd: StructureDefinition): StructureDefinition {
  return {
    resourceType: 'StructureDefinition',
    url: sd.url,
    name: sd.name,
    status: sd.status,
    kind: sd.kind,
    abstract: sd.abstract,
    type: sd.type,
    ...(sd.baseDefinition ? { baseDefinition: sd.baseDefinition } : {}),
    ...(sd.derivation ? { derivation: sd.derivation } : {}),
    snapshot: { element: (sd.snapshot?.element ?? []).map(compactElement) },
  };
}

/** ValueSet URL (without version) -> allowed codes, for every locally expandable required binding. */
export function requiredCodeBindings(
  sds: readonly StructureDefinition[],
  valueSets: readonly ValueSet[],
  codeSystems: readonly CodeSystem[],
): Record<string, Expansion> {
  const terminology = new LocalTerminology(valueSets, codeSystems);
  const urls = new Set<string>();
  for (const sd of sds) {
    for (const e of sd.snapshot?.element ?? []) {
      const vs = e.binding?.valueSet;
      if (e.binding?.strength === 'required' && vs) urls.add(vs.split('|')[0] ?? vs);
    }
  }
  const out: Record<string, Expansion> = {};
  for (const url of [...urls].sort()) {
    const expansion = terminology.expansion(url);
    if (expansion && Object.keys(expansion).length > 0) out[url] = expansion;
  }
  return out;
}
