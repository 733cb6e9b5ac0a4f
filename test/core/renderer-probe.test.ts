// The "Acerca de" probes, with a fake fetch: the HTTP boundary is the one place a fake stands in.
import { describe, expect, it } from 'vitest';
import {
  metadataUrl,
  probeCentralServer,
  probeSignalingRelay,
  signalingHealthUrl,
  type FetchLike,
} from '../../src-renderer/features/about/probe';

interface Call {
  readonly url: string;
  readonly init: RequestInit;
}

/** A fetch that records its calls and answers with `respond`. */
function fakeFetch(respond: (url: string, init: RequestInit) => Promise<Response>): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push({ url, init });
      return respond(url, init);
    },
  };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/fhir+json' } });

/** A fetch that never answers, but rejects the way real fetch does when its signal aborts. */
const hangingUntilAborted: FetchLike = (_url, init) =>
  new Promise<Response>((_resolve, reject) => {
    const signal = init.signal;
    if (signal == null) return;
    signal.addEventListener('abort', () => {
      reject(new DOMException('The operation was aborted.', 'AbortError'));
    });
  });

const capabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  kind: 'instance',
  fhirVersion: '4.0.1',
  software: { name: 'Ceiba central', version: '0.1.0' },
};

describe('probeCentralServer', () => {
  it('answers on 200 with a CapabilityStatement, asking for FHIR JSON at [base]/metadata', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.resolve(json(200, capabilityStatement)));
    const result = await probeCentralServer('http://127.0.0.1:8080/fhir/R4/', { fetch });
    expect(result).toEqual({
      state: 'answers',
      url: 'http://127.0.0.1:8080/fhir/R4/',
      fhirVersion: '4.0.1',
      software: 'Ceiba central 0.1.0',
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('http://127.0.0.1:8080/fhir/R4/metadata');
    expect(new Headers(calls[0]?.init.headers).get('Accept')).toBe('application/fhir+json');
    expect(calls[0]?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('answers without optional details when the statement has none', async () => {
    const { fetch } = fakeFetch(() => Promise.resolve(json(200, { resourceType: 'CapabilityStatement' })));
    expect(await probeCentralServer('https://fhir.example.gt', { fetch })).toEqual({ state: 'answers', url: 'https://fhir.example.gt' });
  });

  it('does not answer on HTTP 500', async () => {
    const { fetch } = fakeFetch(() => Promise.resolve(json(500, { resourceType: 'OperationOutcome', issue: [] })));
    expect(await probeCentralServer('http://127.0.0.1:8080', { fetch })).toEqual({
      state: 'no-answer',
      url: 'http://127.0.0.1:8080',
      reason: 'http-status',
      status: 500,
    });
  });

  it('does not answer when a 200 is not a CapabilityStatement (or not JSON)', async () => {
    const other = fakeFetch(() => Promise.resolve(json(200, { resourceType: 'Patient' })));
    expect(await probeCentralServer('http://127.0.0.1:8080', { fetch: other.fetch })).toMatchObject({ state: 'no-answer', reason: 'not-fhir' });
    const html = fakeFetch(() => Promise.resolve(new Response('<!doctype html><p>hola</p>', { status: 200 })));
    expect(await probeCentralServer('http://127.0.0.1:8080', { fetch: html.fetch })).toMatchObject({ state: 'no-answer', reason: 'not-fhir' });
  });

  it('does not answer on a network error', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await probeCentralServer('http://127.0.0.1:9', { fetch })).toEqual({ state: 'no-answer', url: 'http://127.0.0.1:9', reason: 'network' });
  });

  it('gives up after the timeout by aborting the request', async () => {
    const { fetch, calls } = fakeFetch(hangingUntilAborted);
    const started = Date.now();
    const result = await probeCentralServer('http://10.255.255.1', { fetch, timeoutMs: 50 });
    expect(result).toEqual({ state: 'no-answer', url: 'http://10.255.255.1', reason: 'timeout' });
    expect(calls[0]?.init.signal?.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out when the headers arrive but the body stalls', async () => {
    const stalledBody = (_url: string, init: RequestInit): Promise<Response> => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"resourceType":'));
          init.signal?.addEventListener('abort', () => {
            controller.error(new DOMException('The operation was aborted.', 'AbortError'));
          });
        },
      });
      return Promise.resolve(new Response(body, { status: 200 }));
    };
    expect(await probeCentralServer('http://127.0.0.1:8080', { fetch: stalledBody, timeoutMs: 50 })).toMatchObject({
      state: 'no-answer',
      reason: 'timeout',
    });
  });

  it('stops when the caller aborts, without waiting for the timeout', async () => {
    const caller = new AbortController();
    const pending = probeCentralServer('http://127.0.0.1:8080', { fetch: hangingUntilAborted, timeoutMs: 60_000, signal: caller.signal });
    caller.abort();
    expect(await pending).toMatchObject({ state: 'no-answer', reason: 'network' });
  });

  it('is not configured for a null URL, and never calls fetch', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.reject(new Error('must not be called')));
    expect(await probeCentralServer(null, { fetch })).toEqual({ state: 'not-configured' });
    expect(calls).toHaveLength(0);
  });

  it('rejects a URL that is not http(s) without calling fetch', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.reject(new Error('must not be called')));
    expect(await probeCentralServer('no es una url', { fetch })).toMatchObject({ state: 'no-answer', reason: 'invalid-url' });
    expect(await probeCentralServer('ws://127.0.0.1:8080', { fetch })).toMatchObject({ state: 'no-answer', reason: 'invalid-url' });
    expect(calls).toHaveLength(0);
  });
});

