import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLoggerFactory, memorySink } from '../../src-core/platform/logger';
import type { RelayMessage } from '../../src-core/teleconsult/signaling-protocol';
import { issueJoinToken, verifyJoinToken } from '../../src-server/signal/join-token';
import type { SignalRelay, SignalRelayOptions } from '../../src-server/signal/relay';
import { RELAY_CLOSE, startSignalRelay } from '../../src-server/signal/relay';
import { connect, isType, joined, SECRET, token } from './signal-fixture';

let relay: SignalRelay | undefined;
const logs = memorySink();
afterEach(async () => {
  await relay?.close();
  relay = undefined;
  logs.records.length = 0;
});

async function start(extra: Partial<SignalRelayOptions> = {}): Promise<SignalRelay> {
  relay = await startSignalRelay({
    port: 0,
    tokenSecret: SECRET,
    logger: createLoggerFactory({ sink: logs.sink, minLevel: 'debug' })('signal'),
    ...extra,
  });
  return relay;
}

const errorCode = (m: RelayMessage): string | undefined => (m.type === 'error' ? m.code : undefined);
const offer = { v: 1, type: 'signal', generation: 0, data: { type: 'offer', sdp: 'v=0\r\n' } };

describe('join tokens', () => {
  it('round-trips claims and refuses tampering, other secrets and expiry', () => {
    const now = Date.UTC(2025, 0, 1);
    const t = issueJoinToken(SECRET, { room: 'task-1', user: 'u1', role: 'nurse' }, 60, now);
    expect(verifyJoinToken(SECRET, t, now)).toEqual({ ok: true, claims: { room: 'task-1', user: 'u1', role: 'nurse', exp: now / 1000 + 60 } });
    expect(verifyJoinToken(SECRET, t, now + 61_000)).toEqual({ ok: false, code: 'token-expired' });
    expect(verifyJoinToken('another-secret-0123456789', t, now)).toEqual({ ok: false, code: 'unauthorized' });
    const [body, sig] = t.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ room: 'task-2', user: 'u1', role: 'nurse', exp: now / 1000 + 60 })).toString('base64url');
    expect(verifyJoinToken(SECRET, `${forged}.${sig}`, now).ok).toBe(false);
    expect(verifyJoinToken(SECRET, `${body}.${sig.slice(0, -2)}`, now).ok).toBe(false);
    expect(verifyJoinToken(SECRET, 'garbage', now).ok).toBe(false);
    expect(verifyJoinToken(SECRET, `${body}.${sig}.x`, now).ok).toBe(false);
  });
});

