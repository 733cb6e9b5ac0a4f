import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallEvent, CallState, RecoveryPolicy } from '../../src-core/teleconsult/call-state';
import { backoffMs, DEFAULT_RECOVERY, FINAL_STATES, initialCallState, transition } from '../../src-core/teleconsult/call-state';

const policy: RecoveryPolicy = { ...DEFAULT_RECOVERY, maxVideoAttempts: 3, maxAudioAttempts: 2, backoffBaseMs: 500, backoffMaxMs: 8_000 };

function walk(events: CallEvent[], start: CallState = initialCallState()): { state: CallState; trail: string[]; effects: string[][] } {
  let state = start;
  const trail: string[] = [state.name];
  const effects: string[][] = [];
  for (const e of events) {
    const t = transition(state, e, policy);
    state = t.state;
    trail.push(state.name);
    effects.push(t.effects.map((x) => x.type));
  }
  return { state, trail, effects };
}

const connectedPath: CallEvent[] = [{ type: 'start' }, { type: 'joined', peerPresent: false }, { type: 'peer-joined' }, { type: 'peer-connected' }];

describe('call state machine', () => {
  it('walks idle -> joining -> waiting -> connecting -> connected, creating the peer when both are present', () => {
    const { trail, effects, state } = walk(connectedPath);
    expect(trail).toEqual(['idle', 'joining', 'waiting', 'connecting', 'connected']);
    expect(effects[0]).toEqual(['connect-signaling']);
    expect(effects[2]).toEqual(['create-peer', 'arm-timer']);
    expect(effects[3]).toEqual(['cancel-timers']);
    expect(state.peerPresent).toBe(true);
  });

  it('goes straight to connecting when the other party is already in the room', () => {
    expect(walk([{ type: 'start' }, { type: 'joined', peerPresent: true }]).trail).toEqual(['idle', 'joining', 'connecting']);
  });

  it('rides out a short ICE drop without rebuilding the peer', () => {
    const { trail, effects } = walk([...connectedPath, { type: 'ice-disconnected' }, { type: 'ice-restored' }]);
    expect(trail.slice(-3)).toEqual(['connected', 'interrupted', 'connected']);
    expect(effects.flat()).not.toContain('destroy-peer');
  });

  it('after the grace period rebuilds the peer at a new generation with backoff, and a success resets attempts', () => {
    const r = walk([...connectedPath, { type: 'ice-disconnected' }, { type: 'grace-expired' }]);
    expect(r.state).toMatchObject({ name: 'reconnecting', attempt: 1, generation: 0 });
    expect(transition(r.state, { type: 'grace-expired' }, policy).state).toBe(r.state);
    const retry = transition(r.state, { type: 'retry-due' }, policy);
    expect(retry.state).toMatchObject({ name: 'connecting', generation: 1 });
    expect(retry.effects).toEqual([
      { type: 'create-peer', generation: 1, audioOnly: false },
      { type: 'arm-timer', timer: 'connect', ms: policy.connectTimeoutMs },
      { type: 'send-restart', generation: 1, audioOnly: false },
    ]);
    expect(transition(retry.state, { type: 'peer-connected' }, policy).state).toMatchObject({ name: 'connected', attempt: 0, generation: 1 });
  });

  it('tries 3 times with video, then 2 audio-only, then ends in async', () => {
    let s = walk(connectedPath).state;
    const seen: string[] = [];
    const delays: number[] = [];
    s = transition(s, { type: 'peer-failed', reason: 'ice-failed' }, policy).state;
    for (let i = 0; i < 10 && !FINAL_STATES.includes(s.name); i++) {
      seen.push(`${s.name}:${s.attempt}:${s.audioOnly ? 'a' : 'v'}`);
      s = transition(s, { type: 'retry-due' }, policy).state;
      const t = transition(s, { type: 'connect-timeout' }, policy);
      const timer = t.effects.find((e) => e.type === 'arm-timer');
      if (timer?.type === 'arm-timer') delays.push(timer.ms);
      s = t.state;
    }
    expect(seen).toEqual(['reconnecting:1:v', 'reconnecting:2:v', 'reconnecting:3:v', 'reconnecting:1:a', 'reconnecting:2:a']);
    expect(s).toMatchObject({ name: 'async', audioOnly: true, reason: 'connect-timeout' });
    expect(delays).toEqual([1000, 2000, 500, 1000]);
    expect(transition(s, { type: 'start' }, policy).state).toBe(s);
  });

  it('follows a restart from the other side only to a newer generation, and adopts audio-only', () => {
    const s = walk(connectedPath).state;
    const t = transition(s, { type: 'restart-requested', generation: 4, audioOnly: true }, policy);
    expect(t.state).toMatchObject({ name: 'connecting', generation: 4, audioOnly: true });
    expect(t.effects.map((e) => e.type)).toEqual(['cancel-timers', 'destroy-peer', 'create-peer', 'arm-timer']);
    expect(transition(t.state, { type: 'restart-requested', generation: 4, audioOnly: false }, policy).state).toBe(t.state);
    expect(transition(t.state, { type: 'restart-requested', generation: 2, audioOnly: false }, policy).state).toBe(t.state);
  });

  it('ends on hangup (sending bye), on remote bye, and fails on refusal', () => {
    const hang = transition(walk(connectedPath).state, { type: 'hangup' }, policy);
    expect(hang.state).toMatchObject({ name: 'ended', reason: 'local-hangup' });
    expect(hang.effects.map((e) => e.type)).toEqual(['cancel-timers', 'destroy-peer', 'send-bye', 'close-signaling']);
    expect(transition(walk(connectedPath).state, { type: 'remote-bye' }, policy).effects.map((e) => e.type)).not.toContain('send-bye');
    expect(walk([{ type: 'start' }, { type: 'refused', code: 'room-full' }]).state).toMatchObject({ name: 'failed', reason: 'room-full' });
  });

  it('keeps media when only signaling drops, and rejoins', () => {
    const s = walk(connectedPath).state;
    const t = transition(s, { type: 'signaling-lost' }, policy);
    expect(t.state.name).toBe('connected');
    expect(t.effects).toEqual([{ type: 'reconnect-signaling', delayMs: backoffMs(policy, 1) }]);
  });

  it('never leaves a final state and never goes backwards in generation (random event sequences)', () => {
    const event: fc.Arbitrary<CallEvent> = fc.oneof(
      fc.constantFrom<CallEvent>(
        { type: 'start' }, { type: 'peer-joined' }, { type: 'peer-left' }, { type: 'peer-connected' }, { type: 'ice-disconnected' },
        { type: 'ice-restored' }, { type: 'grace-expired' }, { type: 'connect-timeout' }, { type: 'retry-due' }, { type: 'signaling-lost' },
        { type: 'peer-failed', reason: 'x' }, { type: 'hangup' }, { type: 'remote-bye' },
      ),
      fc.boolean().map((p): CallEvent => ({ type: 'joined', peerPresent: p })),
      fc.record({ generation: fc.nat(20), audioOnly: fc.boolean() }).map((r): CallEvent => ({ type: 'restart-requested', ...r })),
    );
    fc.assert(fc.property(fc.array(event, { maxLength: 80 }), (events) => {
      let s = initialCallState();
      for (const e of events) {
        const t = transition(s, e, policy);
        if (FINAL_STATES.includes(s.name)) expect(t.state).toBe(s);
        expect(t.state.generation).toBeGreaterThanOrEqual(s.generation);
        if (s.audioOnly) expect(t.state.audioOnly).toBe(true); // never climbs back to video within a call
        expect(t.state.attempt).toBeLessThanOrEqual(Math.max(policy.maxVideoAttempts, policy.maxAudioAttempts));
        s = t.state;
      }
    }));
  });
});
