// A TCP proxy on loopback in front of an HTTP server, scriptable per request (issue 5, item 9).
// It frames HTTP/1.1 messages (fault-proxy-framer.ts) so it can count requests on keep-alive
// connections and act on each one: pass, delay, stall, reset at a chosen point, or answer by itself
// with 500/503/429 (+ Retry-After) or any broken reply. Link shaping (latency per direction, a
// token-bucket byte rate per direction shared by all connections, like one physical link) applies
// to every byte that passes.
import type { AddressInfo, Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { MessageHead, Segment } from './fault-proxy-framer';
import { HttpFramer } from './fault-proxy-framer';
import { TokenBucket } from './fault-proxy-token-bucket';

export type FaultAction =
  | { readonly kind: 'pass' }
  /** Hold the request this long before it goes to the server. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** Keep the connection open and send nothing either way (the client must time out). */
  | { readonly kind: 'stall' }
  /** Cut the connection (TCP RST) as soon as the request head arrives; the server sees nothing. */
  | { readonly kind: 'reset-before' }
  /** Forward the head and at most this many body bytes (never the whole body), then cut. */
  | { readonly kind: 'reset-mid-request'; readonly afterBodyBytes: number }
  /** Forward the request, let the server answer completely, then cut before the client gets a byte. */
  | { readonly kind: 'reset-after-commit' }
  /** Forward the response head and at most this many body bytes (never the whole body), then cut. */
  | { readonly kind: 'reset-mid-response'; readonly afterBodyBytes: number }
  /** Answer without contacting the server (the request body is read and dropped). */
  | RespondAction
  /**
   * Read the whole request first (a gzip body is inflated for `answer`), then answer by itself
   * when `answer` returns a response for that body, or else pass the request on unchanged. For
   * refusals that depend on what is sent, e.g. a server rule the reference server does not have.
   */
  | { readonly kind: 'inspect'; readonly answer: (body: string) => RespondAction | undefined };

export interface RespondAction {
  readonly kind: 'respond';
  readonly status: number;
  readonly retryAfter?: string;
  /** Default: an OperationOutcome saying the proxy answered. */
  readonly body?: string;
  readonly contentType?: string;
}

export interface ProxiedRequest {
  /** 0-based, across all connections, in the order request heads arrived. */
  readonly index: number;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type FaultPlan = (request: ProxiedRequest) => FaultAction;

export interface LinkShape {
  readonly latencyMs?: { readonly toServer?: number; readonly toClient?: number };
  readonly bytesPerSecond?: { readonly toServer?: number; readonly toClient?: number };
}

export interface FaultProxyCounters {
  connections: number;
  requests: number;
  bytesFromClient: number;
  bytesToServer: number;
  bytesFromServer: number;
  bytesToClient: number;
}

export interface FaultProxy {
  /** The target's base URL with the proxy's host and port, e.g. http://127.0.0.1:41234/fhir/R4 */
  readonly baseUrl: string;
  readonly port: number;
  readonly counters: Readonly<FaultProxyCounters>;
  /** Every request seen, with the action taken. */
  readonly log: readonly (ProxiedRequest & { readonly action: FaultAction['kind'] })[];
  plan(plan: FaultPlan): void;
  /** Actions for requests index, index+1, … counted from now; 'pass' after the list. */
  planSequence(actions: readonly FaultAction[]): void;
  setLink(shape: LinkShape): void;
  close(): Promise<void>;
}

type Direction = 'toServer' | 'toClient';
const PASS: FaultAction = { kind: 'pass' };
/** Throttled bytes go out in slices of at most this size, so pacing is smooth. */
const MAX_SLICE = 4096;

export interface FaultProxyOptions {
  readonly target: string;
  readonly link?: LinkShape;
  /**
   * Turn Nagle's algorithm off on both sides (TCP_NODELAY). The proxy forwards a message as the
   * segments it arrives in (head, then body), and with Nagle on a later small write waits for the
   * ACK of the earlier one, which the peer delays (~40 ms on Linux): every exchange through the
   * proxy then costs ~40 ms more than it would on the real link. Off by default to keep the
   * behaviour existing tests and benchmarks were written against.
   */
  readonly noDelay?: boolean;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const counters: FaultProxyCounters = { connections: 0, requests: 0, bytesFromClient: 0, bytesToServer: 0, bytesFromServer: 0, bytesToClient: 0 };
  const log: (ProxiedRequest & { action: FaultAction['kind'] })[] = [];
  let planner: FaultPlan = () => PASS;
  const link = new Link(options.link ?? {});
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    counters.connections += 1;
    const upstream = connect(Number(target.port), target.hostname);
    if (options.noDelay === true) {
      client.setNoDelay(true);
      upstream.setNoDelay(true);
    }
    sockets.add(client);
    sockets.add(upstream);
    new ProxiedConnection(client, upstream, link, counters, (head) => {
      const request: ProxiedRequest = { index: counters.requests, method: head.startLine[0] ?? '', path: head.startLine[1] ?? '', headers: head.headers };
      counters.requests += 1;
      const action = planner(request);
      log.push({ ...request, action: action.kind });
      return action;
    });
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { resolve(); });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname.replace(/\/+$/, '')}`,
    port,
    counters,
    log,
    plan: (plan) => { planner = plan; },
    planSequence: (actions) => {
      const start = counters.requests;
      planner = (req) => actions[req.index - start] ?? PASS;
    },
    setLink: (shape) => { link.set(shape); },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => { resolve(); });
      }),
  };
}

/** Shared link state: latency per direction and one token bucket per direction for all connections. */
class Link {
  latency: Record<Direction, number> = { toServer: 0, toClient: 0 };
  buckets: Partial<Record<Direction, TokenBucket>> = {};

  constructor(shape: LinkShape) {
    this.set(shape);
  }

  set(shape: LinkShape): void {
    this.latency = { toServer: shape.latencyMs?.toServer ?? 0, toClient: shape.latencyMs?.toClient ?? 0 };
    this.buckets = {};
    for (const direction of ['toServer', 'toClient'] as const) {
      const rate = shape.bytesPerSecond?.[direction];
      // Burst of 1/20 s of traffic (at least one slice): enough to keep a TCP stream moving.
      if (rate !== undefined) this.buckets[direction] = new TokenBucket(rate, Math.max(MAX_SLICE, rate / 20), () => performance.now());
    }
  }
}

type PipeOp = { kind: 'data'; bytes: Buffer; at: number } | { kind: 'sleep'; ms: number } | { kind: 'call'; fn: () => void };

/** One direction of one connection: ordered writes with latency, throttling, pauses and callbacks. */
class Pipe {
  private readonly ops: PipeOp[] = [];
  private running = false;

  constructor(
    private readonly socket: Socket,
    private readonly direction: Direction,
    private readonly link: Link,
    private readonly count: (bytes: number) => void,
  ) {}

  write(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const shaped = this.link.latency[this.direction] > 0 || this.link.buckets[this.direction] !== undefined;
    if (!shaped && !this.running && this.ops.length === 0) {
      this.send(bytes);
      return;
    }
    this.enqueue({ kind: 'data', bytes, at: performance.now() });
  }

  sleep(ms: number): void {
    this.enqueue({ kind: 'sleep', ms });
  }

  /** Runs `fn` after everything queued so far went out. */
  then(fn: () => void): void {
    if (!this.running && this.ops.length === 0) fn();
    else this.enqueue({ kind: 'call', fn });
  }

  private enqueue(op: PipeOp): void {
    this.ops.push(op);
    if (!this.running) void this.pump();
  }

  private async pump(): Promise<void> {
    this.running = true;
    for (let op = this.ops.shift(); op !== undefined; op = this.ops.shift()) {
      if (op.kind === 'sleep') await wait(op.ms);
      else if (op.kind === 'call') op.fn();
      else await this.deliver(op.bytes, op.at);
    }
    this.running = false;
  }

  private async deliver(bytes: Buffer, arrivedAt: number): Promise<void> {
    const due = arrivedAt + this.link.latency[this.direction];
    const now = performance.now();
    if (due > now) await wait(due - now);
    const bucket = this.link.buckets[this.direction];
    if (bucket === undefined) {
      this.send(bytes);
      return;
    }
    for (let offset = 0; offset < bytes.length; offset += MAX_SLICE) {
      const slice = bytes.subarray(offset, offset + MAX_SLICE);
      const ms = bucket.reserve(slice.length);
      if (ms > 0) await wait(ms);
      this.send(slice);
    }
  }

  private send(bytes: Buffer): void {
    if (this.socket.destroyed) return;
    this.count(bytes.length);
    this.socket.write(bytes);
  }
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface InFlight {
  readonly action: FaultAction;
  readonly method: string;
}

/** One client connection and its upstream connection. */
class ProxiedConnection {
  private readonly up: Pipe;
  private readonly down: Pipe;
  private readonly requests = new HttpFramer(() => 'framed');
  private readonly responses: HttpFramer;
  /** Forwarded requests waiting for their response, oldest first. */
  private readonly awaiting: InFlight[] = [];
  private request: { action: FaultAction; held: Buffer[]; head?: MessageHead } | undefined;
  private response: { action: FaultAction; held: Buffer[] } | undefined;
  private dead = false;

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    link: Link,
    counters: FaultProxyCounters,
    private readonly decide: (head: MessageHead) => FaultAction,
  ) {
    this.up = new Pipe(upstream, 'toServer', link, (n) => { counters.bytesToServer += n; });
    this.down = new Pipe(client, 'toClient', link, (n) => { counters.bytesToClient += n; });
    this.responses = new HttpFramer((head) => {
      const status = Number(head.startLine[1]);
      if (this.awaiting[0]?.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) return 'none';
      return 'until-close';
    });
    client.on('data', (chunk: Buffer) => {
      counters.bytesFromClient += chunk.length;
      this.handle(() => { for (const s of this.requests.push(chunk)) this.onRequest(s); });
    });
    upstream.on('data', (chunk: Buffer) => {
      counters.bytesFromServer += chunk.length;
      this.handle(() => { for (const s of this.responses.push(chunk)) this.onResponse(s); });
    });
    client.on('error', () => { this.kill(); });
    upstream.on('error', () => { this.kill(); });
    client.on('close', () => { upstream.destroy(); });
    upstream.on('close', () => { this.down.then(() => { client.end(); }); });
  }

  private handle(work: () => void): void {
    if (this.dead) return;
    try {
      work();
    } catch {
      this.kill();
    }
  }

  private onRequest(segment: Segment): void {
    if (segment.kind === 'head') {
      const action = this.decide(segment.head);
      this.request = action.kind === 'inspect' ? { action, held: [segment.bytes], head: segment.head } : { action, held: [] };
      this.startRequest(action, segment.head, segment.bytes);
      return;
    }
    const current = this.request;
    if (current === undefined || this.dead) return;
    const { action } = current;
    switch (action.kind) {
      case 'pass':
      case 'delay':
      case 'reset-after-commit':
      case 'reset-mid-response':
        if (segment.kind === 'body') this.up.write(segment.bytes);
        return;
      case 'stall':
      case 'reset-before':
        return;
      case 'respond':
        if (segment.kind === 'end') this.down.write(directAnswer(action));
        return;
      case 'reset-mid-request':
        this.holdThenCut(current.held, segment, action.afterBodyBytes, this.up);
        return;
      case 'inspect':
        if (segment.kind === 'body') current.held.push(segment.bytes);
        else this.finishInspect(action, current.held, current.head);
        return;
    }
  }

  /** The whole request has arrived: answer it here, or send it on as it came. */
  private finishInspect(action: Extract<FaultAction, { kind: 'inspect' }>, held: Buffer[], head: MessageHead | undefined): void {
    // held[0] is the head, the rest the body as it came.
    const answer = action.answer(requestText(Buffer.concat(held.slice(1)), head?.headers ?? {}));
    if (answer !== undefined) {
      this.down.write(directAnswer(answer));
      return;
    }
    this.up.write(Buffer.concat(held));
    this.awaiting.push({ action: PASS, method: head?.startLine[0] ?? '' });
  }

  private startRequest(action: FaultAction, head: MessageHead, bytes: Buffer): void {
    const method = head.startLine[0] ?? '';
    switch (action.kind) {
      case 'pass':
      case 'reset-after-commit':
      case 'reset-mid-response':
        this.up.write(bytes);
        this.awaiting.push({ action, method });
        return;
      case 'delay':
        this.up.sleep(action.ms);
        this.up.write(bytes);
        this.awaiting.push({ action, method });
        return;
      case 'reset-mid-request':
        this.up.write(bytes);
        return;
      case 'reset-before':
        this.kill();
        return;
      case 'stall':
      case 'respond':
      case 'inspect':
        return;
    }
  }

  private onResponse(segment: Segment): void {
    if (segment.kind === 'head') {
      const status = Number(segment.head.startLine[1]);
      if (status >= 100 && status < 200) {
        this.down.write(segment.bytes);
        return;
      }
      const inFlight = this.awaiting.shift();
      const action = inFlight?.action ?? PASS;
      this.response = { action, held: [] };
      if (action.kind !== 'reset-after-commit') this.down.write(segment.bytes);
      return;
    }
    const current = this.response;
    if (current === undefined) return;
    const { action } = current;
    if (action.kind === 'reset-after-commit') {
      if (segment.kind === 'end') this.down.then(() => { this.kill(); });
    } else if (action.kind === 'reset-mid-response') {
      this.holdThenCut(current.held, segment, action.afterBodyBytes, this.down);
    } else if (segment.kind === 'body') {
      this.down.write(segment.bytes);
    }
  }

  /**
   * Holds body bytes until more than `limit` arrived (or the message ended), then forwards at most
   * `limit` of them — never the whole body — and cuts the connection once they are out.
   */
  private holdThenCut(held: Buffer[], segment: Segment, limit: number, pipe: Pipe): void {
    if (segment.kind === 'head') return;
    if (segment.kind === 'body') held.push(segment.bytes);
    const total = Buffer.concat(held);
    const ended = segment.kind === 'end';
    if (!ended && total.length <= limit) return;
    const forward = ended ? Math.min(limit, Math.max(0, total.length - 1)) : limit;
    held.length = 0;
    pipe.write(total.subarray(0, forward));
    pipe.then(() => { this.kill(); });
  }

  /** TCP reset on the client side, close upstream; nothing more is forwarded. */
  private kill(): void {
    if (this.dead) return;
    this.dead = true;
    if (!this.client.destroyed) this.client.resetAndDestroy();
    this.upstream.destroy();
  }
}

const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** A request body as text: chunked framing removed, gzip inflated. */
function requestText(raw: Buffer, headers: Readonly<Record<string, string>>): string {
  const body = /\bchunked\b/i.test(headers['transfer-encoding'] ?? '') ? dechunk(raw) : raw;
  const gzipped = /\bgzip\b/i.test(headers['content-encoding'] ?? '');
  return (gzipped ? gunzipSync(body) : body).toString('utf8');
}

function dechunk(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = raw.indexOf('\r\n', at);
    if (end < 0) break;
    const size = parseInt(raw.subarray(at, end).toString('latin1').split(';')[0]?.trim() ?? '', 16);
    if (Number.isNaN(size) || size === 0) break;
    parts.push(raw.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function directAnswer(action: RespondAction): Buffer {
  const body = Buffer.from(
    action.body ??
      JSON.stringify({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: action.status === 429 ? 'throttled' : 'transient', diagnostics: `fault proxy answered ${action.status}` }],
      }),
    'utf8',
  );
  const lines = [
    `HTTP/1.1 ${action.status} ${REASONS[action.status] ?? 'Status'}`,
    `Content-Type: ${action.contentType ?? 'application/fhir+json'}`,
    `Content-Length: ${body.length}`,
    ...(action.retryAfter === undefined ? [] : [`Retry-After: ${action.retryAfter}`]),
    'Connection: keep-alive',
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}
