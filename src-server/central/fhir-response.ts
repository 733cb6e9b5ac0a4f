// Writes a FHIR answer: status from the outcome, version headers from the resource's meta,
// `Prefer: return=` honoured for writes, gzip when the client accepts it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getStatus } from '@medplum/core';
import type { FhirResponse } from '@medplum/fhir-router';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { acceptsGzip, gzip } from './gzip';
import { versionKey, weakETag } from './stored-version';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

export type PreferReturn = 'minimal' | 'representation' | 'OperationOutcome';

export interface ReplyOptions {
  readonly head: boolean;
  readonly gzip: boolean;
  /** Applies to creates, updates, deletes and bundles; reads always return the resource. */
  readonly prefer: PreferReturn | undefined;
  readonly baseUrl: string;
}

export function replyOptions(req: IncomingMessage, baseUrl: string): ReplyOptions {
  const isWrite = req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE';
  return {
    head: req.method === 'HEAD',
    gzip: acceptsGzip(req.headers['accept-encoding']),
    prefer: isWrite ? preferReturn(headerText(req.headers.prefer)) : undefined,
    baseUrl,
  };
}

const headerText = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value.join(',') : value;

function preferReturn(header: string | undefined): PreferReturn | undefined {
  const value = /(?:^|[,;\s])return\s*=\s*"?([A-Za-z]+)"?/.exec(header ?? '')?.[1];
  return value === 'minimal' || value === 'representation' || value === 'OperationOutcome' ? value : undefined;
}

/** Sends the router's answer; returns the status sent. */
export async function sendFhirResult(res: ServerResponse, result: FhirResponse, options: ReplyOptions): Promise<number> {
  const [outcome, resource] = result;
  const status = getStatus(outcome);
  const ok = status >= 200 && status < 300;
  const headers = resource ? versionHeaders(resource, status, options.baseUrl) : {};
  await send(res, status, ok ? preferredBody(outcome, resource, options.prefer) : outcome, headers, options);
  return status;
}

export async function sendOutcome(
  res: ServerResponse,
  status: number,
  outcome: OperationOutcome,
  options: ReplyOptions,
  headers: Readonly<Record<string, string>> = {},
): Promise<number> {
  await send(res, status, outcome, headers, options);
  return status;
}

function preferredBody(outcome: OperationOutcome, resource: Resource | undefined, prefer: PreferReturn | undefined): Resource | undefined {
  if (prefer === 'OperationOutcome') return outcome;
  if (resource?.resourceType === 'Bundle' && isBatchResponse(resource)) {
    return prefer === 'minimal' ? withoutEntryResources(resource) : resource;
  }
  if (prefer === 'minimal') return undefined;
  return resource ?? outcome;
}

const isBatchResponse = (bundle: Bundle): boolean =>
  bundle.type === 'batch-response' || bundle.type === 'transaction-response';

/** For a bundle, `return=minimal` applies to each entry: the client still needs ids and ETags. */
function withoutEntryResources(bundle: Bundle): Bundle {
  if (!bundle.entry) return bundle;
  return {
    ...bundle,
    entry: bundle.entry.map((entry) => {
      const rest = { ...entry };
      delete rest.resource;
      return rest;
    }),
  };
}

function versionHeaders(resource: Resource, status: number, baseUrl: string): Record<string, string> {
  const versionId = resource.meta?.versionId;
  const lastUpdated = resource.meta?.lastUpdated;
  if (versionId === undefined || resource.id === undefined || resource.resourceType === 'OperationOutcome') return {};
  const headers: Record<string, string> = { ETag: weakETag(versionId) };
  if (lastUpdated !== undefined) headers['Last-Modified'] = new Date(lastUpdated).toUTCString();
  if (status === 201) headers.Location = `${baseUrl}/${versionKey(resource.resourceType, resource.id)}/_history/${versionId}`;
  return headers;
}

async function send(
  res: ServerResponse,
  status: number,
  body: Resource | undefined,
  headers: Readonly<Record<string, string>>,
  options: ReplyOptions,
): Promise<void> {
  let payload: Buffer = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body), 'utf8');
  const out: Record<string, string | number> = { ...headers, Vary: 'Accept-Encoding' };
  if (body !== undefined) out['Content-Type'] = FHIR_JSON;
  if (options.gzip && payload.length > 0) {
    payload = await gzip(payload);
    out['Content-Encoding'] = 'gzip';
  }
  out['Content-Length'] = payload.length;
  res.writeHead(status, out);
  res.end(options.head ? undefined : payload);
}
