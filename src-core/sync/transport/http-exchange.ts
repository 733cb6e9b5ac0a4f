// One HTTP exchange with the central server, made robust: per-attempt timeout, retries with
// full-jitter backoff for idempotent requests, Retry-After for 429/503, one token refresh on 401,
// gzip request bodies when the server takes them, byte counting for progress.
//
// Why not fhir-kit-client's HttpClient here: it calls the global `fetch` (the transport must be
// passed in, STYLE §3, so tests and the renderer worker choose it), always JSON.stringifies the
// body (no gzip bodies), reads the body with no byte count, and imports `agentkeepalive`, whose
// module body requires node:http — loading it in the renderer's worker would fail, and src-core
// must stay platform-free. So the wire work is ours; see fhir-transport.ts for the FHIR layer.
import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { AuthSession, FetchLike } from './auth-session';
import type { RawReply } from './fhir-reply';
import { parseBody, serverOutcome } from './fhir-reply';
import { gzipText } from './gzip-body';
import type { RetryPolicy } from './retry-policy';
import { backoffDelayMs, isRetryableStatus, parseRetryAfter } from './retry-policy';
import { TransportError } from './transport-error';
import { cancelled, loginRejected, networkFailed, serverFailed, throttled, timedOut } from './transport-outcomes';

/**
 * - 'auto' (default): gzip bodies of at least `gzipMinBytes`; a server that answers such a request
 *   415 (or 400, which is how a server that ignores Content-Encoding reports the bytes it could not
 *   parse) gets the same request again uncompressed at once, and if that one is accepted gzip is off
 *   for the rest of this transport's life. FHIR's CapabilityStatement has no element that
 *   advertises request compression, so probing is the only portable way to learn it.
 * - 'always' / 'never': a configured decision (e.g. for a server known to take or refuse gzip).
 */
export type GzipRequests = 'auto' | 'always' | 'never';

export interface TransportProgress {
  /** 'up': a request body was sent (counted when its answer starts); 'down': answer bytes read (after inflation). */
  readonly direction: 'up' | 'down';
  readonly bytes: number;
}

export interface ExchangeDeps {
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly auth: AuthSession;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly gzipRequests: GzipRequests;
  readonly gzipMinBytes: number;
  readonly onProgress?: ((progress: TransportProgress) => void) | undefined;
  readonly logger?: Logger | undefined;
}

export interface ExchangeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  /** For diagnostics, e.g. "GET Patient search": never the query string, which can hold patient data. */
  readonly what: string;
  /** JSON text. */
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** May this request be sent again when we cannot know whether the server applied it? */
  readonly idempotent: boolean;
  readonly signal?: AbortSignal | undefined;
}

type Attempt =
  | { readonly kind: 'reply'; readonly reply: RawReply }
  | { readonly kind: 'network'; readonly error: TransportError };

export class HttpExchange {
  private gzipRefused = false;

  constructor(private readonly deps: ExchangeDeps) {}

  /** Whether request bodies are currently being gzipped (false once a server refused them). */
  get gzipsRequests(): boolean {
    return this.deps.gzipRequests === 'always' || (this.deps.gzipRequests === 'auto' && !this.gzipRefused);
  }

