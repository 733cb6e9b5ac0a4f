// The FHIR REST calls sync needs (DESIGN §5), over HttpExchange: transaction, search following
// `next` links, history since an instant, read, count, metadata. Platform-free: fetch, clock and
// sleep are passed in.
//
// Idempotence, which decides what may be retried after a lost answer: sync writes only
// `PUT [type]/[id]` (ids are assigned on the device) and `DELETE`, so sending the same transaction
// twice leaves the server holding the same content. With `If-Match` the second send of an update
// that did land answers 412 (the version moved on, to our own content): the engine fetches the
// server version, and the three-way merge sees local == remote and settles it without a person.
// A transaction with a plain POST create is not idempotent and is never re-sent after a lost answer.
import type { Bundle, BundleEntry, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { AuthConfig, FetchLike } from './auth-session';
import { AuthSession } from './auth-session';
import type { RawReply } from './fhir-reply';
import { parseBody, serverOutcome } from './fhir-reply';
import type { GzipRequests, TransportProgress } from './http-exchange';
import { HttpExchange } from './http-exchange';
import type { RetryPolicy } from './retry-policy';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import type { TransportError } from './transport-error';
import {
  brokenReply,
  forbidden,
  notFound,
  pagesExpired,
  rejected,
  serverFailed,
  unsafeLink,
  versionConflict,
} from './transport-outcomes';

/** Query parameters: a repeated key is an array. */
export type QueryParams = Readonly<Record<string, string | readonly string[]>>;

export interface FhirTransportOptions {
  /** e.g. https://central.example/fhir/R4 (a trailing slash is ignored). */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  /** Waits between attempts; tests pass one that records the duration and returns at once. */
  readonly sleep: (ms: number) => Promise<void>;
  /** [0, 1) source for backoff jitter; default Math.random. */
  readonly random?: () => number;
  readonly auth?: AuthConfig;
  /** Per attempt, from sending to the last byte of the answer. Default 120 s (a slow link). */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly gzipRequests?: GzipRequests;
  /** Smaller bodies are sent as they are. Default 1024 bytes. */
  readonly gzipMinBytes?: number;
  readonly onProgress?: (progress: TransportProgress) => void;
  readonly logger?: Logger;
}

export interface CallOptions {
  /** Cancels the call (and any wait between attempts) with an 'incomplete' outcome. */
  readonly signal?: AbortSignal;
}

export type ReadResult =
  | { readonly kind: 'found'; readonly resource: Resource }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'not-found' };

export interface FhirTransport {
  metadata(options?: CallOptions): Promise<CapabilityStatement>;
  read(resourceType: string, id: string, options?: CallOptions): Promise<ReadResult>;
  /** The first page, then each page its `next` link leads to (links must stay on the server's origin). */
  searchPages(resourceType: string, params: QueryParams, options?: CallOptions): AsyncGenerator<Bundle, void, undefined>;
  /** Every match across all pages (search-mode 'match' entries only). */
  search(resourceType: string, params: QueryParams, options?: CallOptions): Promise<Resource[]>;
  /** The total of a search (`_summary=count`), for progress. */
  count(resourceType: string, params: QueryParams, options?: CallOptions): Promise<number>;
  /**
   * Type-level (`[type]/_history`) or, with resourceType undefined, system-level history since an
   * instant, newest first as the server sends it; deletes are entries with request.method DELETE.
   */
  historyPages(resourceType: string | undefined, since: string | undefined, params?: QueryParams, options?: CallOptions): AsyncGenerator<Bundle, void, undefined>;
  /**
   * Posts a transaction Bundle; resolves with the transaction-response (one entry per request).
   * Retried after a lost answer only when every entry is idempotent (see the file comment).
   * A 409/412 rejects with an outcome whose first issue has code 'conflict'.
   */
  transaction(bundle: Bundle, options?: CallOptions): Promise<Bundle>;
  /** False once the server refused a gzip request body (gzipRequests 'auto'). */
  readonly gzipsRequests: boolean;
}

