// A live call (DESIGN §6): runs the pure state machine (call-state.ts) and carries out its
// effects with the pieces passed in: a signaling client over an injected WebSocket factory, a
// peer factory (simple-peer adapter), timers, a clock and ids. It also runs the bandwidth ladder
// from getStats, frames the data channel, and returns what was exchanged as FHIR records in events.
import type { Bundle, Communication, Encounter, Media, Organization, Reference } from '@medplum/fhirtypes';
import type { Clock } from '../platform/clock';
import { systemClock } from '../platform/clock';
import type { Ids } from '../platform/ids';
import { cryptoIds } from '../platform/ids';
import type { Logger } from '../platform/logger';
import type { LadderConfig, LadderState, LadderStep } from './bandwidth-policy';
import { DEFAULT_LADDER, initialLadder, nextLadder, STEP_SPECS, withCeiling } from './bandwidth-policy';
import type { ConsultContext, StaffReference } from './call-records';
import { callEncounter, chatCommunication, photoRecords } from './call-records';
import type { CallEffect, CallEvent, CallState, RecoveryPolicy } from './call-state';
import { DEFAULT_RECOVERY, FINAL_STATES, initialCallState, transition } from './call-state';
import type { FramingErrorCode, FramingLimits } from './data-channel-framing';
import { DEFAULT_FRAMING, FrameReceiver, FrameSender } from './data-channel-framing';
import { applyStep } from './ladder-applier';
import { linkSample, statsEntries } from './link-stats';
import { mungeOpus } from './opus-sdp';
import type { CallPeer, PeerFactory } from './peer-factory';
import type { CallRole, IceServer, RelayMessage } from './signaling-protocol';
import type { WebSocketFactory } from './signaling-client';
import { SignalingClient } from './signaling-client';

export interface CallRecordsContext {
  readonly consult: ConsultContext;
  readonly self: StaffReference;
  readonly other: StaffReference;
  readonly serviceProvider: Reference<Organization>;
}

export interface CallSessionOptions {
  readonly role: CallRole;
  readonly signalUrl: string;
  readonly joinToken: () => Promise<string>;
  readonly createSocket: WebSocketFactory;
  readonly peerFactory: PeerFactory;
  /** 'relay' forces TURN (rural links, tests); default 'all'. */
  readonly iceTransportPolicy?: 'all' | 'relay';
  /** When set, used instead of the relay-issued list. Never empty by accident: [] means host only. */
  readonly iceServers?: readonly IceServer[];
  readonly stream?: MediaStream;
  readonly recovery?: Partial<RecoveryPolicy>;
  readonly ladder?: Partial<LadderConfig>;
  /** getStats period for the ladder; 0 turns the ladder off. Default 3000. */
  readonly statsIntervalMs?: number;
  readonly framing?: FramingLimits;
  readonly records?: CallRecordsContext;
  readonly clock?: Clock;
  readonly ids?: Ids;
  readonly logger?: Logger;
  readonly onEvent: (event: CallSessionEvent) => void;
}

export type CallSessionEvent =
  | { readonly type: 'state'; readonly state: CallState }
  | { readonly type: 'remote-stream'; readonly stream: MediaStream }
  | { readonly type: 'chat'; readonly direction: 'in' | 'out'; readonly id: string; readonly text: string; readonly sentAt: string; readonly communication?: Communication }
  | { readonly type: 'photo'; readonly direction: 'in' | 'out'; readonly bytes: Uint8Array; readonly contentType: string; readonly media?: Media; readonly communication?: Communication }
  | { readonly type: 'summary'; readonly bundle: Bundle }
  | { readonly type: 'ladder'; readonly step: LadderStep }
  | { readonly type: 'encounter'; readonly encounter: Encounter }
  | { readonly type: 'framing-rejected'; readonly code: FramingErrorCode }
  | { readonly type: 'relay-error'; readonly code: string };

type TimerName = 'grace' | 'connect' | 'retry';

export class CallSession {
  private state: CallState;
  private readonly policy: RecoveryPolicy;
  private readonly ladderConfig: LadderConfig;
  private ladder: LadderState;
  private peer: CallPeer | undefined;
  private peerGeneration = -1;
  private sender: FrameSender | undefined;
  private receiver: FrameReceiver | undefined;
  private relayIceServers: readonly IceServer[] = [];
  private readonly timers = new Map<TimerName, ReturnType<typeof setTimeout>>();
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private readonly signaling: SignalingClient;
  private readonly clock: Clock;
  private readonly ids: Ids;
  private startedAt: string | undefined;
  private encounterId: string | undefined;
  private cameraOff = false;

