// A transaction, batch or collection Bundle → checked write requests, with every `urn:uuid`
// (or other fullUrl) reference rewritten to the id the entry gets. Nothing is written here; the
// store commits the whole plan in one transaction, so a bundle is imported whole or not at all.
// A batch is held to the same all-or-nothing rule as a transaction (stricter than FHIR asks):
// a half-imported file is harder for a nurse to recover from than a rejected one.
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { outcome, OutcomeError } from '../../fhir/outcome';
import type { ResourceValidator } from '../../fhir/validation';
import type { Ids } from '../../platform/ids';
import { isKnownResourceType } from '../search/patient-compartment';
import {
  danglingReference,
  invalidBundle,
  malformedJson,
  missingResourceType,
  notAnObject,
  unknownResourceType,
  unsupportedInBundle,
} from '../store-errors';
import { checkResource } from '../write/check-resource';
import type { WriteRequest } from '../write/write-plan';

export type ImportableBundleType = 'transaction' | 'batch' | 'collection';

export interface PlannedEntry {
  readonly request: WriteRequest;
  /** POST (or a collection entry without id): the entry was given a new id. */
  readonly created: boolean;
}

export interface BundlePlan {
  readonly type: ImportableBundleType;
  readonly entries: readonly PlannedEntry[];
}

/** At most this many entries' issues are reported for one invalid bundle. */
const MAX_REPORTED_ENTRIES = 20;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const LITERAL = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

export function parseBundleText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    // The parser's message gives a position, never the content around it.
    throw malformedJson(err instanceof Error ? err.message.replace(/"[^"]*"/g, '…') : 'unparseable');
  }
}

interface Target {
  readonly resourceType: string;
  readonly id: string;
  readonly created: boolean;
  readonly method: 'PUT' | 'DELETE';
  readonly resource?: Record<string, unknown>;
  readonly ifMatch?: string;
}

function requireType(value: unknown, path: string): string {
  if (typeof value !== 'string') throw missingResourceType(path);
  if (!isKnownResourceType(value)) throw unknownResourceType(value, path);
  return value;
}

function literal(url: unknown, path: string): { resourceType: string; id: string } {
  if (typeof url !== 'string') throw invalidBundle('request.url is required', path);
  if (url.includes('?')) throw unsupportedInBundle('conditional update/delete is not supported', path);
  const m = LITERAL.exec(url);
  if (m === null) throw invalidBundle('request.url must be Type/id', path);
  return { resourceType: requireType(m[1], path), id: m[2] ?? '' };
}

function ifMatchOf(request: Record<string, unknown>): { ifMatch?: string } {
  const raw = request.ifMatch;
  if (typeof raw !== 'string') return {};
  return { ifMatch: raw.replace(/^W\//, '').replace(/^"|"$/g, '') };
}

function targetOf(entry: Record<string, unknown>, bundleType: ImportableBundleType, path: string, ids: Ids): Target {
  const resource = entry.resource;
  if (resource !== undefined && !isRecord(resource)) throw notAnObject(`${path}.resource`);
  if (bundleType === 'collection') {
    if (resource === undefined) throw invalidBundle('a collection entry needs a resource', `${path}.resource`);
    const resourceType = requireType(resource.resourceType, `${path}.resource.resourceType`);
    const given = typeof resource.id === 'string' ? resource.id : undefined;
    return { resourceType, id: given ?? ids.uuid(), created: given === undefined, method: 'PUT', resource };
  }
  const request = entry.request;
  if (!isRecord(request)) throw invalidBundle('entry.request is required in a transaction or batch', `${path}.request`);
  const method = request.method;
  switch (method) {
    case 'POST': {
      if (resource === undefined) throw invalidBundle('POST needs a resource', `${path}.resource`);
      if (request.ifNoneExist !== undefined) throw unsupportedInBundle('conditional create (ifNoneExist) is not supported', `${path}.request.ifNoneExist`);
      const resourceType = requireType(resource.resourceType, `${path}.resource.resourceType`);
      if (request.url !== resourceType) throw invalidBundle('POST request.url must be the resource type', `${path}.request.url`);
      return { resourceType, id: ids.uuid(), created: true, method: 'PUT', resource };
    }
    case 'PUT': {
      if (resource === undefined) throw invalidBundle('PUT needs a resource', `${path}.resource`);
      const { resourceType, id } = literal(request.url, `${path}.request.url`);
      if (resource.resourceType !== resourceType) throw invalidBundle('resourceType differs from request.url', `${path}.resource.resourceType`);
      if (resource.id !== undefined && resource.id !== id) throw invalidBundle('resource.id differs from request.url', `${path}.resource.id`);
      return { resourceType, id, created: false, method: 'PUT', resource, ...ifMatchOf(request) };
    }
    case 'DELETE': {
      const { resourceType, id } = literal(request.url, `${path}.request.url`);
      return { resourceType, id, created: false, method: 'DELETE', ...ifMatchOf(request) };
    }
    default:
      throw unsupportedInBundle(`request.method ${typeof method === 'string' ? method : '(missing)'} is not supported`, `${path}.request.method`);
  }
}

/** Replaces every fullUrl reference with Type/id; a `urn:` reference to no entry is an error. */
function resolveReferences(node: unknown, path: string, fullUrls: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(node)) return node.map((item, i) => resolveReferences(item, `${path}[${i}]`, fullUrls));
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'reference' && typeof value === 'string') {
      const resolved = fullUrls.get(value);
      if (resolved !== undefined) out[key] = resolved;
      else if (value.startsWith('urn:uuid:') || value.startsWith('urn:oid:')) throw danglingReference(value, `${path}.reference`);
      else out[key] = value;
    } else {
      out[key] = resolveReferences(value, `${path}.${key}`, fullUrls);
    }
  }
  return out;
}

