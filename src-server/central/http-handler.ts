// node:http in front of the FHIR router: CORS, base path, auth, body decoding and validation, one
// FHIR interaction at a time, and every failure answered with an OperationOutcome.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { OperationOutcomeError, getStatus } from '@medplum/core';
import type { FhirRepository, FhirRequest, FhirRouter, HttpMethod } from '@medplum/fhir-router';
import { toOutcome } from '../../src-core/fhir/outcome';
import type { Logger } from '../../src-core/platform/logger';
import { hasBearerToken } from './auth';
import { isPreflight, setCorsHeaders, writePreflight } from './cors';
import type { ReplyOptions } from './fhir-response';
import { replyOptions, sendFhirResult, sendOutcome } from './fhir-response';
import { HttpProblem, httpProblem } from './http-problem';
import { discardRequestBody, readRequestBody } from './request-body';
import { BASE_PATH, clientBaseUrl } from './route-context';
import type { SerialQueue } from './serial-queue';

export interface HttpHandlerDeps {
  readonly router: FhirRouter;
  readonly repo: FhirRepository;
  readonly queue: SerialQueue;
  readonly logger: Logger;
  readonly baseUrl: string;
  readonly authToken?: string | undefined;
}

export interface HttpHandler {
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** Resolves when no request is being handled. */
  drained(): Promise<void>;
}

export function createHttpHandler(deps: HttpHandlerDeps): HttpHandler {
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const settle = (): void => {
    inFlight -= 1;
    if (inFlight > 0) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  return {
    handle: (req, res) => {
      inFlight += 1;
      handleRequest(deps, req, res)
        .catch((err: unknown) => {
          // Only a failure while answering a failure gets here; the connection is all that is left.
          deps.logger.error('request handling failed', { err });
          res.destroy();
        })
        .finally(settle);
    },
    drained: () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}

async function handleRequest(deps: HttpHandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  setCorsHeaders(res);
  if (isPreflight(req)) {
    writePreflight(req, res);
    return;
  }
  const url = requestUrl(req);
  const options = replyOptions(req, clientBaseUrl(req.headers.host, deps.baseUrl));
  let status: number;
  try {
    status = await serveFhir(deps, req, res, url, options);
  } catch (err) {
    status = await answerFailure(deps, req, res, err, options);
  }
  // Path only: a query string can hold patient data (name=..., identifier=...).
  deps.logger.info('request', { method: req.method, path: url.pathname, status, ms: Math.round(performance.now() - started) });
}

async function serveFhir(
  deps: HttpHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  options: ReplyOptions,
): Promise<number> {
  const route = routeUnderBase(url.pathname);
  const method = fhirMethod(req.method);
  if (deps.authToken !== undefined && !(method === 'GET' && route === 'metadata')) {
    if (!hasBearerToken(req.headers.authorization, deps.authToken)) {
      throw httpProblem(401, 'login', 'A bearer token is required', { 'WWW-Authenticate': 'Bearer realm="ceiba-central"' });
    }
  }
  const body = await readFhirBody(req, method, route);
  const fhirRequest: FhirRequest = { method, url: route + url.search, pathname: '', body, params: {}, query: {}, headers: req.headers };
  const result = await deps.queue.run(() => deps.router.handleRequest(fhirRequest, deps.repo));
  return sendFhirResult(res, result, options);
}

async function answerFailure(
  deps: HttpHandlerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  err: unknown,
  options: ReplyOptions,
): Promise<number> {
  await discardRequestBody(req);
  if (res.headersSent) {
    res.destroy();
    return 500;
  }
  if (err instanceof HttpProblem) return sendOutcome(res, err.status, err.outcome, options, err.headers);
  if (err instanceof OperationOutcomeError) return sendOutcome(res, getStatus(err.outcome), err.outcome, options);
  deps.logger.error('request failed', { err });
  return sendOutcome(res, 500, toOutcome(err), options);
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    // Unparseable request targets fall through to the 404 for paths outside the base.
    return new URL('http://localhost/');
  }
}

/** The path after the FHIR base, without its leading slash ('' for the base itself). */
function routeUnderBase(pathname: string): string {
  if (pathname === BASE_PATH || pathname === `${BASE_PATH}/`) return '';
  if (pathname.startsWith(`${BASE_PATH}/`)) return pathname.slice(BASE_PATH.length + 1);
  throw httpProblem(404, 'not-found', `Not a FHIR endpoint; the base is ${BASE_PATH}`);
}

const ALLOW = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';

function fhirMethod(requestMethod: string | undefined): HttpMethod {
  const method = requestMethod ?? '';
  switch (method) {
    case 'GET':
    case 'HEAD':
      return 'GET';
    case 'POST':
    case 'PUT':
    case 'DELETE':
      return method;
    case 'PATCH':
      throw httpProblem(405, 'not-supported', 'PATCH is not supported; PUT the whole resource', { Allow: ALLOW });
    default:
      throw httpProblem(405, 'not-supported', `Method '${method}' is not supported`, { Allow: ALLOW });
  }
}

const JSON_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** The request body as the router expects it: a resource, a search form, or nothing. */
async function readFhirBody(req: IncomingMessage, method: HttpMethod, route: string): Promise<unknown> {
  if (method !== 'POST' && method !== 'PUT') {
    await discardRequestBody(req);
    return undefined;
  }
  const raw = await readRequestBody(req);
  const isSearch = method === 'POST' && route.endsWith('/_search');
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (isSearch && (mediaType === FORM_TYPE || raw.length === 0)) return formToQuery(raw.toString('utf8'));
  if (mediaType !== '' && !JSON_TYPES.has(mediaType)) {
    throw httpProblem(415, 'not-supported', `Content-Type '${mediaType}' is not supported; send application/fhir+json`);
  }
  if (raw.length === 0) throw httpProblem(400, 'required', 'The request needs a FHIR resource as its body');
  return parseResource(raw);
}

function parseResource(raw: Buffer): unknown {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw httpProblem(400, 'structure', 'The request body is not valid JSON');
  }
  const isResource =
    typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { resourceType?: unknown }).resourceType === 'string';
  if (!isResource) throw httpProblem(400, 'structure', 'The request body is not a FHIR resource (no resourceType)');
  return value;
}

function formToQuery(form: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  const params = new URLSearchParams(form);
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return query;
}
