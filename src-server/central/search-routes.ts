// Search with paging: Medplum parses and matches; these handlers page the result from a snapshot
// and add absolute links (Medplum's memory search returns one unlinked slice).
import { OperationOutcomeError, allOk, gone, parseSearchRequest } from '@medplum/core';
import type { FhirRequest, FhirResponse, FhirRouteHandler } from '@medplum/fhir-router';
import type { ResourceType } from '@medplum/fhirtypes';
import { errorOutcome } from '../../src-core/fhir/outcome';
import { firstPage, laterPage } from './bundle-pages';
import type { RouteContext } from './route-context';
import { linksFor, queryValue } from './route-context';

type Query = FhirRequest['query'];

/** GET [base]/[type]?... */
export function searchTypeRoute(ctx: RouteContext): FhirRouteHandler {
  return (req) => Promise.resolve(searchTypes(ctx, req, [req.params.resourceType ?? ''], req.query));
}

/** POST [base]/[type]/_search with form parameters (the HTTP layer decodes the form into the body). */
export function searchByPostRoute(ctx: RouteContext): FhirRouteHandler {
  return (req) => {
    const form = (req.body ?? {}) as Query;
    const query: Query = { ...req.query, ...form };
    const asGet: FhirRequest = { ...req, url: req.params.resourceType ?? '', query };
    return Promise.resolve(searchTypes(ctx, asGet, [req.params.resourceType ?? ''], query));
  };
}

/** GET [base]?_type=... for a search across types, or ?_getpages=... for the next page of anything. */
export function searchSystemRoute(ctx: RouteContext): FhirRouteHandler {
  return (req) => {
    const pageSetId = queryValue(req.query, '_getpages');
    if (pageSetId !== undefined) return Promise.resolve(nextPage(ctx, req, pageSetId));
    const types = queryValue(req.query, '_type')?.split(',').filter(Boolean) ?? [];
    if (types.length === 0) {
      throw new OperationOutcomeError(errorOutcome('required', 'A search across types needs _type'));
    }
    const query = { ...req.query };
    delete query._type;
    return Promise.resolve(searchTypes(ctx, req, types, query));
  };
}

function searchTypes(ctx: RouteContext, req: FhirRequest, types: string[], query: Query): FhirResponse {
  const requests = types.map((type) => parseSearchRequest(type as ResourceType, query));
  const versions = ctx.repo.matchVersions(requests);
  const first = requests[0];
  const window = { offset: first?.offset ?? 0, count: first?.count };
  return [allOk, firstPage(ctx.pages, 'searchset', versions, window, linksFor(req, ctx))];
}

function nextPage(ctx: RouteContext, req: FhirRequest, pageSetId: string): FhirResponse {
  const set = ctx.pages.get(pageSetId);
  if (!set) {
    const diagnostics = 'This page set has expired or the server restarted; run the search again';
    return [{ ...gone, issue: [{ severity: 'error', code: 'not-found', diagnostics }] }];
  }
  const offset = nonNegativeInteger(queryValue(req.query, '_getpagesoffset'), '_getpagesoffset') ?? 0;
  const count = nonNegativeInteger(queryValue(req.query, '_count'), '_count');
  return [allOk, laterPage(set, { offset, count }, linksFor(req, ctx))];
}

export function nonNegativeInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new OperationOutcomeError(errorOutcome('invalid', `${name} must be a non-negative integer`));
  }
  return Number(value);
}
