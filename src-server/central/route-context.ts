// What the Ceiba route handlers share, and the absolute links they build.
import type { FhirRequest } from '@medplum/fhir-router';
import type { CapabilityStatement } from '@medplum/fhirtypes';
import type { PageLinks } from './bundle-pages';
import type { JournalRepository } from './journal-repository';
import type { PageSets } from './page-sets';

export const BASE_PATH = '/fhir/R4';

export interface RouteContext {
  readonly repo: JournalRepository;
  readonly pages: PageSets;
  /** The base the server announces; links use the client's Host header when it has one. */
  readonly baseUrl: string;
  readonly capabilityStatement: CapabilityStatement;
}

/**
 * Links follow the Host the client used, so a browser that reached the server by a LAN address gets
 * `next` links it can follow. Batch entries carry no headers and fall back to the announced base.
 */
export function linksFor(req: FhirRequest, ctx: RouteContext): PageLinks {
  const baseUrl = clientBaseUrl(req.headers?.host, ctx.baseUrl);
  return { baseUrl, selfUrl: joinUrl(baseUrl, requestPathAndQuery(req)) };
}

/** The base URL as the client addressed it, when its Host header is a plain host[:port]. */
export function clientBaseUrl(host: string | undefined, fallback: string): string {
  return host !== undefined && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? `http://${host}${BASE_PATH}` : fallback;
}

function requestPathAndQuery(req: FhirRequest): string {
  if (req.url.includes('?')) return req.url;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, v);
  }
  const search = query.toString();
  return search === '' ? req.url : `${req.url}?${search}`;
}

function joinUrl(baseUrl: string, pathAndQuery: string): string {
  return pathAndQuery === '' || pathAndQuery.startsWith('?') ? `${baseUrl}${pathAndQuery}` : `${baseUrl}/${pathAndQuery}`;
}

/** The last value of a query parameter (FHIR lets a client repeat them). */
export function queryValue(query: FhirRequest['query'], key: string): string | undefined {
  const value = query[key];
  return Array.isArray(value) ? value.at(-1) : value;
}
