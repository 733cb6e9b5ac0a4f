// The call's side of the signaling protocol: opens a WebSocket through a factory passed in (the
// browser's WebSocket, or `ws` in Node), joins with a short-lived token, validates every relay
// message with the shared parser, and hands typed messages to the session.
import type { Logger } from '../platform/logger';
import type { ForwardedMessage, RelayMessage } from './signaling-protocol';
import { encodeMessage, parseRelayMessage } from './signaling-protocol';

/** The part of the WebSocket API both the browser and `ws` provide. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface SignalingClientOptions {
  readonly url: string;
  /** A fresh join token each time (tokens are short-lived; a rejoin needs a new one). */
  readonly joinToken: () => Promise<string>;
  readonly createSocket: WebSocketFactory;
  readonly onMessage: (message: RelayMessage) => void;
  readonly onClosed: (code: number) => void;
  readonly logger?: Logger;
}

const OPEN = 1;

export class SignalingClient {
  private socket: WebSocketLike | undefined;
  private closedByUs = false;

  constructor(private readonly options: SignalingClientOptions) {}

  async connect(): Promise<void> {
    this.closedByUs = false;
    const token = await this.options.joinToken();
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.onopen = () => { socket.send(encodeMessage({ v: 1, type: 'join', token })); };
    socket.onmessage = (ev) => {
      const text = typeof ev.data === 'string' ? ev.data : ev.data instanceof Uint8Array ? new TextDecoder().decode(ev.data) : undefined;
      const parsed = parseRelayMessage(text);
      if (!parsed.ok) {
        this.options.logger?.warn('relay message dropped', { code: parsed.code });
        return;
      }
      this.options.onMessage(parsed.message);
    };
    socket.onerror = () => { this.options.logger?.warn('signaling socket error'); };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (!this.closedByUs) this.options.onClosed(ev.code);
    };
  }

  /** Sends to the other party; false when the socket is not open (the message is dropped). */
  send(message: ForwardedMessage): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(encodeMessage(message));
    return true;
  }

  close(): void {
    this.closedByUs = true;
    const s = this.socket;
    this.socket = undefined;
    s?.close(1000, 'bye');
  }
}