describe('probeSignalingRelay', () => {
  it('is not configured for a null URL', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.reject(new Error('must not be called')));
    expect(await probeSignalingRelay(null, { fetch })).toEqual({ state: 'not-configured' });
    expect(calls).toHaveLength(0);
  });

  it('answers on 200 from the http form of the WebSocket URL plus /health', async () => {
    const { fetch, calls } = fakeFetch(() => Promise.resolve(new Response('{"status":"ok"}', { status: 200 })));
    expect(await probeSignalingRelay('ws://127.0.0.1:7070/signal', { fetch })).toEqual({ state: 'answers', url: 'ws://127.0.0.1:7070/signal' });
    expect(calls[0]?.url).toBe('http://127.0.0.1:7070/signal/health');
  });

  it('does not answer on 503, a network error or a timeout', async () => {
    const down = fakeFetch(() => Promise.resolve(new Response('', { status: 503 })));
    expect(await probeSignalingRelay('wss://senal.example.gt', { fetch: down.fetch })).toMatchObject({ reason: 'http-status', status: 503 });
    const refused = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await probeSignalingRelay('ws://127.0.0.1:9', { fetch: refused.fetch })).toMatchObject({ state: 'no-answer', reason: 'network' });
    expect(await probeSignalingRelay('ws://127.0.0.1:9', { fetch: hangingUntilAborted, timeoutMs: 50 })).toMatchObject({
      state: 'no-answer',
      reason: 'timeout',
    });
  });
});

describe('endpoint URLs', () => {
  it('maps ws→http and wss→https, keeps the path, drops query and fragment', () => {
    expect(signalingHealthUrl('ws://127.0.0.1:7070')).toBe('http://127.0.0.1:7070/health');
    expect(signalingHealthUrl('wss://senal.example.gt/relay/')).toBe('https://senal.example.gt/relay/health');
    expect(signalingHealthUrl('ws://localhost:7070/s?room=1#x')).toBe('http://localhost:7070/s/health');
    expect(signalingHealthUrl('https://senal.example.gt')).toBe('https://senal.example.gt/health');
    expect(signalingHealthUrl('ftp://example.gt')).toBeUndefined();
  });

  it('appends /metadata to a FHIR base with or without a trailing slash', () => {
    expect(metadataUrl('http://127.0.0.1:8080/fhir')).toBe('http://127.0.0.1:8080/fhir/metadata');
    expect(metadataUrl('http://127.0.0.1:8080/fhir/')).toBe('http://127.0.0.1:8080/fhir/metadata');
    expect(metadataUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/metadata');
  });
});
