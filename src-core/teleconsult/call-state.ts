// The live-call state machine (STYLE §6): named states, named events, and a pure transition
// function that returns the next state plus the effects the session must carry out (create or
// destroy the peer, send a restart, arm a timer). The session (call-session.ts) owns the timers,
// the peer and the signaling client; this file owns every decision.
//
// Recovery policy (DESIGN §6): when ICE drops and does not come back within a grace period, or a
// peer fails or does not connect in time, the peer is rebuilt and re-signaled after an exponential
// backoff, up to `maxVideoAttempts` times; then the call continues audio-only for up to
// `maxAudioAttempts` more tries; then it ends in `async`, which tells the UI to continue the consult
// asynchronously. A successful reconnection resets the attempt count.

export type CallStateName =
  | 'idle'
  | 'joining'
  | 'waiting'
  | 'connecting'
  | 'connected'
  | 'interrupted'
  | 'reconnecting'
  | 'ended'
  | 'async'
  | 'failed';

export const FINAL_STATES: readonly CallStateName[] = ['ended', 'async', 'failed'];

export interface CallState {
  readonly name: CallStateName;
  /** Counts peer rebuilds; signals carry it so a stale peer's messages are ignored. */
  readonly generation: number;
  /** Recovery attempts in the current mode (video, then audio-only). */
  readonly attempt: number;
  readonly audioOnly: boolean;
  /** Whether the other party is in the room (as the relay last said). */
  readonly peerPresent: boolean;
  /** Why a final state was reached (English code, translated by the UI). */
  readonly reason?: string;
}

export type CallEvent =
  | { readonly type: 'start' }
  | { readonly type: 'joined'; readonly peerPresent: boolean }
  | { readonly type: 'peer-joined' }
  | { readonly type: 'peer-left' }
  | { readonly type: 'peer-connected' }
  | { readonly type: 'ice-disconnected' }
  /** ICE came back by itself within the grace period (no new peer needed). */
  | { readonly type: 'ice-restored' }
  | { readonly type: 'peer-failed'; readonly reason: string }
  | { readonly type: 'grace-expired' }
  | { readonly type: 'connect-timeout' }
  | { readonly type: 'retry-due' }
  | { readonly type: 'restart-requested'; readonly generation: number; readonly audioOnly: boolean }
  | { readonly type: 'signaling-lost' }
  | { readonly type: 'refused'; readonly code: string }
  | { readonly type: 'hangup' }
  | { readonly type: 'remote-bye' };

export type CallEffect =
  | { readonly type: 'connect-signaling' }
  | { readonly type: 'reconnect-signaling'; readonly delayMs: number }
  | { readonly type: 'create-peer'; readonly generation: number; readonly audioOnly: boolean }
  | { readonly type: 'destroy-peer' }
  | { readonly type: 'send-restart'; readonly generation: number; readonly audioOnly: boolean }
  | { readonly type: 'send-bye' }
  | { readonly type: 'close-signaling' }
  | { readonly type: 'arm-timer'; readonly timer: 'grace' | 'connect' | 'retry'; readonly ms: number }
  | { readonly type: 'cancel-timers' };