describe('signal relay', () => {
  it('serves /health with open CORS and a room count, no patient data', async () => {
    const r = await start();
    const a = await joined(r.url, 'task-h', 'u1', 'nurse');
    const res = await fetch(`${r.httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ status: 'ok', rooms: 1 });
    expect((await fetch(`${r.httpUrl}/other`)).status).toBe(404);
    a.ws.close();
  });

  it('refuses unauthenticated, expired and tampered joins and closes the socket', async () => {
    const r = await start();
    const noToken = await connect(r.url);
    noToken.sendJson(offer);
    expect(errorCode(await noToken.next(isType('error')))).toBe('not-joined');

    const expired = await connect(r.url);
    expired.sendJson({ v: 1, type: 'join', token: issueJoinToken(SECRET, { room: 't', user: 'u', role: 'nurse' }, 1, Date.now() - 10_000) });
    expect(errorCode(await expired.next(isType('error')))).toBe('token-expired');
    expect((await expired.closed).code).toBe(RELAY_CLOSE.unauthorized);

    const tampered = await connect(r.url);
    tampered.sendJson({ v: 1, type: 'join', token: token('t', 'u', 'nurse', 60, 'wrong-secret-0123456789') });
    expect(errorCode(await tampered.next(isType('error')))).toBe('unauthorized');
    expect((await tampered.closed).code).toBe(RELAY_CLOSE.unauthorized);
    noToken.ws.close();
    // Tokens never reach the logs.
    const signature = token('t', 'u', 'nurse', 60, 'wrong-secret-0123456789').split('.')[1] ?? '';
    expect(JSON.stringify(logs.records)).not.toContain(signature.slice(0, 16));
    expect(logs.records.some((l) => l.msg === 'join refused')).toBe(true);
  });

  it('lets two parties in, relays between them, and refuses a third', async () => {
    const r = await start();
    const nurse = await joined(r.url, 'task-1', 'n1', 'nurse');
    const spec = await connect(r.url);
    spec.sendJson({ v: 1, type: 'join', token: token('task-1', 's1', 'specialist') });
    const j = await spec.next(isType('joined'));
    expect(j).toMatchObject({ type: 'joined', role: 'specialist', peerPresent: true });
    expect(await nurse.next(isType('peer-joined'))).toMatchObject({ role: 'specialist' });

    nurse.sendJson(offer);
    expect(await spec.next(isType('signal'))).toEqual({ ...offer, from: 'nurse' });

    // Another specialist, and another nurse, are both refused.
    for (const [user, role] of [['s2', 'specialist'], ['n2', 'nurse']] as const) {
      const third = await connect(r.url);
      third.sendJson({ v: 1, type: 'join', token: token('task-1', user, role) });
      expect(errorCode(await third.next(isType('error')))).toBe('role-taken');
      expect((await third.closed).code).toBe(RELAY_CLOSE.roomFull);
    }
    // The room still works.
    spec.sendJson({ v: 1, type: 'ping', nonce: 7 });
    expect(await nurse.next(isType('ping'))).toEqual({ v: 1, type: 'ping', nonce: 7, from: 'specialist' });

    // The same user reconnecting replaces the old connection.
    const again = await connect(r.url);
    again.sendJson({ v: 1, type: 'join', token: token('task-1', 'n1', 'nurse') });
    await again.next(isType('joined'));
    expect((await nurse.closed).code).toBe(RELAY_CLOSE.replaced);
    spec.sendJson({ v: 1, type: 'pong', nonce: 8 });
    expect(await again.next(isType('pong'))).toMatchObject({ nonce: 8, from: 'specialist' });

    spec.ws.close();
    expect(await again.next(isType('peer-left'))).toMatchObject({ role: 'specialist' });
    again.ws.close();
  });

  it('drops malformed, unknown, binary and oversized messages, tells the sender and keeps serving', async () => {
    const r = await start({ limits: { maxMessageBytes: 4096 } });
    const a = await joined(r.url, 'task-2', 'n1', 'nurse');
    const b = await joined(r.url, 'task-2', 's1', 'specialist');
    const cases: [string | Buffer, string][] = [
      ['{not json', 'malformed'],
      ['[1,2]', 'malformed'],
      [JSON.stringify({ v: 1, type: 'launch-missiles' }), 'unknown-type'],
      [JSON.stringify({ v: 2, type: 'signal' }), 'unsupported-version'],
      [JSON.stringify({ v: 1, type: 'signal', generation: 0, data: { type: 'offer', sdp: 42 } }), 'malformed'],
      ['{"v":1,"type":"ping","nonce":1,"__proto__":{"polluted":true}}', 'malformed'],
      [JSON.stringify({ v: 1, type: 'signal', generation: 0, data: { type: 'offer', sdp: 'x'.repeat(5000) } }), 'too-large'],
      [Buffer.from([1, 2, 3]), 'malformed'],
    ];
    for (const [payload, code] of cases) {
      a.sendRaw(payload);
      expect(errorCode(await a.next(isType('error')))).toBe(code);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    a.sendJson(offer);
    expect(await b.next(isType('signal'))).toMatchObject({ from: 'nurse' });
    expect(b.messages.filter((m) => m.type !== 'peer-joined')).toEqual([]);
    // Payloads never reach the logs.
    expect(JSON.stringify(logs.records)).not.toContain('launch-missiles');
    expect(JSON.stringify(logs.records)).not.toContain('task-2');
    a.ws.close();
    b.ws.close();
  });

  it('caps the message rate per connection', async () => {
    const r = await start({ limits: { ratePerSecond: 1, rateBurst: 5 } });
    const a = await joined(r.url, 'task-3', 'n1', 'nurse'); // the join took one token
    const b = await joined(r.url, 'task-3', 's1', 'specialist');
    for (let i = 0; i < 20; i++) a.sendJson({ v: 1, type: 'ping', nonce: i });
    expect(errorCode(await a.next(isType('error')))).toBe('rate-limited');
    await b.next((m) => m.type === 'ping' && m.nonce === 3);
    // Give stragglers time to arrive (none should beyond the burst).
    b.sendJson({ v: 1, type: 'pong', nonce: 99 });
    await a.next((m) => m.type === 'pong');
    // One ping was taken by next() above; the join used one of the 5 tokens.
    const delivered = b.messages.filter(isType('ping')).length + 1;
    expect(delivered).toBeGreaterThanOrEqual(4);
    expect(delivered).toBeLessThanOrEqual(5);
    a.ws.close();
    b.ws.close();
  });

  it('reaps idle rooms and closes connections that never join', async () => {
    const r = await start({ limits: { idleRoomMs: 200, sweepIntervalMs: 50, joinTimeoutMs: 200 } });
    const a = await joined(r.url, 'task-4', 'n1', 'nurse');
    const lurker = await connect(r.url);
    expect((await a.closed).code).toBe(RELAY_CLOSE.idle);
    expect((await lurker.closed).code).toBe(RELAY_CLOSE.joinTimeout);
    expect(await (await fetch(`${r.httpUrl}/health`)).json()).toEqual({ status: 'ok', rooms: 0 });
    expect(logs.records.some((l) => l.msg === 'room reaped')).toBe(true);
  });

  it('terminates peers that stop answering pings', async () => {
    const r = await start({ limits: { pingIntervalMs: 100 } });
    const a = await joined(r.url, 'task-5', 'n1', 'nurse');
    const b = await joined(r.url, 'task-5', 's1', 'specialist');
    // Silence b's automatic pong replies: the relay must notice and drop it.
    (b.ws as unknown as { _receiver: { removeAllListeners(e: string): void } })._receiver.removeAllListeners('ping');
    b.ws.pong = () => undefined;
    expect(await a.next(isType('peer-left'), 5_000)).toMatchObject({ role: 'specialist' });
    a.ws.close();
  });

  it('issues TURN REST credentials that coturn would accept (HMAC recomputed)', async () => {
    const shared = 'turn-shared-secret';
    const r = await start({ turn: { urls: ['turn:127.0.0.1:3478?transport=udp'], sharedSecret: shared, ttlSeconds: 600 }, stun: ['stun:127.0.0.1:3478'] });
    const c = await connect(r.url);
    c.sendJson({ v: 1, type: 'join', token: token('task-6', 'user-42', 'nurse') });
    const j = await c.next(isType('joined'));
    if (j.type !== 'joined') throw new Error('unreachable');
    expect(j.iceServers).toHaveLength(2);
    expect(j.iceServers[0]).toEqual({ urls: ['stun:127.0.0.1:3478'] });
    const turn = j.iceServers[1];
    expect(turn?.urls).toEqual(['turn:127.0.0.1:3478?transport=udp']);
    const [expiry, user] = (turn?.username ?? '').split(':');
    expect(user).toBe('user-42');
    const nowS = Date.now() / 1000;
    expect(Number(expiry)).toBeGreaterThan(nowS + 590);
    expect(Number(expiry)).toBeLessThan(nowS + 610);
    expect(j.iceExpiresAt).toBe(Number(expiry));
    expect(turn?.credential).toBe(createHmac('sha1', shared).update(turn?.username ?? '').digest('base64'));
    c.ws.close();
  });
});