export function createFhirTransport(options: FhirTransportOptions): FhirTransport {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const exchange = new HttpExchange({
    fetch: options.fetch,
    clock: options.clock,
    sleep: options.sleep,
    random: options.random ?? Math.random,
    auth: new AuthSession(options.auth ?? { kind: 'none' }, options.fetch, options.clock),
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    timeoutMs: options.timeoutMs ?? 120_000,
    gzipRequests: options.gzipRequests ?? 'auto',
    gzipMinBytes: options.gzipMinBytes ?? 1024,
    onProgress: options.onProgress,
    logger: options.logger,
  });
  const get = (url: string, what: string, callOptions: CallOptions | undefined): Promise<RawReply> =>
    exchange.send({ method: 'GET', url, what, idempotent: true, signal: callOptions?.signal });

  async function* pages(firstUrl: string, what: string, kind: 'searchset' | 'history', callOptions?: CallOptions): AsyncGenerator<Bundle, void, undefined> {
    let url: string | undefined = firstUrl;
    for (let page = 1; url !== undefined; page += 1) {
      const pageWhat = `${what} page ${page}`;
      const reply = await get(url, pageWhat, callOptions);
      if (reply.status === 410 && page > 1) throw pagesExpired({ what: pageWhat, status: 410, server: serverOutcome(parseBody(reply)) });
      const bundle = expectBundle(reply, pageWhat, kind);
      yield bundle;
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (url !== undefined && !sameOrigin(url, baseUrl)) throw unsafeLink({ what: pageWhat }, url);
    }
  }

  const transport: FhirTransport = {
    async metadata(callOptions) {
      const reply = await get(`${baseUrl}/metadata`, 'GET metadata', callOptions);
      return expectResource(reply, 'GET metadata', 'CapabilityStatement') as CapabilityStatement;
    },

    async read(resourceType, id, callOptions) {
      const what = `GET ${resourceType} read`;
      const reply = await get(`${baseUrl}/${encodeURIComponent(resourceType)}/${encodeURIComponent(id)}`, what, callOptions);
      if (reply.status === 404) return { kind: 'not-found' };
      if (reply.status === 410) return { kind: 'deleted' };
      const resource = expectResource(reply, what, resourceType);
      if (resource.id !== id) throw brokenReply({ what, status: reply.status }, `asked for id ${id}, got ${resource.id ?? 'no id'}`);
      return { kind: 'found', resource };
    },

    searchPages(resourceType, params, callOptions) {
      return pages(`${baseUrl}/${encodeURIComponent(resourceType)}${queryString(params)}`, `GET ${resourceType} search`, 'searchset', callOptions);
    },

    async search(resourceType, params, callOptions) {
      const found: Resource[] = [];
      for await (const page of transport.searchPages(resourceType, params, callOptions)) {
        for (const entry of page.entry ?? []) {
          if (entry.resource !== undefined && (entry.search?.mode ?? 'match') === 'match') found.push(entry.resource);
        }
      }
      return found;
    },

    async count(resourceType, params, callOptions) {
      const what = `GET ${resourceType} count`;
      const reply = await get(`${baseUrl}/${encodeURIComponent(resourceType)}${queryString({ ...params, _summary: 'count' })}`, what, callOptions);
      const bundle = expectBundle(reply, what, 'searchset');
      if (typeof bundle.total !== 'number') throw brokenReply({ what, status: reply.status }, 'the count Bundle has no total');
      return bundle.total;
    },

    historyPages(resourceType, since, params = {}, callOptions) {
      const path = resourceType === undefined ? '_history' : `${encodeURIComponent(resourceType)}/_history`;
      const query = since === undefined ? params : { ...params, _since: since };
      return pages(`${baseUrl}/${path}${queryString(query)}`, `GET ${resourceType ?? 'system'} history`, 'history', callOptions);
    },

    async transaction(bundle, callOptions) {
      const what = 'POST transaction';
      const reply = await exchange.send({
        method: 'POST',
        url: baseUrl,
        what,
        body: JSON.stringify(bundle),
        idempotent: isIdempotentBundle(bundle),
        signal: callOptions?.signal,
      });
      const response = expectBundle(reply, what, 'transaction-response');
      const sent = bundle.entry?.length ?? 0;
      if ((response.entry?.length ?? 0) !== sent) {
        throw brokenReply({ what, status: reply.status }, `${sent} entries sent, ${response.entry?.length ?? 0} answered`);
      }
      return response;
    },

    get gzipsRequests() {
      return exchange.gzipsRequests;
    },
  };
  return transport;
}

/** Every entry can be applied twice with the same end state (the file comment explains why). */
export function isIdempotentBundle(bundle: Bundle): boolean {
  return (bundle.entry ?? []).every((entry: BundleEntry) => {
    const method = entry.request?.method;
    return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE' || (method === 'POST' && entry.request?.ifNoneExist !== undefined);
  });
}

function queryString(params: QueryParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const v of typeof value === 'string' ? [value] : value) query.append(key, v);
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

function sameOrigin(link: string, baseUrl: string): boolean {
  try {
    return new URL(link).origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}

function expectBundle(reply: RawReply, what: string, type: Bundle['type']): Bundle {
  const bundle = expectResource(reply, what, 'Bundle') as Bundle;
  if (bundle.type !== type) throw brokenReply({ what, status: reply.status }, `expected a ${type} Bundle, got type ${JSON.stringify(bundle.type)}`);
  return bundle;
}

/** A 2xx answer carrying a resource of the expected type; anything else throws the right outcome. */
function expectResource(reply: RawReply, what: string, resourceType: string): Resource {
  const body = parseBody(reply);
  if (reply.status < 200 || reply.status >= 300) throw failureFor(reply, what, body);
  if (body.kind === 'broken') throw brokenReply({ what, status: reply.status }, body.problem);
  if (body.kind === 'empty') throw brokenReply({ what, status: reply.status }, `expected a ${resourceType}, the body is empty`);
  if (body.resource.resourceType !== resourceType) {
    throw brokenReply({ what, status: reply.status, server: serverOutcome(body) }, `expected a ${resourceType}, got a ${body.resource.resourceType}`);
  }
  return body.resource;
}

function failureFor(reply: RawReply, what: string, body: ReturnType<typeof parseBody>): TransportError {
  const ctx = { what, status: reply.status, server: serverOutcome(body) };
  if (body.kind === 'broken' && reply.status >= 500) return serverFailed(ctx);
  if (body.kind === 'broken') return brokenReply(ctx, body.problem);
  switch (reply.status) {
    case 403:
      return forbidden(ctx);
    case 404:
    case 410:
      return notFound(ctx);
    case 409:
    case 412:
      return versionConflict(ctx);
    default:
      return reply.status >= 500 ? serverFailed(ctx) : rejected(ctx);
  }
}
