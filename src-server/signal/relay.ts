// The signaling relay for live calls (DESIGN §6): a `ws` WebSocket server and a tiny HTTP server on
// one port. Rooms are keyed by the Task id and hold at most the two parties (nurse, specialist);
// joins carry a signed short-lived token; a message only ever reaches the other member of the
// sender's room. Size and rate are capped per connection; bad input is dropped and the sender told
// with an `error` message; idle rooms are reaped; dead peers are found by ping/pong.
// Logs carry hashed room ids and error codes only: never tokens, never message payloads.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RawData } from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../src-core/platform/logger';
import { createLoggerFactory, jsonLineSink } from '../../src-core/platform/logger';
import type { CallRole, ClientMessage, ForwardedMessage, RelayMessage, SignalErrorCode } from '../../src-core/teleconsult/signaling-protocol';
import { encodeMessage, errorMessage, parseClientMessage } from '../../src-core/teleconsult/signaling-protocol';
import { verifyJoinToken } from './join-token';
import { TokenBucket } from './token-bucket';
import type { TurnConfig } from './turn-credentials';
import { iceServersFor } from './turn-credentials';

export const DEFAULT_SIGNAL_PORT = 8091;
export const DEFAULT_SIGNAL_HOST = '127.0.0.1';

export interface SignalRelayLimits {
  /** Largest accepted text message; larger ones are dropped with `too-large`. Default 64 KiB. */
  readonly maxMessageBytes: number;
  /** Token bucket per connection: sustained messages per second and burst. Trickle ICE bursts. */
  readonly ratePerSecond: number;
  readonly rateBurst: number;
  /** A room with no message for this long is closed. Default 10 min. */
  readonly idleRoomMs: number;
  /** A connection that has not joined within this time is closed. Default 10 s. */
  readonly joinTimeoutMs: number;
  /** WebSocket ping interval; a connection that missed one pong is terminated. Default 15 s. */
  readonly pingIntervalMs: number;
  /** How often idle rooms and unjoined connections are swept. Default 1 s. */
  readonly sweepIntervalMs: number;
}

export const DEFAULT_LIMITS: SignalRelayLimits = {
  maxMessageBytes: 64 * 1024,
  ratePerSecond: 50,
  rateBurst: 200,
  idleRoomMs: 10 * 60_000,
  joinTimeoutMs: 10_000,
  pingIntervalMs: 15_000,
  sweepIntervalMs: 1_000,
};

export interface SignalRelayOptions {
  /** Default 8091; 0 picks a free port. */
  readonly port?: number;
  /** Default '127.0.0.1'. */
  readonly host?: string;
  /** HMAC secret of join tokens (see join-token.ts). */
  readonly tokenSecret: string;
  readonly turn?: TurnConfig;
  readonly stun?: readonly string[];
  readonly logger?: Logger;
  readonly limits?: Partial<SignalRelayLimits>;
}

export interface SignalRelay {
  /** ws://host:port */
  readonly url: string;
  /** http://host:port (GET /health) */
  readonly httpUrl: string;
  close(): Promise<void>;
}

/** WebSocket close codes the relay uses (4000–4999 is the application range). */
export const RELAY_CLOSE = {
  unauthorized: 4001,
  replaced: 4002,
  idle: 4003,
  roomFull: 4004,
  joinTimeout: 4005,
  shutdown: 1001,
} as const;

interface Member {
  readonly conn: Connection;
  readonly user: string;
  readonly role: CallRole;
}

interface Room {
  readonly id: string;
  readonly tag: string;
  readonly members: Map<CallRole, Member>;
  lastActivity: number;
}

interface Connection {
  readonly ws: WebSocket;
  readonly openedAt: number;
  readonly bucket: TokenBucket;
  alive: boolean;
  room: Room | undefined;
  role: CallRole | undefined;
  lastRateErrorAt: number;
}

const otherRole = (r: CallRole): CallRole => (r === 'nurse' ? 'specialist' : 'nurse');
/** Room ids are Task ids, which may be guessable; logs carry a short hash instead. */
const roomTag = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 12);

