// The signaling protocol between a call client and the relay (src-server/signal), version 1.
// One JSON object per WebSocket text message. The same validating parser runs on both sides, so
// whatever the relay forwards has already passed the checks the receiving client applies.
// Parsing never throws: hostile input (wrong types, huge strings, prototype-pollution keys,
// deep nesting) yields a typed failure with an English error code the UI translates.

export const SIGNALING_PROTOCOL_VERSION = 1;

/** The two parties of a call room (a room is keyed by the coordination Task id). */
export type CallRole = 'nurse' | 'specialist';
export const CALL_ROLES: readonly CallRole[] = ['nurse', 'specialist'];

/** Error codes the relay sends; English identifiers, translated by the UI. */
export type SignalErrorCode =
  | 'malformed'
  | 'unknown-type'
  | 'unsupported-version'
  | 'too-large'
  | 'rate-limited'
  | 'not-joined'
  | 'already-joined'
  | 'unauthorized'
  | 'token-expired'
  | 'room-full'
  | 'role-taken'
  | 'no-peer'
  | 'internal';

export const SIGNAL_ERROR_CODES: readonly SignalErrorCode[] = [
  'malformed', 'unknown-type', 'unsupported-version', 'too-large', 'rate-limited', 'not-joined',
  'already-joined', 'unauthorized', 'token-expired', 'room-full', 'role-taken', 'no-peer', 'internal',
];

/** An ICE server as handed to RTCPeerConnection (structural copy of the DOM type). */
export interface IceServer {
  readonly urls: string | readonly string[];
  readonly username?: string;
  readonly credential?: string;
}

/** What simple-peer emits on 'signal' and accepts in signal(): SDP, candidates, renegotiation. */
export type PeerSignal =
  | { readonly type: 'offer' | 'answer' | 'pranswer' | 'rollback'; readonly sdp: string }
  | { readonly type: 'candidate'; readonly candidate: IceCandidateInit }
  | { readonly type: 'renegotiate'; readonly renegotiate: true }
  | { readonly type: 'transceiverRequest'; readonly transceiverRequest: { readonly kind: 'audio' | 'video' } };

export interface IceCandidateInit {
  readonly candidate: string;
  readonly sdpMLineIndex?: number | null;
  readonly sdpMid?: string | null;
  readonly usernameFragment?: string | null;
}

// ---- client -> relay ----
export interface JoinMessage { readonly v: 1; readonly type: 'join'; readonly token: string }
/** A peer signal for the other member; `generation` counts peer rebuilds so stale signals are ignored. */
export interface SignalMessage { readonly v: 1; readonly type: 'signal'; readonly generation: number; readonly data: PeerSignal }
/** Asks the other member to rebuild its peer at this generation (recovery). */
export interface RestartMessage { readonly v: 1; readonly type: 'restart'; readonly generation: number; readonly audioOnly: boolean }
/** Application-level ping between members (liveness, round-trip measurement); the relay forwards it. */
export interface PingMessage { readonly v: 1; readonly type: 'ping' | 'pong'; readonly nonce: number }
export interface ByeMessage { readonly v: 1; readonly type: 'bye' }

export type ClientMessage = JoinMessage | SignalMessage | RestartMessage | PingMessage | ByeMessage;
/** Messages the relay forwards verbatim (with `from` added) to the other member. */
export type ForwardedMessage = SignalMessage | RestartMessage | PingMessage | ByeMessage;

// ---- relay -> client ----
export interface JoinedMessage {
  readonly v: 1;
  readonly type: 'joined';
  readonly role: CallRole;
  /** Whether the other member is already in the room. */
  readonly peerPresent: boolean;
  readonly iceServers: readonly IceServer[];
  /** Unix seconds when the TURN credentials stop working. */
  readonly iceExpiresAt: number;
}
export interface PeerPresenceMessage { readonly v: 1; readonly type: 'peer-joined' | 'peer-left'; readonly role: CallRole }
export interface ErrorMessage { readonly v: 1; readonly type: 'error'; readonly code: SignalErrorCode; readonly message: string }
export type FromPeer<M extends ForwardedMessage> = M & { readonly from: CallRole };

export type RelayMessage = JoinedMessage | PeerPresenceMessage | ErrorMessage | FromPeer<ForwardedMessage>;