export function planBundle(input: unknown, validator: ResourceValidator, ids: Ids): BundlePlan {
  if (!isRecord(input)) throw notAnObject('Bundle');
  if (input.resourceType !== 'Bundle') {
    if (typeof input.resourceType !== 'string') throw missingResourceType('Bundle.resourceType');
    throw invalidBundle('expected a Bundle', 'Bundle.resourceType');
  }
  const type = input.type;
  if (type !== 'transaction' && type !== 'batch' && type !== 'collection') {
    throw unsupportedInBundle(`Bundle.type ${typeof type === 'string' ? type : '(missing)'} cannot be imported`, 'Bundle.type');
  }
  const rawEntries = input.entry ?? [];
  if (!Array.isArray(rawEntries)) throw invalidBundle('Bundle.entry must be a list', 'Bundle.entry');

  const targets: Target[] = [];
  const fullUrls = new Map<string, string>();
  rawEntries.forEach((entry: unknown, i) => {
    const path = `Bundle.entry[${i}]`;
    if (!isRecord(entry)) throw notAnObject(path);
    const target = targetOf(entry, type, path, ids);
    targets.push(target);
    if (typeof entry.fullUrl === 'string') {
      if (fullUrls.has(entry.fullUrl)) throw invalidBundle('two entries have the same fullUrl', `${path}.fullUrl`);
      fullUrls.set(entry.fullUrl, `${target.resourceType}/${target.id}`);
    }
  });

  const entries: PlannedEntry[] = [];
  const issues: OperationOutcomeIssue[] = [];
  let failedEntries = 0;
  targets.forEach((target, i) => {
    const path = `Bundle.entry[${i}].resource`;
    if (target.method === 'DELETE') {
      entries.push({ request: { kind: 'delete', resourceType: target.resourceType, id: target.id, ...pick(target) }, created: false });
      return;
    }
    const resolved = { ...(resolveReferences(target.resource, path, fullUrls) as Record<string, unknown>), id: target.id };
    try {
      const resource = checkResource(resolved, validator, { path }) as Resource & { id: string };
      entries.push({ request: { kind: 'put', resource, ...pick(target), ...(target.created ? { fresh: true as const } : {}) }, created: target.created });
    } catch (err) {
      if (!(err instanceof OutcomeError)) throw err;
      failedEntries++;
      if (failedEntries <= MAX_REPORTED_ENTRIES) issues.push(...err.outcome.issue);
    }
  });
  if (issues.length > 0) throw new OutcomeError(outcome(issues));
  return { type, entries };
}

const pick = (target: Target): { ifMatch?: string } => (target.ifMatch === undefined ? {} : { ifMatch: target.ifMatch });

/** The transaction-response / batch-response a FHIR server would return for the committed plan. */
export function bundleResponse(
  plan: BundlePlan,
  versions: ReadonlyMap<string, { readonly versionId: number; readonly lastUpdated: string }>,
): Bundle {
  return {
    resourceType: 'Bundle',
    type: plan.type === 'transaction' ? 'transaction-response' : 'batch-response',
    entry: plan.entries.map(({ request, created }) => {
      const key = request.kind === 'put' ? `${request.resource.resourceType}/${request.resource.id}` : `${request.resourceType}/${request.id}`;
      const version = versions.get(key);
      if (request.kind === 'delete' || version === undefined) return { response: { status: '204 No Content' } };
      return {
        response: {
          status: created ? '201 Created' : '200 OK',
          location: `${key}/_history/${version.versionId}`,
          etag: `W/"${version.versionId}"`,
          lastModified: version.lastUpdated,
        },
      };
    }),
  };
}

/** The Bundle a caller handed over: JSON text is parsed here (malformed JSON is an outcome). */
export function bundleInput(bundle: Bundle | string): unknown {
  return typeof bundle === 'string' ? parseBundleText(bundle) : bundle;
}
