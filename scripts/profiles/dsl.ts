// A compact, type-checked way to write the differentials of the Ceiba profiles. Each helper
// returns plain ElementDefinition JSON; nothing here is more than shorthand for what a FHIR
// differential says, so the generated files read like hand-written ones.
import type {
  CodeSystem,
  ElementDefinition,
  ElementDefinitionBinding,
  ElementDefinitionConstraint,
  StructureDefinitionContext,
  ValueSet,
} from '@medplum/fhirtypes';
import { idToPath } from '../../src-core/fhir/profiles/snapshot-generator';

export interface ProfileSpec {
  /** StructureDefinition.id and last URL segment, e.g. `ceiba-patient`. */
  readonly id: string;
  readonly url: string;
  /** Computer-friendly name, e.g. `CeibaPatient`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly kind: 'resource' | 'complex-type';
  readonly type: string;
  readonly baseDefinition: string;
  readonly context?: StructureDefinitionContext[];
  readonly elements: ElementDefinition[];
  /** One-line summaries of the constraints that matter, for the generated index page. */
  readonly keyConstraints: string[];
}

export interface VocabularySpec {
  readonly codeSystem: CodeSystem;
  readonly valueSet: ValueSet;
}

type ElementProps = Omit<ElementDefinition, 'id' | 'path'>;

/** A differential element; the path is derived from the id. */
export function el(id: string, props: ElementProps = {}): ElementDefinition {
  return { id, path: idToPath(id), ...props };
}

export function required(id: string, props: ElementProps = {}): ElementDefinition {
  return el(id, { min: 1, mustSupport: true, ...props });
}

export function bind(
  strength: ElementDefinitionBinding['strength'],
  valueSet: string,
  description?: string,
): ElementDefinitionBinding {
  return { strength, valueSet, ...(description === undefined ? {} : { description }) };
}

export function invariant(key: string, human: string, expression: string): ElementDefinitionConstraint {
  return { key, severity: 'error', human, expression };
}

export const reference = (...targetProfile: string[]): NonNullable<ElementDefinition['type']> => [
  { code: 'Reference', targetProfile },
];

export const hl7 = (type: string): string => `http://hl7.org/fhir/StructureDefinition/${type}`;

/** Declares open slicing of an extension element by url (the only way extensions are sliced). */
export function extensionSlicing(id: string): ElementDefinition {
  return el(id, { slicing: { discriminator: [{ type: 'value', path: 'url' }], ordered: false, rules: 'open' } });
}

export function extensionSlice(
  slicedId: string,
  sliceName: string,
  extensionUrl: string,
  props: ElementProps = {},
): ElementDefinition {
  return el(`${slicedId}:${sliceName}`, {
    sliceName,
    min: 0,
    max: '1',
    type: [{ code: 'Extension', profile: [extensionUrl] }],
    ...props,
  });
}

/** Open slicing by the value of one or more child paths. */
export function valueSlicing(id: string, type: 'value' | 'pattern', ...paths: string[]): ElementDefinition {
  return el(id, {
    slicing: { discriminator: paths.map((path) => ({ type, path })), ordered: false, rules: 'open' },
  });
}

export function slice(slicedId: string, sliceName: string, props: ElementProps = {}): ElementDefinition {
  return el(`${slicedId}:${sliceName}`, { sliceName, ...props });
}

/** `ceiba-practitioner-role` -> `CeibaPractitionerRole` */
export function pascalName(id: string): string {
  return id
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
