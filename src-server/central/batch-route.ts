// POST [base] with a batch or transaction Bundle. Medplum's processBatch does the work (urn:uuid
// rewriting, ordering, conditional entries); this handler turns on its transaction mode, which is
// off unless the request config asks for it, and fills in each entry's ETag and Last-Modified.
import { allOk, badRequest, normalizeOperationOutcome } from '@medplum/core';
import type { FhirRouteHandler } from '@medplum/fhir-router';
import { processBatch } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { RouteContext } from './route-context';
import { linksFor } from './route-context';
import { versionKey, weakETag } from './stored-version';

export function batchRoute(ctx: RouteContext): FhirRouteHandler {
  return async (req, repo, router) => {
    const bundle = req.body as Resource;
    if (bundle.resourceType !== 'Bundle') return [badRequest('POST to the base takes a batch or transaction Bundle')];
    try {
      const result = await processBatch({ ...req, config: { ...req.config, transactions: true } }, repo, router, bundle);
      return [allOk, withVersionHeaders(result, linksFor(req, ctx).baseUrl)];
    } catch (err) {
      // A transaction that fails anywhere has been rolled back by the repository.
      return [normalizeOperationOutcome(err)];
    }
  };
}

function withVersionHeaders(bundle: Bundle, baseUrl: string): Bundle {
  // processBatch's entry array can have holes when preprocessing skipped an entry.
  const entry = Array.from(bundle.entry ?? [], (e: BundleEntry | undefined) => (e ? decorate(e, baseUrl) : {}));
  return { ...bundle, entry };
}

function decorate(entry: BundleEntry, baseUrl: string): BundleEntry {
  const resource = entry.resource;
  const versionId = resource?.meta?.versionId;
  if (!resource?.id || versionId === undefined || !entry.response) return entry;
  const reference = versionKey(resource.resourceType, resource.id);
  return {
    ...entry,
    fullUrl: `${baseUrl}/${reference}`,
    response: {
      ...entry.response,
      etag: weakETag(versionId),
      ...(resource.meta?.lastUpdated === undefined ? {} : { lastModified: resource.meta.lastUpdated }),
      ...(entry.response.location === undefined ? {} : { location: `${reference}/_history/${versionId}` }),
    },
  };
}
