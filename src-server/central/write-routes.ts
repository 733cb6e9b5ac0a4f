// PUT and DELETE by id. Medplum's PUT always answers 200 and its DELETE ignores If-Match; sync needs
// 201 for a create-on-update (client-assigned UUIDs, DESIGN §5) and a 412 for a stale delete.
import { allOk, created, isOk } from '@medplum/core';
import type { FhirResponse, FhirRouteHandler } from '@medplum/fhir-router';
import { updateResourceImpl } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import { parseIfMatch } from './etag';
import type { RouteContext } from './route-context';

/** PUT [base]/[type]/[id] */
export function updateRoute(ctx: RouteContext): FhirRouteHandler {
  return async (req): Promise<FhirResponse> => {
    const resourceType = req.params.resourceType ?? '';
    const id = req.params.id ?? '';
    const ifMatch = parseIfMatch(req.headers?.['if-match']);
    const existed = ctx.repo.isLive(resourceType, id);
    const body = req.body as Resource;
    const [outcome, resource] = await updateResourceImpl(resourceType as Resource['resourceType'], id, body, ctx.repo, ifMatch === undefined ? {} : { ifMatch });
    if (!resource) return [outcome];
    return [isOk(outcome) && !existed ? created : outcome, resource];
  };
}

/** DELETE [base]/[type]/[id] */
export function deleteRoute(ctx: RouteContext): FhirRouteHandler {
  return async (req): Promise<FhirResponse> => {
    const ifMatch = parseIfMatch(req.headers?.['if-match']);
    await ctx.repo.deleteResource(req.params.resourceType ?? '', req.params.id ?? '', { ifMatch });
    return [allOk];
  };
}