function defaultLogger(): Logger {
  return createLoggerFactory({ sink: jsonLineSink((line) => process.stderr.write(`${line}\n`)), minLevel: 'warn' })('signal');
}

export async function startSignalRelay(options: SignalRelayOptions): Promise<SignalRelay> {
  if (options.tokenSecret.length < 16) throw new Error('tokenSecret must be at least 16 characters');
  const limits: SignalRelayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const log = options.logger ?? defaultLogger();
  const rooms = new Map<string, Room>();
  const connections = new Set<Connection>();

  const send = (conn: Connection, message: RelayMessage): void => {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(encodeMessage(message));
  };
  const reject = (conn: Connection, code: SignalErrorCode, text: string): void => {
    send(conn, errorMessage(code, text));
  };

  const handleHttp = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS' };
    if (path === '/health' && req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
    } else if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ status: 'ok', rooms: rooms.size }));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'not-found' }));
    }
  };

  const http = createServer(handleHttp);
  // ws closes a connection (1009) beyond maxPayload; below that the relay drops and tells.
  const wss = new WebSocketServer({ server: http, maxPayload: Math.max(limits.maxMessageBytes * 4, 1024 * 1024) });

  const leave = (conn: Connection): void => {
    const room = conn.room;
    const role = conn.role;
    conn.room = undefined;
    conn.role = undefined;
    if (room === undefined || role === undefined) return;
    if (room.members.get(role)?.conn !== conn) return;
    room.members.delete(role);
    log.info('left', { room: room.tag, role });
    const other = room.members.get(otherRole(role));
    if (other !== undefined) send(other.conn, { v: 1, type: 'peer-left', role });
    if (room.members.size === 0) rooms.delete(room.id);
  };

  const join = (conn: Connection, token: string): void => {
    if (conn.room !== undefined) {
      reject(conn, 'already-joined', 'already joined');
      return;
    }
    const check = verifyJoinToken(options.tokenSecret, token);
    if (!check.ok) {
      log.warn('join refused', { code: check.code });
      reject(conn, check.code, check.code === 'token-expired' ? 'join token expired' : 'join token invalid');
      conn.ws.close(RELAY_CLOSE.unauthorized, check.code);
      return;
    }
    const { room: roomId, user, role } = check.claims;
    let room = rooms.get(roomId);
    if (room === undefined) {
      room = { id: roomId, tag: roomTag(roomId), members: new Map(), lastActivity: Date.now() };
      rooms.set(roomId, room);
    }
    const existing = room.members.get(role);
    if (existing !== undefined) {
      if (existing.user !== user) {
        log.warn('join refused', { code: 'role-taken', room: room.tag, role });
        reject(conn, 'role-taken', 'role already taken in this room');
        conn.ws.close(RELAY_CLOSE.roomFull, 'role-taken');
        return;
      }
      // The same user again (a reconnect after a dropped socket): the newer connection wins.
      existing.conn.room = undefined;
      existing.conn.role = undefined;
      room.members.delete(role);
      existing.conn.ws.close(RELAY_CLOSE.replaced, 'replaced');
    }
    if (room.members.size >= 2) {
      log.warn('join refused', { code: 'room-full', room: room.tag });
      reject(conn, 'room-full', 'room is full');
      conn.ws.close(RELAY_CLOSE.roomFull, 'room-full');
      return;
    }
    room.members.set(role, { conn, user, role });
    room.lastActivity = Date.now();
    conn.room = room;
    conn.role = role;
    const other = room.members.get(otherRole(role));
    const ice = iceServersFor(user, { ...(options.turn === undefined ? {} : { turn: options.turn }), ...(options.stun === undefined ? {} : { stun: options.stun }) });
    send(conn, { v: 1, type: 'joined', role, peerPresent: other !== undefined, iceServers: ice.iceServers, iceExpiresAt: ice.expiresAt });
    if (other !== undefined) send(other.conn, { v: 1, type: 'peer-joined', role });
    log.info('joined', { room: room.tag, role, replaced: existing !== undefined });
  };

  const forward = (conn: Connection, message: ForwardedMessage): void => {
    const room = conn.room;
    const role = conn.role;
    if (room === undefined || role === undefined) {
      reject(conn, 'not-joined', 'join a room first');
      return;
    }
    room.lastActivity = Date.now();
    const other = room.members.get(otherRole(role));
    if (other === undefined) {
      if (message.type !== 'bye') reject(conn, 'no-peer', 'the other party is not connected');
      return;
    }
    send(other.conn, { ...message, from: role });
  };

  const onMessage = (conn: Connection, data: RawData, isBinary: boolean): void => {
    if (!conn.bucket.take()) {
      const now = Date.now();
      if (now - conn.lastRateErrorAt >= 1000) {
        conn.lastRateErrorAt = now;
        reject(conn, 'rate-limited', 'too many messages');
      }
      return;
    }
    const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (bytes > limits.maxMessageBytes) {
      log.warn('message dropped', { code: 'too-large', bytes });
      reject(conn, 'too-large', 'message too large');
      return;
    }
    if (isBinary) {
      reject(conn, 'malformed', 'binary messages are not accepted');
      return;
    }
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const parsed = parseClientMessage(text, limits.maxMessageBytes);
    if (!parsed.ok) {
      log.warn('message dropped', { code: parsed.code });
      reject(conn, parsed.code, parsed.reason);
      return;
    }
    const message: ClientMessage = parsed.message;
    if (message.type === 'join') join(conn, message.token);
    else forward(conn, message);
  };

  wss.on('connection', (ws) => {
    const conn: Connection = {
      ws,
      openedAt: Date.now(),
      bucket: new TokenBucket(limits.rateBurst, limits.ratePerSecond),
      alive: true,
      room: undefined,
      role: undefined,
      lastRateErrorAt: 0,
    };
    connections.add(conn);
    ws.on('pong', () => { conn.alive = true; });
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(conn, data, isBinary);
      } catch (err) {
        log.error('message handling failed', { err: err instanceof Error ? err.name : 'error' });
        reject(conn, 'internal', 'internal error');
      }
    });
    ws.on('close', () => {
      connections.delete(conn);
      leave(conn);
    });
    ws.on('error', () => {
      // 'close' follows; ws reports e.g. payloads beyond maxPayload here.
    });
  });

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const room of [...rooms.values()]) {
      if (now - room.lastActivity < limits.idleRoomMs) continue;
      log.info('room reaped', { room: room.tag });
      rooms.delete(room.id);
      for (const m of room.members.values()) {
        m.conn.room = undefined;
        m.conn.role = undefined;
        m.conn.ws.close(RELAY_CLOSE.idle, 'idle');
      }
    }
    for (const conn of connections) {
      if (conn.room === undefined && now - conn.openedAt > limits.joinTimeoutMs && conn.ws.readyState === WebSocket.OPEN) {
        conn.ws.close(RELAY_CLOSE.joinTimeout, 'join-timeout');
      }
    }
  }, limits.sweepIntervalMs);
  sweep.unref();

  const keepalive = setInterval(() => {
    for (const conn of connections) {
      if (!conn.alive) {
        log.info('peer unresponsive', { room: conn.room?.tag ?? null });
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }, limits.pingIntervalMs);
  keepalive.unref();

  const host = options.host ?? DEFAULT_SIGNAL_HOST;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? DEFAULT_SIGNAL_PORT, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  log.info('listening', { port });

  return {
    url: `ws://${hostPart}:${port}`,
    httpUrl: `http://${hostPart}:${port}`,
    close: async () => {
      clearInterval(sweep);
      clearInterval(keepalive);
      for (const conn of connections) conn.ws.close(RELAY_CLOSE.shutdown, 'shutdown');
      await new Promise<void>((resolve) => { wss.close(() => { resolve(); }); });
      for (const conn of connections) conn.ws.terminate();
      http.closeAllConnections();
      await new Promise<void>((resolve) => { http.close(() => { resolve(); }); });
    },
  };
}