  constructor(private readonly options: CallSessionOptions) {
    this.policy = { ...DEFAULT_RECOVERY, ...options.recovery };
    this.ladderConfig = { ...DEFAULT_LADDER, ...options.ladder };
    this.state = initialCallState(options.stream === undefined || options.stream.getVideoTracks().length === 0);
    this.ladder = initialLadder('video-180p', this.state.audioOnly ? 'audio-only' : 'video-360p');
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? cryptoIds;
    this.signaling = new SignalingClient({
      url: options.signalUrl,
      joinToken: options.joinToken,
      createSocket: options.createSocket,
      onMessage: (m) => { this.onRelayMessage(m); },
      onClosed: () => { this.dispatch({ type: 'signaling-lost' }); },
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  }

  get current(): CallState {
    return this.state;
  }

  get ladderStep(): LadderStep {
    return this.ladder.step;
  }

  /** The live RTCPeerConnection, for stats in tests and the bench. */
  connection(): RTCPeerConnection | undefined {
    return this.peer?.connection();
  }

  start(): void {
    this.dispatch({ type: 'start' });
  }

  end(): void {
    this.dispatch({ type: 'hangup' });
  }

  setMuted(muted: boolean): void {
    for (const t of this.options.stream?.getAudioTracks() ?? []) t.enabled = !muted;
  }

  setCameraOff(off: boolean): void {
    this.cameraOff = off;
    for (const t of this.options.stream?.getVideoTracks() ?? []) t.enabled = !off;
    this.setCeiling();
  }

  /** Test hook and UI "reconnect": treat the current peer as failed. */
  failPeer(reason = 'forced'): void {
    this.dispatch({ type: 'peer-failed', reason });
  }

  sendChat(text: string): void {
    if (this.sender === undefined) throw new Error('the call is not connected');
    const { id, sentAt } = this.sender.sendChat(text);
    this.emitChat('out', id, text, sentAt);
  }

  async sendPhoto(bytes: Uint8Array, contentType: string, title?: string): Promise<void> {
    if (this.sender === undefined) throw new Error('the call is not connected');
    await this.sender.sendPhoto(bytes, contentType, title);
    await this.emitPhoto('out', bytes, contentType, title);
  }

  async shareSummary(bundle: Bundle, consent: { readonly confirmed: boolean }): Promise<void> {
    if (this.sender === undefined) throw new Error('the call is not connected');
    await this.sender.shareSummary(bundle, consent);
  }

  // ---- state machine ----

  private dispatch(event: CallEvent): void {
    const before = this.state;
    const { state, effects } = transition(this.state, event, this.policy);
    this.state = state;
    if (state !== before) {
      this.options.logger?.info('call state', { from: before.name, to: state.name, event: event.type, generation: state.generation, attempt: state.attempt });
      if (state.audioOnly !== before.audioOnly) this.setCeiling();
      this.options.onEvent({ type: 'state', state });
      if (state.name === 'connected' && before.name !== 'connected') this.onConnected();
      if (FINAL_STATES.includes(state.name)) this.onFinal();
    }
    for (const effect of effects) this.run(effect);
  }

  private run(effect: CallEffect): void {
    switch (effect.type) {
      case 'connect-signaling':
        this.signaling.connect().catch(() => { this.dispatch({ type: 'refused', code: 'token-unavailable' }); });
        return;
      case 'reconnect-signaling':
        setTimeout(() => {
          if (FINAL_STATES.includes(this.state.name)) return;
          this.signaling.connect().catch(() => { this.dispatch({ type: 'signaling-lost' }); });
        }, effect.delayMs);
        return;
      case 'create-peer':
        this.createPeer(effect.generation);
        return;
      case 'destroy-peer':
        this.destroyPeer();
        return;
      case 'send-restart':
        this.signaling.send({ v: 1, type: 'restart', generation: effect.generation, audioOnly: effect.audioOnly });
        return;
      case 'send-bye':
        this.signaling.send({ v: 1, type: 'bye' });
        return;
      case 'close-signaling':
        this.signaling.close();
        return;
      case 'arm-timer':
        this.arm(effect.timer, effect.ms);
        return;
      case 'cancel-timers':
        for (const t of this.timers.values()) clearTimeout(t);
        this.timers.clear();
        return;
    }
  }

  private arm(name: TimerName, ms: number): void {
    const existing = this.timers.get(name);
    if (existing !== undefined) clearTimeout(existing);
    const event: CallEvent = name === 'grace' ? { type: 'grace-expired' } : name === 'connect' ? { type: 'connect-timeout' } : { type: 'retry-due' };
    this.timers.set(name, setTimeout(() => {
      this.timers.delete(name);
      this.dispatch(event);
    }, ms));
  }

  // ---- peer ----

  private createPeer(generation: number): void {
    this.destroyPeer();
    const isCurrent = (): boolean => this.peerGeneration === generation && this.peer !== undefined;
    const iceServers = this.options.iceServers ?? this.relayIceServers;
    const peer = this.options.peerFactory(
      {
        initiator: this.options.role === 'nurse',
        iceServers,
        iceTransportPolicy: this.options.iceTransportPolicy ?? 'all',
        ...(this.options.stream === undefined ? {} : { stream: this.options.stream }),
        sdpTransform: (sdp) => mungeOpus(sdp, { maxAverageBitrate: STEP_SPECS['audio-only'].audioMaxBps }),
      },
      {
        signal: (data) => { if (isCurrent()) this.signaling.send({ v: 1, type: 'signal', generation, data }); },
        connect: () => { if (isCurrent()) this.dispatch({ type: 'peer-connected' }); },
        data: (data) => { if (isCurrent()) void this.receiver?.receive(data); },
        stream: (stream) => { if (isCurrent()) this.options.onEvent({ type: 'remote-stream', stream }); },
        iceState: (s) => {
          if (!isCurrent()) return;
          if (s === 'disconnected') this.dispatch({ type: 'ice-disconnected' });
          else if (s === 'connected' || s === 'completed') this.dispatch({ type: 'ice-restored' });
          else if (s === 'failed') this.dispatch({ type: 'peer-failed', reason: 'ice-failed' });
        },
        close: () => { if (isCurrent()) this.dispatch({ type: 'peer-failed', reason: 'peer-closed' }); },
        error: (code) => {
          if (!isCurrent()) return;
          this.options.logger?.warn('peer error', { code });
          this.dispatch({ type: 'peer-failed', reason: code });
        },
      },
    );
    this.peer = peer;
    this.peerGeneration = generation;
    this.sender = new FrameSender(peer.channel, this.options.framing ?? DEFAULT_FRAMING, () => this.ids.uuid(), () => this.clock.now());
    this.receiver = new FrameReceiver((frame) => { void this.onFrame(frame); }, this.options.framing ?? DEFAULT_FRAMING);
  }

  private destroyPeer(): void {
    const peer = this.peer;
    this.peer = undefined;
    this.peerGeneration = -1;
    this.sender = undefined;
    this.receiver = undefined;
    peer?.destroy();
  }

  // ---- relay ----

  private onRelayMessage(m: RelayMessage): void {
    switch (m.type) {
      case 'joined':
        this.relayIceServers = m.iceServers;
        this.dispatch({ type: 'joined', peerPresent: m.peerPresent });
        return;
      case 'peer-joined':
        this.dispatch({ type: 'peer-joined' });
        return;
      case 'peer-left':
        this.dispatch({ type: 'peer-left' });
        return;
      case 'error':
        this.options.onEvent({ type: 'relay-error', code: m.code });
        if (m.code === 'unauthorized' || m.code === 'token-expired' || m.code === 'room-full' || m.code === 'role-taken') {
          this.dispatch({ type: 'refused', code: m.code });
        }
        return;
      case 'signal':
        if (m.generation > this.state.generation) {
          this.dispatch({ type: 'restart-requested', generation: m.generation, audioOnly: this.state.audioOnly });
        }
        if (m.generation === this.peerGeneration) this.peer?.signal(m.data);
        return;
      case 'restart':
        this.dispatch({ type: 'restart-requested', generation: m.generation, audioOnly: m.audioOnly });
        return;
      case 'ping':
        this.signaling.send({ v: 1, type: 'pong', nonce: m.nonce });
        return;
      case 'pong':
        return;
      case 'bye':
        this.dispatch({ type: 'remote-bye' });
        return;
    }
  }

  // ---- data channel ----

  private async onFrame(frame: Parameters<ConstructorParameters<typeof FrameReceiver>[0]>[0]): Promise<void> {
    switch (frame.type) {
      case 'chat':
        this.emitChat('in', frame.id, frame.text, frame.sentAt);
        return;
      case 'photo':
        await this.emitPhoto('in', frame.bytes, frame.contentType, frame.title);
        return;
      case 'summary':
        this.options.onEvent({ type: 'summary', bundle: frame.bundle });
        return;
      case 'rejected':
        this.options.logger?.warn('data frame rejected', { code: frame.code });
        this.options.onEvent({ type: 'framing-rejected', code: frame.code });
        return;
    }
  }

  private parties(direction: 'in' | 'out'): { sender: StaffReference; recipient: StaffReference } | undefined {
    const r = this.options.records;
    if (r === undefined) return undefined;
    return direction === 'out' ? { sender: r.self, recipient: r.other } : { sender: r.other, recipient: r.self };
  }

  private encounterRef(): { encounter: Reference<Encounter> } | Record<string, never> {
    return this.encounterId === undefined ? {} : { encounter: { reference: `Encounter/${this.encounterId}` } };
  }

  private emitChat(direction: 'in' | 'out', id: string, text: string, sentAt: string): void {
    const p = this.parties(direction);
    const r = this.options.records;
    const communication = p === undefined || r === undefined ? undefined : chatCommunication(r.consult, { id, text, sent: sentAt, ...p, ...this.encounterRef() });
    this.options.onEvent({ type: 'chat', direction, id, text, sentAt, ...(communication === undefined ? {} : { communication }) });
  }

  private async emitPhoto(direction: 'in' | 'out', bytes: Uint8Array, contentType: string, title?: string): Promise<void> {
    const p = this.parties(direction);
    const r = this.options.records;
    const recs = p === undefined || r === undefined
      ? undefined
      : await photoRecords(r.consult, {
        mediaId: this.ids.uuid(), communicationId: this.ids.uuid(), bytes, contentType, created: this.clock.now().toISOString(), ...p,
        ...(title === undefined ? {} : { title }), ...this.encounterRef(),
      });
    this.options.onEvent({ type: 'photo', direction, bytes, contentType, ...(recs === undefined ? {} : { media: recs.media, communication: recs.communication }) });
  }

  // ---- lifecycle, ladder, records ----

  private onConnected(): void {
    if (this.startedAt === undefined) {
      this.startedAt = this.clock.now().toISOString();
      this.encounterId = this.ids.uuid();
      this.emitEncounter(undefined);
    }
    void this.applyLadder();
    const every = this.options.statsIntervalMs ?? 3_000;
    if (every > 0 && this.statsTimer === undefined) {
      this.statsTimer = setInterval(() => { void this.sampleStats(); }, every);
    }
  }

  private onFinal(): void {
    if (this.statsTimer !== undefined) clearInterval(this.statsTimer);
    this.statsTimer = undefined;
    if (this.startedAt !== undefined) this.emitEncounter(this.clock.now().toISOString());
  }

  private emitEncounter(end: string | undefined): void {
    const r = this.options.records;
    if (r === undefined || this.startedAt === undefined || this.encounterId === undefined) return;
    const encounter = callEncounter(r.consult, {
      id: this.encounterId, start: this.startedAt, ...(end === undefined ? {} : { end }),
      participants: [r.self, r.other], serviceProvider: r.serviceProvider,
    });
    this.options.onEvent({ type: 'encounter', encounter });
  }

  private setCeiling(): void {
    const ceiling: LadderStep = this.state.audioOnly || this.cameraOff ? 'audio-only' : 'video-360p';
    const before = this.ladder.step;
    this.ladder = withCeiling(this.ladder, ceiling);
    if (this.ladder.step !== before || ceiling === 'audio-only') void this.applyLadder();
  }

  private async sampleStats(): Promise<void> {
    const pc = this.peer?.connection();
    if (pc === undefined || this.state.name !== 'connected') return;
    const sample = linkSample(statsEntries(await pc.getStats()));
    const before = this.ladder.step;
    this.ladder = nextLadder(this.ladder, sample, this.ladderConfig);
    if (this.ladder.step !== before) await this.applyLadder();
  }

  private async applyLadder(): Promise<void> {
    const pc = this.peer?.connection();
    if (pc === undefined) return;
    const applied = await applyStep(pc.getSenders(), this.ladder.step);
    if (applied.failures.length > 0) this.options.logger?.warn('ladder step not fully applied', { step: applied.step, failures: applied.failures.length });
    this.options.onEvent({ type: 'ladder', step: this.ladder.step });
  }
}
