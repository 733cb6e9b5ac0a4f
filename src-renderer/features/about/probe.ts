// Does a configured endpoint answer? Pure apart from the fetch it is given, so it is unit-tested
// with a fake fetch (test/core/renderer-probe.test.ts) and used with the real one in the UI.

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type NoAnswerReason = 'timeout' | 'network' | 'http-status' | 'not-fhir' | 'invalid-url';

export type ProbeResult =
  | { readonly state: 'not-configured' }
  | { readonly state: 'answers'; readonly url: string; readonly fhirVersion?: string; readonly software?: string }
  | { readonly state: 'no-answer'; readonly url: string; readonly reason: NoAnswerReason; readonly status?: number };

export interface ProbeOptions {
  readonly fetch: FetchLike;
  readonly timeoutMs?: number;
  /** Aborts the probe early, e.g. when the view that asked goes away. */
  readonly signal?: AbortSignal;
}

export const PROBE_TIMEOUT_MS = 5_000;

const HTTP_FORM = { 'ws:': 'http:', 'wss:': 'https:', 'http:': 'http:', 'https:': 'https:' } as const;

/** The http(s) form of an endpoint URL with `/segment` appended to its path; undefined if not a usable URL. */
function endpointUrl(base: string, segment: string, allowWebSocket: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    return undefined;
  }
  const isWs = url.protocol === 'ws:' || url.protocol === 'wss:';
  const scheme = (HTTP_FORM as Readonly<Record<string, 'http:' | 'https:'>>)[url.protocol];
  if (scheme === undefined || (isWs && !allowWebSocket)) return undefined;
  url.protocol = scheme;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${segment}`;
  url.search = '';
  url.hash = '';
  return url.href;
}

/** `ws://host/x` → `http://host/x/health` (wss → https); http(s) URLs keep their scheme. */
export const signalingHealthUrl = (signalingUrl: string): string | undefined => endpointUrl(signalingUrl, 'health', true);

/** `${base}/metadata` for a FHIR base URL; undefined unless it is an http(s) URL. */
export const metadataUrl = (centralServerUrl: string): string | undefined => endpointUrl(centralServerUrl, 'metadata', false);

type Exchange =
  | { readonly kind: 'response'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'failed'; readonly reason: 'timeout' | 'network' };

const TIMED_OUT = Symbol('probe timed out');

/** One GET under a deadline that covers the body too; never throws. */
async function exchange(url: string, accept: string, readJson: boolean, options: ProbeOptions): Promise<Exchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(TIMED_OUT);
  }, options.timeoutMs ?? PROBE_TIMEOUT_MS);
  const onOuterAbort = (): void => {
    controller.abort();
  };
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    const res = await options.fetch(url, {
      method: 'GET',
      headers: { Accept: accept },
      cache: 'no-store',
      signal: controller.signal,
    });
    let body: unknown = undefined;
    if (readJson && res.status === 200) {
      body = await res.json().catch((err: unknown) => {
        if (controller.signal.aborted) throw err;
        return undefined; // answered, but not with JSON
      });
    }
    return { kind: 'response', status: res.status, body };
  } catch {
    return { kind: 'failed', reason: controller.signal.reason === TIMED_OUT ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const optionalString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The central FHIR server answers if GET [base]/metadata is 200 with a CapabilityStatement. */
export async function probeCentralServer(centralServerUrl: string | null, options: ProbeOptions): Promise<ProbeResult> {
  if (centralServerUrl === null) return { state: 'not-configured' };
  const url = metadataUrl(centralServerUrl);
  if (url === undefined) return { state: 'no-answer', url: centralServerUrl, reason: 'invalid-url' };

  const result = await exchange(url, 'application/fhir+json', true, options);
  if (result.kind === 'failed') return { state: 'no-answer', url: centralServerUrl, reason: result.reason };
  if (result.status !== 200) {
    return { state: 'no-answer', url: centralServerUrl, reason: 'http-status', status: result.status };
  }
  const body = result.body;
  if (!isRecord(body) || body.resourceType !== 'CapabilityStatement') {
    return { state: 'no-answer', url: centralServerUrl, reason: 'not-fhir' };
  }
  const software = isRecord(body.software) ? body.software : {};
  const fhirVersion = optionalString(body.fhirVersion);
  const name = optionalString(software.name);
  const version = optionalString(software.version);
  const softwareLabel = name === undefined ? undefined : version === undefined ? name : `${name} ${version}`;
  return {
    state: 'answers',
    url: centralServerUrl,
    ...(fhirVersion === undefined ? {} : { fhirVersion }),
    ...(softwareLabel === undefined ? {} : { software: softwareLabel }),
  };
}

/** The signaling relay answers if GET [http(s) form of its URL]/health is 200. */
export async function probeSignalingRelay(signalingUrl: string | null, options: ProbeOptions): Promise<ProbeResult> {
  if (signalingUrl === null) return { state: 'not-configured' };
  const url = signalingHealthUrl(signalingUrl);
  if (url === undefined) return { state: 'no-answer', url: signalingUrl, reason: 'invalid-url' };

  const result = await exchange(url, 'application/json', false, options);
  if (result.kind === 'failed') return { state: 'no-answer', url: signalingUrl, reason: result.reason };
  if (result.status !== 200) return { state: 'no-answer', url: signalingUrl, reason: 'http-status', status: result.status };
  return { state: 'answers', url: signalingUrl };
}