  /**
   * Sends until a final answer: any status that retrying cannot change is returned as is (the
   * FHIR layer maps it); 401, exhausted retries, timeouts and network failures throw TransportError.
   */
  async send(request: ExchangeRequest): Promise<RawReply> {
    const { retry } = this.deps;
    let refreshedToken = false;
    let attempt = 0;
    for (;;) {
      attempt += 1;
      const result = await this.attemptWithGzipFallback(request);
      if (result.kind === 'network') {
        if (!request.idempotent || attempt >= retry.maxAttempts) throw result.error;
        await this.wait(request, attempt, backoffDelayMs(retry, attempt, this.deps.random), undefined);
        continue;
      }
      const { reply } = result;
      const ctx = { what: request.what, status: reply.status, server: serverOutcome(parseBody(reply)) };
      if (reply.status === 401) {
        if (this.deps.auth.canRefresh && !refreshedToken) {
          refreshedToken = true;
          this.deps.auth.invalidate();
          attempt -= 1;
          continue;
        }
        throw loginRejected(ctx);
      }
      if (!isRetryableStatus(reply.status)) return reply;
      // 429 means the request was refused before any processing (RFC 6585), so even a
      // non-idempotent request may be sent again; any other 5xx may have been half-applied.
      const mayRetry = request.idempotent || reply.status === 429;
      const throttling = reply.status === 429 || reply.status === 503;
      const retryAfterMs = throttling ? parseRetryAfter(reply.headers.get('retry-after'), this.deps.clock.now()) : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) {
        throw throttled({ ...ctx, retryAfterMs });
      }
      if (!mayRetry || attempt >= retry.maxAttempts) {
        throw throttling ? throttled(retryAfterMs === undefined ? ctx : { ...ctx, retryAfterMs }) : serverFailed(ctx);
      }
      await this.wait(request, attempt, retryAfterMs ?? backoffDelayMs(retry, attempt, this.deps.random), reply.status);
    }
  }

  private async wait(request: ExchangeRequest, attempt: number, ms: number, status: number | undefined): Promise<void> {
    this.deps.logger?.warn('retrying request', { what: request.what, attempt, status: status ?? 'network', waitMs: ms });
    await this.deps.sleep(ms);
    if (isAborted(request.signal)) throw cancelled({ what: request.what });
  }

  private async attemptWithGzipFallback(request: ExchangeRequest): Promise<Attempt> {
    const gzip = request.body !== undefined && this.gzipsRequests && request.body.length >= this.deps.gzipMinBytes;
    const first = await this.attempt(request, gzip);
    if (!gzip || first.kind !== 'reply' || (first.reply.status !== 415 && first.reply.status !== 400)) return first;
    if (this.deps.gzipRequests !== 'auto') return first;
    const plain = await this.attempt(request, false);
    const plainAccepted = plain.kind === 'reply' && plain.reply.status !== first.reply.status;
    if (first.reply.status === 415 || plainAccepted) {
      this.gzipRefused = true;
      this.deps.logger?.info('server refuses gzip request bodies; sending them uncompressed', { what: request.what });
    }
    return plain;
  }

  private async attempt(request: ExchangeRequest, gzip: boolean): Promise<Attempt> {
    if (isAborted(request.signal)) throw cancelled({ what: request.what });
    const timeout = new AbortController();
    const timer = setTimeout(() => { timeout.abort(); }, this.deps.timeoutMs);
    const signal = request.signal === undefined ? timeout.signal : AbortSignal.any([request.signal, timeout.signal]);
    try {
      const headers: Record<string, string> = { Accept: 'application/fhir+json', ...request.headers };
      const authorization = await this.deps.auth.authorization(signal);
      if (authorization !== undefined) headers.Authorization = authorization;
      let body: Uint8Array<ArrayBuffer> | string | undefined = request.body;
      if (request.body !== undefined) {
        headers['Content-Type'] = 'application/fhir+json';
        if (gzip) {
          body = await gzipText(request.body);
          headers['Content-Encoding'] = 'gzip';
        }
      }
      const response = await this.deps.fetch(request.url, {
        method: request.method,
        headers,
        signal,
        ...(body === undefined ? {} : { body }),
      });
      if (body !== undefined) this.deps.onProgress?.({ direction: 'up', bytes: typeof body === 'string' ? byteLength(body) : body.length });
      const text = await this.readText(response);
      return { kind: 'reply', reply: { status: response.status, headers: response.headers, text } };
    } catch (err) {
      if (err instanceof TransportError && err.status !== undefined) throw err;
      if (isAborted(request.signal)) throw cancelled({ what: request.what });
      if (timeout.signal.aborted) return { kind: 'network', error: timedOut({ what: request.what }, this.deps.timeoutMs) };
      if (err instanceof TransportError) return { kind: 'network', error: err };
      const cause = describeNetworkError(err);
      const unknownEffect = request.idempotent ? '' : '; the server may or may not have applied it';
      return { kind: 'network', error: networkFailed({ what: request.what }, `${cause}${unknownEffect}`) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async readText(response: Response): Promise<string> {
    if (response.body === null) return '';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      this.deps.onProgress?.({ direction: 'down', bytes: value.length });
      text += decoder.decode(value, { stream: true });
    }
    return text + decoder.decode();
  }
}

/** A function, so TypeScript does not narrow `aborted` across awaits. */
const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;

const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** fetch's errors are TypeErrors with the real cause (ECONNRESET, ECONNREFUSED, …) one level down. */
function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return 'fetch failed';
  const cause = (err as { cause?: unknown }).cause;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  const causeText = cause instanceof Error ? cause.message : undefined;
  return [err.message, typeof code === 'string' ? code : causeText].filter((s) => s !== undefined && s !== '').join(': ');
}
