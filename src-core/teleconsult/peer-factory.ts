// The peer port (STYLE §3): the call session creates peers through a factory passed in, so the
// browser, Electron and Node tests (@roamhq/wrtc) each supply their WebRTC implementation, and
// tests can count and inspect what was created. Only adapters/ may import simple-peer.
import type { FrameChannel } from './data-channel-framing';
import type { IceServer, PeerSignal } from './signaling-protocol';

export interface CallPeerOptions {
  readonly initiator: boolean;
  /** Exactly these ICE servers; an empty list means host candidates only, never library defaults. */
  readonly iceServers: readonly IceServer[];
  readonly iceTransportPolicy: 'all' | 'relay';
  readonly stream?: MediaStream;
  /** Applied to every local SDP before it is signaled (Opus FEC, bitrate). */
  readonly sdpTransform?: (sdp: string) => string;
}

export interface CallPeerEvents {
  signal(data: PeerSignal): void;
  connect(): void;
  data(data: string | Uint8Array): void;
  stream(stream: MediaStream): void;
  iceState(state: string): void;
  close(): void;
  error(code: string): void;
}

export interface CallPeer {
  signal(data: PeerSignal): void;
  /** The data channel, as the framing needs it. */
  readonly channel: FrameChannel;
  /** The underlying RTCPeerConnection (stats, senders); undefined once destroyed. */
  connection(): RTCPeerConnection | undefined;
  destroy(): void;
}

export type PeerFactory = (options: CallPeerOptions, events: CallPeerEvents) => CallPeer;
