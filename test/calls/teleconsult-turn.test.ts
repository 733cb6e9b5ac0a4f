// Two wrtc peers forced through a local coturn (iceTransportPolicy 'relay') with the TURN REST
// credentials the signaling relay issued; the selected candidate pair must be relay on both ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkCounters, statsEntries } from '../../src-core/teleconsult/link-stats';
import type { SignalRelay } from '../../src-server/signal/relay';
import { startSignalRelay } from '../../src-server/signal/relay';
import type { TurnServer } from '../harness/turn-server';
import { startTurnServer } from '../harness/turn-server';
import { makeSession, SECRET } from './call-fixture';

let turn: TurnServer;
let relay: SignalRelay;
beforeAll(async () => {
  turn = await startTurnServer();
  relay = await startSignalRelay({ port: 0, tokenSecret: SECRET, turn: { urls: [turn.url], sharedSecret: turn.sharedSecret, ttlSeconds: 300 } });
});
afterAll(async () => {
  await relay.close();
  await turn.close();
});

describe('calls through TURN', () => {
  it('connects two peers via coturn using relay-issued credentials; the selected pair is relay', async () => {
    const a = makeSession(relay.url, 'task-turn', 'nurse', { iceTransportPolicy: 'relay' });
    const b = makeSession(relay.url, 'task-turn', 'specialist', { iceTransportPolicy: 'relay' });
    try {
      a.session.start();
      b.session.start();
      await Promise.all([a.waitState('connected'), b.waitState('connected')]);
      for (const s of [a, b]) {
        const opts = s.peerOptions.at(-1);
        expect(opts?.iceTransportPolicy).toBe('relay');
        expect(opts?.iceServers).toHaveLength(1);
        expect(opts?.iceServers[0]?.urls).toEqual([turn.url]);
        expect(opts?.iceServers[0]?.username).toMatch(/^\d+:(nurse|specialist)-1$/);
        const pc = s.session.connection();
        if (pc === undefined) throw new Error('no peer connection');
        const counters = linkCounters(statsEntries(await pc.getStats()), Date.now());
        expect(counters.localCandidateType).toBe('relay');
        expect(counters.remoteCandidateType).toBe('relay');
      }
      a.session.sendChat('por TURN');
      await b.waitFor((e): e is never => e.type === 'chat' && e.direction === 'in' && e.text === 'por TURN');
    } finally {
      a.session.end();
      b.session.end();
    }
  });

  it('fails to connect with forged TURN credentials (coturn really checks them)', async () => {
    const wrong = [{ urls: [turn.url], username: `${Math.floor(Date.now() / 1000) + 300}:x`, credential: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }];
    const recovery = { connectTimeoutMs: 1_500, maxVideoAttempts: 0, maxAudioAttempts: 0 };
    const a = makeSession(relay.url, 'task-turn-bad', 'nurse', { iceTransportPolicy: 'relay', iceServers: wrong, recovery });
    const b = makeSession(relay.url, 'task-turn-bad', 'specialist', { iceTransportPolicy: 'relay', iceServers: wrong, recovery });
    try {
      a.session.start();
      b.session.start();
      await a.waitState('async', 15_000);
      expect(a.events.some((e) => e.type === 'state' && e.state.name === 'connected')).toBe(false);
    } finally {
      a.session.end();
      b.session.end();
    }
  });
});
