// Validates a resource against FHIR R4 and against profiles: the ones asked for, the ones the
// resource declares in meta.profile, and the vital-sign profiles its code implies. Built on
// @medplum/core's validator plus the checks in profile-walker.ts and structural-checks.ts.
// Definitions are indexed and profiles parsed once per validator; a validation is then one pass
// of medplum and one walk per profile.
import {
  getDataType,
  isResourceType,
  OperationOutcomeError,
  parseStructureDefinition,
  toTypedValue,
  validateResource,
  type InternalTypeSchema,
  type InternalSchemaElement,
  type TypedValue,
  type TypedValueWithPath,
} from '@medplum/core';
import type { CodeSystem, OperationOutcomeIssue, Resource, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import type { ResourceValidator } from '../validation';
import { localReferenceInvariant, periodInvariant, type CustomInvariants } from './custom-invariants';
import { LocalTerminology } from './local-terminology';
import { ProfileWalker, type WalkContext } from './profile-walker';
import { buildSlicingModels, type SlicingModel } from './slice-model';
import { ensureR4Loaded, R4_CODE_BINDINGS, r4Profiles } from './r4-base';
import { structuralIssues } from './structural-checks';
import { fromMedplumIssue, issueKey, validationIssue } from './validation-issue';
import { impliedVitalSignProfiles } from './vital-signs';

export interface FhirValidatorOptions {
  /** Profiles and extension definitions (with snapshots) to validate against. */
  readonly profiles?: readonly StructureDefinition[];
  /** ValueSets and CodeSystems whose bindings are checked locally. */
  readonly valueSets?: readonly ValueSet[];
  readonly codeSystems?: readonly CodeSystem[];
  /** TypeScript invariants by constraint key, added to the built-in ones (per-1). */
  readonly customInvariants?: CustomInvariants;
}

type Json = Record<string, unknown>;

const stripVersion = (url: string): string => url.split('|')[0] ?? url;

/** Medplum's slice counting cannot match list-valued discriminators; ProfileWalker counts slices. */
const MEDPLUM_SLICE_COUNT = /^Incorrect number of values provided for slice/;

export class FhirValidator implements ResourceValidator {
  private readonly profiles = new Map<string, StructureDefinition>();
  private readonly schemas = new Map<string, InternalTypeSchema>();
  private readonly slicing = new Map<InternalSchemaElement, SlicingModel>();
  private readonly ctx: WalkContext;

  constructor(options: FhirValidatorOptions = {}) {
    ensureR4Loaded();
    for (const sd of [...r4Profiles(), ...(options.profiles ?? [])]) {
      if ((sd.snapshot?.element.length ?? 0) > 0) this.profiles.set(sd.url, sd);
    }
    this.ctx = {
      terminology: new LocalTerminology(options.valueSets ?? [], options.codeSystems ?? [], R4_CODE_BINDINGS),
      customInvariants: { 'per-1': periodInvariant, 'ref-1': localReferenceInvariant, ...options.customInvariants },
      checkTypeProfile: (value, url) => this.checkTypeProfile(value, url),
      slicing: (element) => this.slicing.get(element),
    };
  }

  hasProfile(url: string): boolean {
    return this.profiles.has(stripVersion(url));
  }

  profileUrls(): string[] {
    return [...this.profiles.keys()];
  }

  validate(resource: unknown, profileUrls: readonly string[] = []): OperationOutcomeIssue[] {
    const shapeIssue = checkShape(resource);
    if (shapeIssue) return [shapeIssue];
    const root = resource as Json & { resourceType: string };
    const issues: OperationOutcomeIssue[] = [...this.checkResource(root, undefined), ...structuralIssues(root)];
    issues.push(...this.checkProfiles(root, profileUrls, root.resourceType));
    if (root.resourceType === 'Bundle' && Array.isArray(root.entry)) {
      root.entry.forEach((entry: unknown, i) => {
        const inner = (entry as { resource?: unknown } | null)?.resource;
        if (checkShape(inner) !== undefined) return;
        const entryResource = inner as Json & { resourceType: string };
        const prefix = `Bundle.entry[${i}].resource`;
        issues.push(...this.checkProfiles(entryResource, [], prefix).map((x) => rebase(x, entryResource.resourceType, prefix)));
      });
    }
    return dedupe(issues.map((i) => resolveChoicePaths(i, root)));
  }

  /** Parses JSON text first: a syntax error is an issue, not an exception. */
  validateJson(text: string, profileUrls: readonly string[] = []): { resource?: unknown; issues: OperationOutcomeIssue[] } {
    let resource: unknown;
    try {
      resource = JSON.parse(text);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { issues: [validationIssue('error', 'structure', '$', `Error parsing JSON: ${message}`, 'El archivo no es JSON válido.')] };
    }
    return { resource, issues: this.validate(resource, profileUrls) };
  }

  private checkProfiles(resource: Json & { resourceType: string }, requested: readonly string[], where: string): OperationOutcomeIssue[] {
    const issues: OperationOutcomeIssue[] = [];
    const declared = declaredProfiles(resource);
    const targets = new Set([...requested.map(stripVersion), ...declared, ...impliedVitalSignProfiles(resource)]);
    for (const url of targets) {
      const sd = this.profiles.get(url);
      if (sd) {
        issues.push(...this.checkResource(resource, sd));
      } else if (requested.some((r) => stripVersion(r) === url)) {
        issues.push(validationIssue('error', 'not-supported', resource.resourceType, `Profile ${url} is not known to this validator`, 'Perfil desconocido: no se puede validar contra él.'));
      } else {
        const index = declared.indexOf(url);
        issues.push(
          validationIssue('warning', 'not-found', `${resource.resourceType}.meta.profile[${index}]`, `Profile ${url} (declared in meta.profile, in ${where}) is not known locally and was not checked`, 'El recurso declara un perfil que Ceiba no conoce; no se comprobó.'),
        );
      }
    }
    return issues;
  }

  /** Medplum's validation and the walker, with the base type (sd undefined) or a profile. */
  private checkResource(resource: Json & { resourceType: string }, sd: StructureDefinition | undefined): OperationOutcomeIssue[] {
    const schema = sd ? this.schemaFor(sd) : getDataType(resource.resourceType);
    if (sd && sd.type !== resource.resourceType) {
      return [validationIssue('error', 'invalid', resource.resourceType, `Profile ${sd.url} applies to ${sd.type}, not ${resource.resourceType}`, 'El perfil declarado es para otro tipo de recurso.')];
    }
    if (!sd) {
      const medplum = runMedplum(() => validateResource(resource as unknown as Resource));
      return [...medplum, ...ProfileWalker.walk(this.ctx, toTypedValue(resource), schema, schema.path, 'base')];
    }
    return ProfileWalker.walk(this.ctx, toTypedValue(resource), schema, schema.path, 'profile');
  }

  private checkTypeProfile(value: TypedValueWithPath, url: string): OperationOutcomeIssue[] | undefined {
    const sd = this.profiles.get(stripVersion(url));
    if (!sd) return undefined;
    const schema = this.schemaFor(sd);
    const typed: TypedValue = { type: value.type, value: value.value as unknown };
    return ProfileWalker.walk(this.ctx, typed, schema, value.path, 'profile');
  }

  private schemaFor(sd: StructureDefinition): InternalTypeSchema {
    const url = sd.url;
    let schema = this.schemas.get(url);
    if (!schema) {
      schema = parseStructureDefinition(sd);
      this.schemas.set(url, schema);
      for (const [element, model] of buildSlicingModels(sd, schema)) this.slicing.set(element, model);
    }
    return schema;
  }
}

function runMedplum(run: () => OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  let raw: OperationOutcomeIssue[];
  try {
    raw = run();
  } catch (err) {
    if (err instanceof OperationOutcomeError) raw = err.outcome.issue;
    else {
      const message = err instanceof Error ? err.message : String(err);
      raw = [{ severity: 'error', code: 'processing', details: { text: message }, expression: ['$'] }];
    }
  }
  return raw.filter((i) => !MEDPLUM_SLICE_COUNT.test(i.details?.text ?? '')).map(fromMedplumIssue);
}

function checkShape(resource: unknown): OperationOutcomeIssue | undefined {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return validationIssue('error', 'structure', '$', 'A resource must be a JSON object', 'El recurso debe ser un objeto JSON.');
  }
  const type = (resource as Json).resourceType;
  if (typeof type !== 'string') {
    return validationIssue('error', 'required', '$', 'Missing resourceType', 'Falta el tipo de recurso (resourceType).');
  }
  if (!isResourceType(type)) {
    return validationIssue('error', 'not-supported', '$', `Unknown resource type '${type}'`, 'Tipo de recurso desconocido.');
  }
  return undefined;
}

