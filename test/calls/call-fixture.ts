// Two call sessions in one Node process with @roamhq/wrtc, through a real relay on loopback.
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import type { CallSessionEvent, CallSessionOptions } from '../../src-core/teleconsult/call-session';
import { CallSession } from '../../src-core/teleconsult/call-session';
import type { CallStateName } from '../../src-core/teleconsult/call-state';
import type { WrtcImplementation } from '../../src-core/teleconsult/adapters/simple-peer-factory';
import { simplePeerFactory } from '../../src-core/teleconsult/adapters/simple-peer-factory';
import type { CallPeerOptions, PeerFactory } from '../../src-core/teleconsult/peer-factory';
import type { CallRole } from '../../src-core/teleconsult/signaling-protocol';
import type { WebSocketLike } from '../../src-core/teleconsult/signaling-client';
import { issueJoinToken } from '../../src-server/signal/join-token';

export const SECRET = 'call-test-secret-0123456789';
export const nodeWrtc = wrtc as unknown as WrtcImplementation;
export const createSocket = (url: string): WebSocketLike => new WebSocket(url) as unknown as WebSocketLike;

export interface TestSession {
  readonly session: CallSession;
  readonly events: CallSessionEvent[];
  readonly peerOptions: CallPeerOptions[];
  waitFor<T extends CallSessionEvent>(pred: (e: CallSessionEvent) => e is T, timeoutMs?: number): Promise<T>;
  waitState(name: CallStateName, timeoutMs?: number): Promise<void>;
}

/** Wraps a factory to record every CallPeerOptions the session asked for. */
export function recordingFactory(inner: PeerFactory, seen: CallPeerOptions[]): PeerFactory {
  return (options, events) => {
    seen.push(options);
    return inner(options, events);
  };
}

export function makeSession(
  relayUrl: string,
  room: string,
  role: CallRole,
  extra: Partial<CallSessionOptions> = {},
): TestSession {
  const events: CallSessionEvent[] = [];
  const peerOptions: CallPeerOptions[] = [];
  const waiters: { pred: (e: CallSessionEvent) => boolean; resolve: (e: CallSessionEvent) => void }[] = [];
  const session = new CallSession({
    role,
    signalUrl: relayUrl,
    joinToken: () => Promise.resolve(issueJoinToken(SECRET, { room, user: `${role}-1`, role }, 60)),
    createSocket,
    peerFactory: recordingFactory(simplePeerFactory({ wrtc: nodeWrtc }), peerOptions),
    statsIntervalMs: 0,
    // Media only ever goes through the loopback TURN server: no host-candidate traffic on other interfaces.
    iceTransportPolicy: 'relay',
    ...extra,
    onEvent: (e) => {
      events.push(e);
      for (const w of [...waiters]) if (w.pred(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
    },
  });
  const waitFor = <T extends CallSessionEvent>(pred: (e: CallSessionEvent) => e is T, timeoutMs = 20_000): Promise<T> => {
    const seen = events.find(pred);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`${role}: timed out; state ${session.current.name}`)); }, timeoutMs);
      waiters.push({ pred, resolve: (e) => { clearTimeout(timer); resolve(e as T); } });
    });
  };
  return {
    session,
    events,
    peerOptions,
    waitFor,
    waitState: async (name, timeoutMs) => {
      if (session.current.name === name) return;
      await waitFor((e): e is CallSessionEvent => e.type === 'state' && e.state.name === name, timeoutMs);
    },
  };
}
