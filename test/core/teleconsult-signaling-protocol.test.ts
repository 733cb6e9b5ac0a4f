import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeMessage, parseClientMessage, parseRelayMessage } from '../../src-core/teleconsult/signaling-protocol';

describe('signaling protocol parser', () => {
  it('accepts each client message type and strips unknown fields', () => {
    const msgs = [
      { v: 1, type: 'join', token: 'abc.def' },
      { v: 1, type: 'signal', generation: 2, data: { type: 'offer', sdp: 'v=0' } },
      { v: 1, type: 'signal', generation: 0, data: { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMLineIndex: 0, sdpMid: '0' } } },
      { v: 1, type: 'signal', generation: 0, data: { type: 'renegotiate', renegotiate: true } },
      { v: 1, type: 'signal', generation: 0, data: { type: 'transceiverRequest', transceiverRequest: { kind: 'video' } } },
      { v: 1, type: 'restart', generation: 3, audioOnly: true },
      { v: 1, type: 'ping', nonce: 5 },
      { v: 1, type: 'bye' },
    ];
    for (const m of msgs) expect(parseClientMessage(JSON.stringify({ ...m, extra: 'x' }))).toEqual({ ok: true, message: m });
  });

  it('rejects hostile input with a typed code and never throws', () => {
    const cases: [unknown, string][] = [
      ['', 'malformed'],
      ['null', 'malformed'],
      ['"str"', 'malformed'],
      [42, 'malformed'],
      ['{"v":1}', 'malformed'],
      ['{"v":"1","type":"bye"}', 'unsupported-version'],
      ['{"v":1,"type":"join","token":""}', 'malformed'],
      [JSON.stringify({ v: 1, type: 'join', token: 'x'.repeat(5000) }), 'malformed'],
      ['{"v":1,"type":"signal","generation":-1,"data":{"type":"offer","sdp":""}}', 'malformed'],
      ['{"v":1,"type":"signal","generation":1.5,"data":{"type":"offer","sdp":""}}', 'malformed'],
      ['{"v":1,"type":"signal","generation":0,"data":{"type":"candidate","candidate":{"candidate":"x","sdpMLineIndex":"0"}}}', 'malformed'],
      ['{"v":1,"type":"signal","generation":0,"data":{"type":"evil"}}', 'malformed'],
      ['{"v":1,"type":"bye","__proto__":{"admin":true}}', 'malformed'],
      ['{"v":1,"type":"bye","a":{"constructor":{"prototype":{"x":1}}}}', 'malformed'],
      ['{"v":1,"type":"toString"}', 'unknown-type'],
      ['x'.repeat(70_000), 'too-large'],
    ];
    for (const [input, code] of cases) {
      const r = parseClientMessage(input);
      expect(r.ok, String(input).slice(0, 60)).toBe(false);
      if (!r.ok) expect(r.code).toBe(code);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('never throws on arbitrary JSON or strings', () => {
    fc.assert(fc.property(fc.oneof(fc.json(), fc.string()), (s) => {
      expect(() => parseClientMessage(s)).not.toThrow();
      expect(() => parseRelayMessage(s)).not.toThrow();
    }));
  });

  it('parses relay messages, requires `from` on forwarded ones, and validates ICE servers', () => {
    const joined = { v: 1, type: 'joined', role: 'nurse', peerPresent: false, iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: '1:u', credential: 'c' }], iceExpiresAt: 1 } as const;
    expect(parseRelayMessage(encodeMessage(joined))).toEqual({ ok: true, message: joined });
    expect(parseRelayMessage(JSON.stringify({ ...joined, iceServers: [{ urls: ['http://evil'] }] })).ok).toBe(false);
    expect(parseRelayMessage(JSON.stringify({ v: 1, type: 'ping', nonce: 1 })).ok).toBe(false);
    expect(parseRelayMessage(JSON.stringify({ v: 1, type: 'ping', nonce: 1, from: 'specialist' }))).toEqual({ ok: true, message: { v: 1, type: 'ping', nonce: 1, from: 'specialist' } });
    expect(parseRelayMessage(JSON.stringify({ v: 1, type: 'error', code: 'nope', message: 'x' })).ok).toBe(false);
  });
});