export interface RecoveryPolicy {
  /** How long an ICE 'disconnected' may last before the peer is rebuilt. */
  readonly graceMs: number;
  /** How long a new peer may take to connect. */
  readonly connectTimeoutMs: number;
  readonly maxVideoAttempts: number;
  readonly maxAudioAttempts: number;
  /** Backoff before attempt n (1-based): min(baseMs * 2^(n-1), maxMs). */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export const DEFAULT_RECOVERY: RecoveryPolicy = {
  graceMs: 4_000,
  connectTimeoutMs: 20_000,
  maxVideoAttempts: 3,
  maxAudioAttempts: 2,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
};

export const initialCallState = (audioOnly = false): CallState => ({
  name: 'idle', generation: 0, attempt: 0, audioOnly, peerPresent: false,
});

export const backoffMs = (policy: RecoveryPolicy, attempt: number): number =>
  Math.min(policy.backoffBaseMs * 2 ** Math.max(0, attempt - 1), policy.backoffMaxMs);

export interface Transition {
  readonly state: CallState;
  readonly effects: readonly CallEffect[];
}

const stay = (state: CallState): Transition => ({ state, effects: [] });
const isFinal = (s: CallState): boolean => FINAL_STATES.includes(s.name);

/** Starts a peer at the current generation and arms the connect timer. */
function startPeer(state: CallState, policy: RecoveryPolicy): Transition {
  return {
    state: { ...state, name: 'connecting' },
    effects: [
      { type: 'create-peer', generation: state.generation, audioOnly: state.audioOnly },
      { type: 'arm-timer', timer: 'connect', ms: policy.connectTimeoutMs },
    ],
  };
}

/** The peer is lost: back off and retry, degrade to audio-only, or give up to async. */
function recover(state: CallState, policy: RecoveryPolicy, reason: string): Transition {
  const limit = state.audioOnly ? policy.maxAudioAttempts : policy.maxVideoAttempts;
  if (state.attempt < limit) {
    const attempt = state.attempt + 1;
    return {
      state: { ...state, name: 'reconnecting', attempt },
      effects: [{ type: 'cancel-timers' }, { type: 'destroy-peer' }, { type: 'arm-timer', timer: 'retry', ms: backoffMs(policy, attempt) }],
    };
  }
  if (!state.audioOnly) {
    return {
      state: { ...state, name: 'reconnecting', attempt: 1, audioOnly: true },
      effects: [{ type: 'cancel-timers' }, { type: 'destroy-peer' }, { type: 'arm-timer', timer: 'retry', ms: backoffMs(policy, 1) }],
    };
  }
  return {
    state: { ...state, name: 'async', reason },
    effects: [{ type: 'cancel-timers' }, { type: 'destroy-peer' }, { type: 'send-bye' }, { type: 'close-signaling' }],
  };
}

function end(state: CallState, name: 'ended' | 'failed', reason: string, bye: boolean): Transition {
  return {
    state: { ...state, name, reason },
    effects: [{ type: 'cancel-timers' }, { type: 'destroy-peer' }, ...(bye ? [{ type: 'send-bye' } as const] : []), { type: 'close-signaling' }],
  };
}

/** The pure transition function. Events that do not apply in a state leave it unchanged. */
export function transition(state: CallState, event: CallEvent, policy: RecoveryPolicy = DEFAULT_RECOVERY): Transition {
  if (isFinal(state)) return stay(state);
  switch (event.type) {
    case 'start':
      return state.name === 'idle' ? { state: { ...state, name: 'joining' }, effects: [{ type: 'connect-signaling' }] } : stay(state);
    case 'hangup':
      return end(state, 'ended', 'local-hangup', state.name !== 'idle');
    case 'remote-bye':
      return end(state, 'ended', 'remote-hangup', false);
    case 'refused':
      return end(state, 'failed', event.code, false);
    case 'joined': {
      const next = { ...state, peerPresent: event.peerPresent };
      if (state.name === 'joining') return event.peerPresent ? startPeer(next, policy) : stay({ ...next, name: 'waiting' });
      return stay(next);
    }
    case 'peer-joined': {
      const next = { ...state, peerPresent: true };
      if (state.name === 'waiting') return startPeer(next, policy);
      if (state.name === 'reconnecting' || state.name === 'connecting') {
        // The other side came back (e.g. its signaling reconnected): renegotiate at a new generation.
        const g = { ...next, generation: state.generation + 1 };
        const started = startPeer(g, policy);
        return {
          state: started.state,
          effects: [{ type: 'cancel-timers' }, { type: 'destroy-peer' }, ...started.effects, { type: 'send-restart', generation: g.generation, audioOnly: g.audioOnly }],
        };
      }
      return stay(next);
    }
    case 'peer-left':
      // Media may still flow peer to peer; only the room presence changes.
      return stay({ ...state, peerPresent: false });
    case 'ice-restored':
      return state.name === 'interrupted' ? { state: { ...state, name: 'connected', attempt: 0 }, effects: [{ type: 'cancel-timers' }] } : stay(state);
    case 'peer-connected':
      // The data channel is open: the peer is usable.
      if (state.name === 'connecting' || state.name === 'interrupted') {
        return { state: { ...state, name: 'connected', attempt: 0 }, effects: [{ type: 'cancel-timers' }] };
      }
      return stay(state);
    case 'ice-disconnected':
      if (state.name === 'connected') {
        return { state: { ...state, name: 'interrupted' }, effects: [{ type: 'arm-timer', timer: 'grace', ms: policy.graceMs }] };
      }
      return stay(state);
    case 'grace-expired':
      return state.name === 'interrupted' ? recover(state, policy, 'ice-disconnected') : stay(state);
    case 'connect-timeout':
      return state.name === 'connecting' ? recover(state, policy, 'connect-timeout') : stay(state);
    case 'peer-failed':
      return state.name === 'connecting' || state.name === 'connected' || state.name === 'interrupted'
        ? recover(state, policy, event.reason)
        : stay(state);
    case 'retry-due': {
      if (state.name !== 'reconnecting') return stay(state);
      const g = { ...state, generation: state.generation + 1 };
      const started = startPeer(g, policy);
      return { state: started.state, effects: [...started.effects, { type: 'send-restart', generation: g.generation, audioOnly: g.audioOnly }] };
    }
    case 'restart-requested': {
      if (event.generation <= state.generation || state.name === 'idle' || state.name === 'joining') return stay(state);
      // The other side rebuilt its peer first: follow it to its generation (and to audio-only if it went there).
      const g = { ...state, generation: event.generation, audioOnly: state.audioOnly || event.audioOnly, peerPresent: true };
      const started = startPeer(g, policy);
      return { state: started.state, effects: [{ type: 'cancel-timers' }, { type: 'destroy-peer' }, ...started.effects] };
    }
    case 'signaling-lost':
      // Calls keep their media when only signaling drops; the session rejoins the room.
      return { state, effects: [{ type: 'reconnect-signaling', delayMs: backoffMs(policy, 1) }] };
  }
}
