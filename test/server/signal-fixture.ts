// Test clients for the signaling relay: a raw WebSocket that records every parsed relay message.
import { WebSocket } from 'ws';
import type { CallRole, RelayMessage } from '../../src-core/teleconsult/signaling-protocol';
import { parseRelayMessage } from '../../src-core/teleconsult/signaling-protocol';
import { issueJoinToken } from '../../src-server/signal/join-token';

export const SECRET = 'test-secret-0123456789abcdef';

export interface TestClient {
  readonly ws: WebSocket;
  readonly messages: RelayMessage[];
  readonly closed: Promise<{ code: number; reason: string }>;
  sendJson(value: unknown): void;
  sendRaw(text: string | Buffer): void;
  next(predicate: (m: RelayMessage) => boolean, timeoutMs?: number): Promise<RelayMessage>;
}

export async function connect(url: string): Promise<TestClient> {
  const ws = new WebSocket(url);
  const messages: RelayMessage[] = [];
  const waiters: { pred: (m: RelayMessage) => boolean; resolve: (m: RelayMessage) => void }[] = [];
  ws.on('message', (data) => {
    const parsed = parseRelayMessage(Buffer.from(data as Buffer).toString('utf8'));
    if (!parsed.ok) throw new Error(`relay sent an invalid message: ${parsed.reason}`);
    messages.push(parsed.message);
    for (const w of [...waiters]) {
      if (w.pred(parsed.message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(parsed.message);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => { resolve({ code, reason: reason.toString() }); });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => { resolve(); });
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    sendJson: (value) => { ws.send(JSON.stringify(value)); },
    sendRaw: (text) => { ws.send(text); },
    next: (pred, timeoutMs = 5_000) => {
      const seen = messages.find(pred);
      if (seen !== undefined) {
        messages.splice(messages.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { reject(new Error('timed out waiting for a relay message')); }, timeoutMs);
        waiters.push({
          pred,
          resolve: (m) => {
            clearTimeout(timer);
            messages.splice(messages.indexOf(m), 1);
            resolve(m);
          },
        });
      });
    },
  };
}

export const token = (room: string, user: string, role: CallRole, ttl = 60, secret = SECRET): string =>
  issueJoinToken(secret, { room, user, role }, ttl);

/** Connects and joins; resolves once the relay confirmed. */
export async function joined(url: string, room: string, user: string, role: CallRole): Promise<TestClient> {
  const c = await connect(url);
  c.sendJson({ v: 1, type: 'join', token: token(room, user, role) });
  await c.next((m) => m.type === 'joined');
  return c;
}

export const isType = <T extends RelayMessage['type']>(type: T) => (m: RelayMessage): m is Extract<RelayMessage, { type: T }> => m.type === type;

export interface LoadResult {
  readonly rooms: number;
  readonly roundTrips: number;
  /** Round-trip times (ms) nurse -> relay -> specialist -> relay -> nurse. */
  readonly rttMs: number[];
  /** Messages that arrived at a client other than the intended one, or with the wrong content. */
  readonly misdelivered: number;
}

/**
 * Opens `rooms` rooms of two clients on one relay, then every nurse pings its specialist `rounds`
 * times (one at a time) and the specialist answers with a pong carrying the same nonce.
 * Nonces encode the room, so any message crossing rooms is counted as misdelivered.
 */
export async function runSignalLoad(url: string, rooms: number, rounds: number): Promise<LoadResult> {
  const pairs: { nurse: TestClient; spec: TestClient; room: number }[] = [];
  const batch = 50;
  for (let start = 0; start < rooms; start += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, rooms - start) }, async (_, k) => {
        const i = start + k;
        const nurse = await joined(url, `load-${i}`, `n${i}`, 'nurse');
        const spec = await joined(url, `load-${i}`, `s${i}`, 'specialist');
        return { nurse, spec, room: i };
      }),
    );
    pairs.push(...made);
  }
  let misdelivered = 0;
  const rttMs: number[] = [];
  for (const { spec, room } of pairs) {
    spec.ws.on('message', (data) => {
      const m = JSON.parse(Buffer.from(data as Buffer).toString('utf8')) as { type: string; nonce?: number };
      if (m.type !== 'ping') return;
      if (Math.floor((m.nonce ?? -1) / 1_000_000) !== room) misdelivered++;
      spec.sendJson({ v: 1, type: 'pong', nonce: m.nonce });
    });
  }
  await Promise.all(
    pairs.map(async ({ nurse, room }) => {
      for (let r = 0; r < rounds; r++) {
        const nonce = room * 1_000_000 + r;
        const t0 = performance.now();
        nurse.sendJson({ v: 1, type: 'ping', nonce });
        const m = await nurse.next((x) => x.type === 'pong', 30_000);
        rttMs.push(performance.now() - t0);
        if (m.type !== 'pong' || m.nonce !== nonce) misdelivered++;
      }
    }),
  );
  await Promise.all(pairs.flatMap(({ nurse, spec }) => [close(nurse), close(spec)]));
  return { rooms, roundTrips: rttMs.length, rttMs, misdelivered };
}

async function close(c: TestClient): Promise<void> {
  c.ws.close();
  await c.closed;
}
