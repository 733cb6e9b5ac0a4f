// Two real WebRTC peers (@roamhq/wrtc) signaled through the relay on loopback.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallSessionEvent } from '../../src-core/teleconsult/call-session';
import type { SignalRelay } from '../../src-server/signal/relay';
import { startSignalRelay } from '../../src-server/signal/relay';
import { turnCredentials } from '../../src-server/signal/turn-credentials';
import type { TurnServer } from '../harness/turn-server';
import { startTurnServer } from '../harness/turn-server';
import type { TestSession } from './call-fixture';
import { makeSession, SECRET } from './call-fixture';

// Media is relayed by a loopback coturn (iceTransportPolicy 'relay', see call-fixture.ts).
let turn: TurnServer;
let relay: SignalRelay;
const open: TestSession[] = [];
beforeAll(async () => { turn = await startTurnServer(); });
afterAll(async () => { await turn.close(); });
beforeEach(async () => {
  relay = await startSignalRelay({ port: 0, tokenSecret: SECRET, turn: { urls: [turn.url], sharedSecret: turn.sharedSecret } });
});
afterEach(async () => {
  for (const s of open.splice(0)) s.session.end();
  await relay.close();
});

function pair(room: string, extra: Parameters<typeof makeSession>[3] = {}): [TestSession, TestSession] {
  const a = makeSession(relay.url, room, 'nurse', extra);
  const b = makeSession(relay.url, room, 'specialist', extra);
  open.push(a, b);
  return [a, b];
}

describe('call session over wrtc', () => {
  it('connects, opens the data channel, and delivers chat and a 2 MB photo intact', async () => {
    const [a, b] = pair('task-chat');
    a.session.start();
    b.session.start();
    await Promise.all([a.waitState('connected'), b.waitState('connected')]);

    a.session.sendChat('Hola, doctora');
    const chat = await b.waitFor((e): e is Extract<CallSessionEvent, { type: 'chat' }> => e.type === 'chat' && e.direction === 'in');
    expect(chat.text).toBe('Hola, doctora');

    const photo = new Uint8Array(2 * 1024 * 1024);
    for (let i = 0; i < photo.length; i += 65536) crypto.getRandomValues(photo.subarray(i, i + 65536));
    await a.session.sendPhoto(photo, 'image/jpeg', 'lesion');
    const got = await b.waitFor((e): e is Extract<CallSessionEvent, { type: 'photo' }> => e.type === 'photo' && e.direction === 'in', 30_000);
    expect(got.bytes.length).toBe(photo.length);
    const digest = async (x: Uint8Array): Promise<string> => Buffer.from(await crypto.subtle.digest('SHA-256', x as Uint8Array<ArrayBuffer>)).toString('hex');
    expect(await digest(got.bytes)).toBe(await digest(photo));
    expect(b.events.some((e) => e.type === 'framing-rejected')).toBe(false);
  });

  it('passes exactly the configured ICE servers to every peer (never simple-peer defaults)', async () => {
    const configured = [turnCredentials({ urls: [turn.url], sharedSecret: turn.sharedSecret }, 'local-config').server];
    const [a, b] = pair('task-ice', { iceServers: configured });
    a.session.start();
    b.session.start();
    await Promise.all([a.waitState('connected'), b.waitState('connected')]);
    for (const s of [a, b]) {
      expect(s.peerOptions.length).toBeGreaterThan(0);
      for (const o of s.peerOptions) expect(o.iceServers).toEqual(configured);
      const pcServers = s.session.connection()?.getConfiguration().iceServers ?? [];
      expect(JSON.stringify(pcServers)).not.toContain('google');
      expect(pcServers.flatMap((x) => (typeof x.urls === 'string' ? [x.urls] : x.urls))).toEqual([turn.url]);
      expect(pcServers[0]?.username).toBe(configured[0]?.username);
    }
  });

  it('recovers after one side\'s peer connection is destroyed (re-signals at a new generation)', async () => {
    const [a, b] = pair('task-recover', { recovery: { backoffBaseMs: 100, graceMs: 500, connectTimeoutMs: 10_000 } });
    a.session.start();
    b.session.start();
    await Promise.all([a.waitState('connected'), b.waitState('connected')]);
    const gen = a.session.current.generation;
    a.session.connection()?.close();
    a.session.failPeer('test-destroyed');
    await a.waitFor((e): e is CallSessionEvent => e.type === 'state' && e.state.name === 'connected' && e.state.generation > gen);
    await b.waitFor((e): e is CallSessionEvent => e.type === 'state' && e.state.name === 'connected' && e.state.generation > gen);
    expect(a.session.current.generation).toBe(b.session.current.generation);
    a.session.sendChat('¿Me escucha?');
    await b.waitFor((e): e is CallSessionEvent => e.type === 'chat' && e.direction === 'in' && e.text === '¿Me escucha?');
  });

  it('falls back to audio-only and then to the async consult when the other side never comes back', async () => {
    const [a, b] = pair('task-fallback', { recovery: { backoffBaseMs: 20, backoffMaxMs: 40, connectTimeoutMs: 300, maxVideoAttempts: 2, maxAudioAttempts: 1 } });
    a.session.start();
    b.session.start();
    await Promise.all([a.waitState('connected'), b.waitState('connected')]);
    // The specialist's process vanishes: no bye, its socket and peer simply die.
    (b.session as unknown as { signaling: { close(): void } }).signaling.close();
    b.session.connection()?.close();
    a.session.failPeer('test');
    await a.waitState('async', 20_000);
    const states = a.events.flatMap((e) => (e.type === 'state' ? [`${e.state.name}${e.state.audioOnly ? ':audio' : ''}`] : []));
    expect(states).toContain('reconnecting:audio');
    expect(states.at(-1)).toBe('async:audio');
    expect(a.session.current.reason).toBeDefined();
  });
});