export type ParseResult<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly code: SignalErrorCode; readonly reason: string };

/** Limits on fields (bytes of UTF-16 code units, good enough as a cap). */
export const PROTOCOL_LIMITS = {
  token: 2_048,
  sdp: 32_768,
  candidate: 1_024,
  sdpMid: 64,
  message: 256,
  iceServers: 8,
  url: 512,
  maxGeneration: 1_000_000,
} as const;

type Json = Record<string, unknown>;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function fail<T>(code: SignalErrorCode, reason: string): ParseResult<T> {
  return { ok: false, code, reason };
}

/** JSON.parse with a reviver that rejects prototype-pollution keys anywhere in the tree. */
function safeJsonParse(text: string): { ok: true; value: unknown } | { ok: false } {
  let polluted = false as boolean; // set inside the reviver
  try {
    const value: unknown = JSON.parse(text, function reviver(this: unknown, key: string, v: unknown) {
      if (FORBIDDEN_KEYS.has(key)) polluted = true;
      return v;
    });
    return polluted ? { ok: false } : { ok: true, value };
  } catch {
    return { ok: false };
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isRole = (v: unknown): v is CallRole => v === 'nurse' || v === 'specialist';
const isGeneration = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= PROTOCOL_LIMITS.maxGeneration;

function parsePeerSignal(v: unknown): PeerSignal | undefined {
  if (!isObject(v)) return undefined;
  switch (v.type) {
    case 'offer':
    case 'answer':
    case 'pranswer':
    case 'rollback':
      return isString(v.sdp, PROTOCOL_LIMITS.sdp) ? { type: v.type, sdp: v.sdp } : undefined;
    case 'candidate': {
      const c = v.candidate;
      if (!isObject(c) || !isString(c.candidate, PROTOCOL_LIMITS.candidate)) return undefined;
      const idx = c.sdpMLineIndex;
      if (idx !== undefined && idx !== null && !(typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 && idx < 64)) return undefined;
      const mid = c.sdpMid;
      if (mid !== undefined && mid !== null && !isString(mid, PROTOCOL_LIMITS.sdpMid)) return undefined;
      const frag = c.usernameFragment;
      if (frag !== undefined && frag !== null && !isString(frag, PROTOCOL_LIMITS.sdpMid)) return undefined;
      const candidate: IceCandidateInit = {
        candidate: c.candidate,
        ...(idx === undefined ? {} : { sdpMLineIndex: idx }),
        ...(mid === undefined ? {} : { sdpMid: mid }),
        ...(frag === undefined ? {} : { usernameFragment: frag }),
      };
      return { type: 'candidate', candidate };
    }
    case 'renegotiate':
      return v.renegotiate === true ? { type: 'renegotiate', renegotiate: true } : undefined;
    case 'transceiverRequest': {
      const r = v.transceiverRequest;
      if (!isObject(r) || (r.kind !== 'audio' && r.kind !== 'video')) return undefined;
      return { type: 'transceiverRequest', transceiverRequest: { kind: r.kind } };
    }
    default:
      return undefined;
  }
}

function parseEnvelope(text: unknown, maxChars: number): ParseResult<Json> {
  if (typeof text !== 'string') return fail('malformed', 'not a text message');
  if (text.length > maxChars) return fail('too-large', 'message too large');
  const parsed = safeJsonParse(text);
  if (!parsed.ok || !isObject(parsed.value)) return fail('malformed', 'not a JSON object');
  const obj = parsed.value;
  if (obj.v !== SIGNALING_PROTOCOL_VERSION) return fail('unsupported-version', 'unsupported protocol version');
  if (typeof obj.type !== 'string') return fail('malformed', 'missing type');
  return { ok: true, message: obj };
}

function parseForwardable(obj: Json): ParseResult<ForwardedMessage> | undefined {
  switch (obj.type) {
    case 'signal': {
      if (!isGeneration(obj.generation)) return fail('malformed', 'bad generation');
      const data = parsePeerSignal(obj.data);
      return data === undefined ? fail('malformed', 'bad signal data') : { ok: true, message: { v: 1, type: 'signal', generation: obj.generation, data } };
    }
    case 'restart':
      if (!isGeneration(obj.generation) || typeof obj.audioOnly !== 'boolean') return fail('malformed', 'bad restart');
      return { ok: true, message: { v: 1, type: 'restart', generation: obj.generation, audioOnly: obj.audioOnly } };
    case 'ping':
    case 'pong':
      if (typeof obj.nonce !== 'number' || !Number.isSafeInteger(obj.nonce)) return fail('malformed', 'bad nonce');
      return { ok: true, message: { v: 1, type: obj.type, nonce: obj.nonce } };
    case 'bye':
      return { ok: true, message: { v: 1, type: 'bye' } };
    default:
      return undefined;
  }
}

/** Parses what a client sent (used by the relay). Unknown fields are dropped, not forwarded. */
export function parseClientMessage(text: unknown, maxChars = 65_536): ParseResult<ClientMessage> {
  const env = parseEnvelope(text, maxChars);
  if (!env.ok) return env;
  const obj = env.message;
  if (obj.type === 'join') {
    return isString(obj.token, PROTOCOL_LIMITS.token) && obj.token.length > 0
      ? { ok: true, message: { v: 1, type: 'join', token: obj.token } }
      : fail('malformed', 'bad token field');
  }
  return parseForwardable(obj) ?? fail('unknown-type', 'unknown message type');
}

function parseIceServers(v: unknown): IceServer[] | undefined {
  if (!Array.isArray(v) || v.length > PROTOCOL_LIMITS.iceServers) return undefined;
  const out: IceServer[] = [];
  for (const s of v) {
    if (!isObject(s)) return undefined;
    const urls = s.urls;
    const urlList = typeof urls === 'string' ? [urls] : urls;
    if (!Array.isArray(urlList) || urlList.length === 0 || urlList.length > PROTOCOL_LIMITS.iceServers) return undefined;
    if (!urlList.every((u) => isString(u, PROTOCOL_LIMITS.url) && /^(stun|turn|turns):/.test(u))) return undefined;
    if (s.username !== undefined && !isString(s.username, PROTOCOL_LIMITS.url)) return undefined;
    if (s.credential !== undefined && !isString(s.credential, PROTOCOL_LIMITS.url)) return undefined;
    out.push({
      urls: (urlList as string[]).slice(),
      ...(s.username === undefined ? {} : { username: s.username }),
      ...(s.credential === undefined ? {} : { credential: s.credential }),
    });
  }
  return out;
}

/** Parses what the relay sent (used by the client). */
export function parseRelayMessage(text: unknown, maxChars = 65_536): ParseResult<RelayMessage> {
  const env = parseEnvelope(text, maxChars);
  if (!env.ok) return env;
  const obj = env.message;
  switch (obj.type) {
    case 'joined': {
      const iceServers = parseIceServers(obj.iceServers);
      if (!isRole(obj.role) || typeof obj.peerPresent !== 'boolean' || iceServers === undefined || typeof obj.iceExpiresAt !== 'number') {
        return fail('malformed', 'bad joined');
      }
      return { ok: true, message: { v: 1, type: 'joined', role: obj.role, peerPresent: obj.peerPresent, iceServers, iceExpiresAt: obj.iceExpiresAt } };
    }
    case 'peer-joined':
    case 'peer-left':
      return isRole(obj.role) ? { ok: true, message: { v: 1, type: obj.type, role: obj.role } } : fail('malformed', 'bad role');
    case 'error': {
      const code = SIGNAL_ERROR_CODES.find((c) => c === obj.code);
      if (code === undefined || !isString(obj.message, PROTOCOL_LIMITS.message)) return fail('malformed', 'bad error');
      return { ok: true, message: { v: 1, type: 'error', code, message: obj.message } };
    }
    default: {
      if (!isRole(obj.from)) return isForwardType(obj.type) ? fail('malformed', 'missing from') : fail('unknown-type', 'unknown message type');
      const inner = parseForwardable(obj);
      if (inner === undefined) return fail('unknown-type', 'unknown message type');
      if (!inner.ok) return inner;
      return { ok: true, message: { ...inner.message, from: obj.from } };
    }
  }
}

const isForwardType = (t: unknown): boolean => t === 'signal' || t === 'restart' || t === 'ping' || t === 'pong' || t === 'bye';

export const encodeMessage = (m: ClientMessage | RelayMessage): string => JSON.stringify(m);

export const errorMessage = (code: SignalErrorCode, message: string): ErrorMessage => ({ v: 1, type: 'error', code, message });
