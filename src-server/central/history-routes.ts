// _history at instance, type and system level (Medplum has only the instance one, without deletes,
// _since or paging). Deletes are entries with request.method DELETE and no resource, which is how
// sync learns that a resource went away.
import { OperationOutcomeError, allOk } from '@medplum/core';
import type { FhirRequest, FhirResponse, FhirRouteHandler } from '@medplum/fhir-router';
import { errorOutcome } from '../../src-core/fhir/outcome';
import { firstPage } from './bundle-pages';
import type { RouteContext } from './route-context';
import { linksFor, queryValue } from './route-context';
import { nonNegativeInteger } from './search-routes';
import type { StoredVersion } from './stored-version';

/** GET [base]/[type]/[id]/_history */
export function instanceHistoryRoute(ctx: RouteContext): FhirRouteHandler {
  return (req) => {
    const since = parseSince(req);
    return respond(ctx, req, ctx.repo.instanceHistory(req.params.resourceType ?? '', req.params.id ?? '', since));
  };
}

/** GET [base]/[type]/_history */
export function typeHistoryRoute(ctx: RouteContext): FhirRouteHandler {
  return (req) => respond(ctx, req, ctx.repo.historyOf(req.params.resourceType ?? '', parseSince(req)));
}

/** GET [base]/_history */
export function systemHistoryRoute(ctx: RouteContext): FhirRouteHandler {
  return (req) => respond(ctx, req, ctx.repo.historyOf(undefined, parseSince(req)));
}

function respond(ctx: RouteContext, req: FhirRequest, versions: StoredVersion[]): Promise<FhirResponse> {
  if (queryValue(req.query, '_at') !== undefined) {
    throw new OperationOutcomeError(errorOutcome('not-supported', '_at is not supported; use _since'));
  }
  const window = {
    offset: nonNegativeInteger(queryValue(req.query, '_offset'), '_offset') ?? 0,
    count: nonNegativeInteger(queryValue(req.query, '_count'), '_count'),
  };
  return Promise.resolve([allOk, firstPage(ctx.pages, 'history', versions, window, linksFor(req, ctx))]);
}

/** `_since` as epoch milliseconds; FHIR requires an instant, a date alone is accepted as its midnight UTC. */
function parseSince(req: FhirRequest): number | undefined {
  const since = queryValue(req.query, '_since');
  if (since === undefined) return undefined;
  const millis = Date.parse(since);
  if (Number.isNaN(millis)) {
    throw new OperationOutcomeError(errorOutcome('invalid', '_since must be an instant', ['_since']));
  }
  return millis;
}
