// Medplum's FhirRouter with some routes replaced. Its route table picks the first of equally good
// matches, so a route added later can never win; `find` consults the replacements first instead.
// processBatch resolves bundle entries through the same `find`, so entries get the same behaviour.
import type { FhirRouteHandler, FhirRouteMetadata, HttpMethod, RestInteraction, RouteResult } from '@medplum/fhir-router';
import { FhirRouter, Router } from '@medplum/fhir-router';
import { allOk } from '@medplum/core';
import { batchRoute } from './batch-route';
import { instanceHistoryRoute, systemHistoryRoute, typeHistoryRoute } from './history-routes';
import type { RouteContext } from './route-context';
import { searchByPostRoute, searchSystemRoute, searchTypeRoute } from './search-routes';
import { deleteRoute, updateRoute } from './write-routes';

export class CentralRouter extends FhirRouter {
  private readonly replacements = new Router<FhirRouteHandler, FhirRouteMetadata>();

  replace(method: HttpMethod, path: string, handler: FhirRouteHandler, interaction: RestInteraction): void {
    this.replacements.add(method, path, handler, { interaction });
  }

  override find(method: HttpMethod, url: string): RouteResult<FhirRouteHandler, FhirRouteMetadata> | undefined {
    return this.replacements.find(method, url) ?? super.find(method, url);
  }
}

export function createCentralRouter(ctx: RouteContext): CentralRouter {
  const router = new CentralRouter();
  router.replace('GET', 'metadata', () => Promise.resolve([allOk, ctx.capabilityStatement]), 'operation');
  router.replace('POST', '', batchRoute(ctx), 'batch');
  router.replace('GET', '', searchSystemRoute(ctx), 'search-system');
  router.replace('GET', ':resourceType', searchTypeRoute(ctx), 'search-type');
  router.replace('POST', ':resourceType/_search', searchByPostRoute(ctx), 'search-type');
  router.replace('GET', '_history', systemHistoryRoute(ctx), 'history-system');
  router.replace('GET', ':resourceType/_history', typeHistoryRoute(ctx), 'history-type');
  router.replace('GET', ':resourceType/:id/_history', instanceHistoryRoute(ctx), 'history-instance');
  // Labelled 'patch', not 'update': processBatch refuses a transaction with more than 50 'update'
  // entries, and every Ceiba upload is a PUT. For entries the two labels behave alike (same identity
  // resolution, references rewritten); the label only decides the cap and the processing bucket.
  router.replace('PUT', ':resourceType/:id', updateRoute(ctx), 'patch');
  router.replace('DELETE', ':resourceType/:id', deleteRoute(ctx), 'delete');
  return router;
}