function declaredProfiles(resource: Json): string[] {
  const profiles = (resource.meta as { profile?: unknown } | undefined)?.profile;
  return Array.isArray(profiles) ? profiles.filter((p): p is string => typeof p === 'string').map(stripVersion) : [];
}

/** Moves an issue's expressions from one root (e.g. `Observation`) to another path. */
function rebase(issue: OperationOutcomeIssue, from: string, to: string): OperationOutcomeIssue {
  const expression = issue.expression?.map((e) => (e === from ? to : e.startsWith(`${from}.`) || e.startsWith(`${from}[`) ? to + e.slice(from.length) : e));
  return expression ? { ...issue, expression } : issue;
}

/**
 * Medplum names choice elements as in the definitions (`Observation.value[x]`); the issue names
 * the element as it appears in the resource (`Observation.valueQuantity`).
 */
function resolveChoicePaths(issue: OperationOutcomeIssue, root: Json): OperationOutcomeIssue {
  if (!issue.expression?.some((e) => e.includes('[x]'))) return issue;
  return { ...issue, expression: issue.expression.map((e) => resolveChoicePath(e, root)) };
}

function resolveChoicePath(expression: string, root: Json): string {
  const segments = expression.split('.');
  let current: unknown = root;
  const out = [segments[0] ?? ''];
  for (const segment of segments.slice(1)) {
    const m = /^([^[]+)(\[x\])?((?:\[\d+\])*)$/.exec(segment);
    if (!m) return expression;
    let name = m[1] ?? '';
    const object = typeof current === 'object' && current !== null ? (current as Json) : {};
    if (m[2]) {
      const key = Object.keys(object).find((k) => k.startsWith(name) && /^[A-Z]/.test(k.slice(name.length)));
      if (key === undefined) return expression;
      name = key;
    }
    out.push(name + (m[3] ?? ''));
    // A primitive's extensions live in `_name` in JSON and under `name` in FHIRPath.
    current = typeof object[name] === 'object' || !(`_${name}` in object) ? object[name] : object[`_${name}`];
    for (const index of (m[3] ?? '').matchAll(/\[(\d+)\]/g)) current = Array.isArray(current) ? current[Number(index[1])] : undefined;
  }
  return out.join('.');
}

function dedupe(issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = issueKey(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function createValidator(options: FhirValidatorOptions = {}): FhirValidator {
  return new FhirValidator(options);
}
