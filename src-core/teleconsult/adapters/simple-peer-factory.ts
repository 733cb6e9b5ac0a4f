// simple-peer behind the PeerFactory port. The WebRTC implementation is passed in: @roamhq/wrtc in
// Node tests, undefined in a browser or Electron renderer (simple-peer then uses the globals).
// ICE servers always come from the caller: simple-peer's default STUN servers point outside and
// are replaced by an explicit `config.iceServers` (an empty list when nothing is configured).
import SimplePeer from 'simple-peer';
import type { FrameChannel } from '../data-channel-framing';
import type { CallPeer, CallPeerEvents, CallPeerOptions, PeerFactory } from '../peer-factory';
import type { PeerSignal } from '../signaling-protocol';

export type WrtcImplementation = NonNullable<SimplePeer.Options['wrtc']>;

/** bufferedAmount at which a paused sender resumes. */
const LOW_WATER_BYTES = 256 * 1024;
const DRAIN_POLL_MS = 5;

interface SimplePeerInternals {
  _pc?: RTCPeerConnection;
  _channel?: RTCDataChannel;
  destroyed: boolean;
}

export function simplePeerFactory(deps: { readonly wrtc?: WrtcImplementation } = {}): PeerFactory {
  return (options: CallPeerOptions, events: CallPeerEvents): CallPeer => {
    const config: RTCConfiguration = {
      iceServers: options.iceServers.map((s) => ({
        urls: typeof s.urls === 'string' ? s.urls : [...s.urls],
        ...(s.username === undefined ? {} : { username: s.username }),
        ...(s.credential === undefined ? {} : { credential: s.credential }),
      })),
      iceTransportPolicy: options.iceTransportPolicy,
    };
    const peer = new SimplePeer({
      initiator: options.initiator,
      trickle: true,
      objectMode: true, // keeps text frames as strings, binary as Buffer (a Uint8Array)
      config,
      ...(deps.wrtc === undefined ? {} : { wrtc: deps.wrtc }),
      ...(options.stream === undefined ? {} : { stream: options.stream }),
      ...(options.sdpTransform === undefined ? {} : { sdpTransform: options.sdpTransform }),
    });
    const internals = peer as unknown as SimplePeerInternals;
    peer.on('signal', (data: PeerSignal) => { events.signal(data); });
    peer.on('connect', () => { events.connect(); });
    peer.on('data', (data: string | Uint8Array) => { events.data(data); });
    peer.on('stream', (stream: MediaStream) => { events.stream(stream); });
    peer.on('iceStateChange', (state: string) => { events.iceState(state); });
    peer.on('close', () => { events.close(); });
    peer.on('error', (err: Error & { code?: string }) => { events.error(err.code ?? 'ERR_PEER'); });

    const channel: FrameChannel = {
      send: (data) => { peer.send(data); },
      bufferedAmount: () => internals._channel?.bufferedAmount ?? 0,
      waitForLow: () =>
        new Promise<void>((resolve) => {
          const check = (): void => {
            if (internals.destroyed || (internals._channel?.bufferedAmount ?? 0) <= LOW_WATER_BYTES) resolve();
            else setTimeout(check, DRAIN_POLL_MS);
          };
          check();
        }),
    };
    return {
      signal: (data) => { peer.signal(data as SimplePeer.SignalData); },
      channel,
      connection: () => (internals.destroyed ? undefined : internals._pc),
      destroy: () => { peer.destroy(); },
    };
  };
}
