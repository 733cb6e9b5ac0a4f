// Checks on the JSON itself that @medplum/core does not make (gaps found with the HL7 validator
// test cases, see fhir-profiles/README.md): empty arrays, resource ids (Resource.id is typed as a
// plain string in the R4 snapshots, so medplum never applies the id format), and Bundle rules
// (absolute fullUrl, link relations that may occur once).
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { validationIssue } from './validation-issue';

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
/** An absolute URI: a scheme, then anything (urn:uuid:, urn:oid:, http(s)://...). */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** Paging and self links, which a Bundle can have at most one of each. */
const SINGLE_LINKS = new Set(['self', 'first', 'previous', 'prev', 'next', 'last']);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function structuralIssues(resource: Json): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  const rootType = typeof resource.resourceType === 'string' ? resource.resourceType : 'Resource';
  walk(resource, rootType, issues);
  return issues;
}

function walk(value: unknown, path: string, issues: OperationOutcomeIssue[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      issues.push(validationIssue('error', 'structure', path, 'Array cannot be empty: omit the property when it has no values', 'Lista vacía: omita el elemento si no tiene valores.'));
    }
    value.forEach((item, i) => {
      walk(item, `${path}[${i}]`, issues);
    });
    return;
  }
  if (!isObject(value)) return;
  if (typeof value.resourceType === 'string') checkResource(value, path, issues);
  for (const [key, child] of Object.entries(value)) {
    if (key === 'resourceType') continue;
    walk(child, `${path}.${key.startsWith('_') ? key.slice(1) : key}`, issues);
  }
}

function checkResource(resource: Json, path: string, issues: OperationOutcomeIssue[]): void {
  const id = resource.id;
  if (typeof id === 'string' && !ID.test(id)) {
    const why = id.length > 64 ? `too long (${id.length} characters)` : 'invalid characters';
    issues.push(
      validationIssue('error', 'value', `${path}.id`, `Invalid resource id: ${why}; ids are 1-64 of A-Z a-z 0-9 - .`, 'Identificador de recurso no válido: de 1 a 64 letras sin tilde, dígitos, guiones o puntos.'),
    );
  }
  if (resource.resourceType === 'Bundle') checkBundle(resource, path, issues);
}

function checkBundle(bundle: Json, path: string, issues: OperationOutcomeIssue[]): void {
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  entries.forEach((entry, i) => {
    if (!isObject(entry)) return;
    const fullUrl = entry.fullUrl;
    if (typeof fullUrl === 'string' && !ABSOLUTE_URI.test(fullUrl)) {
      issues.push(
        validationIssue('error', 'invalid', `${path}.entry[${i}]`, `The fullUrl must be an absolute URL (not '${fullUrl}')`, 'La fullUrl de la entrada debe ser una URL absoluta.'),
      );
    }
  });
  const links = Array.isArray(bundle.link) ? bundle.link : [];
  const seen = new Set<string>();
  links.forEach((link, i) => {
    if (!isObject(link) || typeof link.relation !== 'string' || !SINGLE_LINKS.has(link.relation)) return;
    if (seen.has(link.relation)) {
      issues.push(
        validationIssue('error', 'invalid', `${path}.link[${i}]`, `The link relation '${link.relation}' can only occur once`, `El enlace «${link.relation}» solo puede aparecer una vez.`),
      );
    }
    seen.add(link.relation);
  });
}
