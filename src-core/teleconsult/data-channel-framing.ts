// Framing on the call's data channel (DESIGN §6): chat text, the patient summary (a FHIR Bundle,
// only after explicit consent), and photos, both of the latter as chunked transfers with ids,
// sequence numbers, total size and a SHA-256 check. The sender respects backpressure through the
// channel's bufferedAmount; the receiver reassembles within limits and treats every frame as hostile.
//
// Wire format, protocol version 1:
//  - text frames: one JSON object { v: 1, kind: 'chat' | 'transfer-start' | 'transfer-abort', ... }
//  - binary frames: chunk = [0xCE, 0x01, transferId u32 BE, seq u32 BE, payload...]
import type { Bundle } from '@medplum/fhirtypes';

export const FRAMING_VERSION = 1;
const MAGIC = 0xce;
export const CHUNK_HEADER_BYTES = 10;

/** What the framing needs from a data channel (simple-peer adapter, or an in-memory pair in tests). */
export interface FrameChannel {
  send(data: string | Uint8Array): void;
  bufferedAmount(): number;
  /** Resolves once bufferedAmount has fallen to the low threshold (or the channel closed). */
  waitForLow(): Promise<void>;
}

export interface FramingLimits {
  readonly chunkBytes: number;
  readonly maxTransferBytes: number;
  readonly maxConcurrentTransfers: number;
  readonly maxTextFrameChars: number;
  readonly maxChatChars: number;
  /** The sender pauses while more than this is queued on the channel. */
  readonly highWaterBytes: number;
}

export const DEFAULT_FRAMING: FramingLimits = {
  chunkBytes: 16 * 1024,
  maxTransferBytes: 10 * 1024 * 1024,
  maxConcurrentTransfers: 4,
  maxTextFrameChars: 16 * 1024,
  maxChatChars: 4_000,
  highWaterBytes: 1024 * 1024,
};

export type TransferPurpose = 'photo' | 'summary';
const ALLOWED_TYPES: Readonly<Record<TransferPurpose, readonly string[]>> = {
  photo: ['image/jpeg', 'image/png', 'image/webp'],
  summary: ['application/fhir+json'],
};

export type ReceivedFrame =
  | { readonly type: 'chat'; readonly id: string; readonly text: string; readonly sentAt: string }
  | { readonly type: 'photo'; readonly id: number; readonly contentType: string; readonly bytes: Uint8Array; readonly sha256: string; readonly title?: string }
  | { readonly type: 'summary'; readonly id: number; readonly bundle: Bundle }
  | { readonly type: 'rejected'; readonly code: FramingErrorCode; readonly transferId?: number };

export type FramingErrorCode =
  | 'malformed' | 'unknown-kind' | 'too-large' | 'too-many-transfers' | 'unknown-transfer' | 'bad-chunk'
  | 'duplicate-chunk' | 'hash-mismatch' | 'content-type' | 'aborted' | 'duplicate-transfer';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function safeParse(text: string): Record<string, unknown> | undefined {
  let polluted = false as boolean; // set inside the reviver
  try {
    const v: unknown = JSON.parse(text, (k, val: unknown) => {
      if (FORBIDDEN_KEYS.has(k)) polluted = true;
      return val;
    });
    return !polluted && typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export async function sha256Base64(bytes: Uint8Array): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}

const u32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

export function encodeChunk(transferId: number, seq: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(CHUNK_HEADER_BYTES + payload.length);
  const view = new DataView(frame.buffer);
  frame[0] = MAGIC;
  frame[1] = FRAMING_VERSION;
  view.setUint32(2, transferId);
  view.setUint32(6, seq);
  frame.set(payload, CHUNK_HEADER_BYTES);
  return frame;
}

/** Sends chat, photos and (with consent) the patient summary over one channel. */
export class FrameSender {
  private nextTransferId: number;

  constructor(
    private readonly channel: FrameChannel,
    private readonly limits: FramingLimits = DEFAULT_FRAMING,
    private readonly newId: () => string = () => crypto.randomUUID(),
    private readonly now: () => Date = () => new Date(),
  ) {
    this.nextTransferId = Math.floor(Math.random() * 0x7fffffff);
  }

  sendChat(text: string): { id: string; sentAt: string } {
    if (text.length === 0 || text.length > this.limits.maxChatChars) throw new RangeError('chat text must be 1..maxChatChars characters');
    const id = this.newId();
    const sentAt = this.now().toISOString();
    this.channel.send(JSON.stringify({ v: FRAMING_VERSION, kind: 'chat', id, text, sentAt }));
    return { id, sentAt };
  }

  /** Sends the patient summary. `consent` must be the nurse's explicit confirmation. */
  async shareSummary(bundle: Bundle, consent: { readonly confirmed: boolean }): Promise<number> {
    if (!consent.confirmed) throw new Error('the patient summary is shared only after explicit consent');
    return this.sendTransfer('summary', 'application/fhir+json', new TextEncoder().encode(JSON.stringify(bundle)));
  }

  sendPhoto(bytes: Uint8Array, contentType: string, title?: string): Promise<number> {
    return this.sendTransfer('photo', contentType, bytes, title);
  }

  private async sendTransfer(purpose: TransferPurpose, contentType: string, bytes: Uint8Array, title?: string): Promise<number> {
    if (!ALLOWED_TYPES[purpose].includes(contentType)) throw new RangeError(`content type not allowed for ${purpose}`);
    if (bytes.length === 0 || bytes.length > this.limits.maxTransferBytes) throw new RangeError('transfer size out of range');
    const id = this.nextTransferId;
    this.nextTransferId = (this.nextTransferId + 1) % 0xffffffff;
    const chunkBytes = this.limits.chunkBytes;
    const chunks = Math.ceil(bytes.length / chunkBytes);
    this.channel.send(JSON.stringify({
      v: FRAMING_VERSION, kind: 'transfer-start', id, purpose, contentType, size: bytes.length, chunkBytes, chunks,
      sha256: await sha256Base64(bytes), ...(title === undefined ? {} : { title }),
    }));
    for (let seq = 0; seq < chunks; seq++) {
      while (this.channel.bufferedAmount() > this.limits.highWaterBytes) await this.channel.waitForLow();
      this.channel.send(encodeChunk(id, seq, bytes.subarray(seq * chunkBytes, Math.min(bytes.length, (seq + 1) * chunkBytes))));
    }
    return id;
  }
}

interface Incoming {
  readonly purpose: TransferPurpose;
  readonly contentType: string;
  readonly size: number;
  readonly chunkBytes: number;
  readonly chunks: number;
  readonly sha256: string;
  readonly title: string | undefined;
  readonly buffer: Uint8Array;
  readonly seen: Uint8Array;
  received: number;
}

/** Reassembles what a FrameSender sent; reports every violation as a `rejected` frame and moves on. */
export class FrameReceiver {
  private readonly transfers = new Map<number, Incoming>();
  private readonly finished = new Set<number>();

  constructor(
    private readonly onFrame: (frame: ReceivedFrame) => void,
    private readonly limits: FramingLimits = DEFAULT_FRAMING,
  ) {}

  get activeTransfers(): number {
    return this.transfers.size;
  }

  async receive(data: string | Uint8Array): Promise<void> {
    if (typeof data === 'string') this.receiveText(data);
    else await this.receiveChunk(data);
  }

  private reject(code: FramingErrorCode, transferId?: number): void {
    this.onFrame({ type: 'rejected', code, ...(transferId === undefined ? {} : { transferId }) });
  }

  private receiveText(text: string): void {
    if (text.length > this.limits.maxTextFrameChars) { this.reject('too-large'); return; }
    const m = safeParse(text);
    if (m?.v !== FRAMING_VERSION) { this.reject('malformed'); return; }
    switch (m.kind) {
      case 'chat': {
        const { id, text: body, sentAt } = m;
        if (typeof id !== 'string' || id.length > 64 || typeof body !== 'string' || body.length === 0 || body.length > this.limits.maxChatChars ||
          typeof sentAt !== 'string' || sentAt.length > 40 || Number.isNaN(Date.parse(sentAt))) {
          this.reject('malformed'); return;
        }
        this.onFrame({ type: 'chat', id, text: body, sentAt });
        return;
      }
      case 'transfer-start':
        { this.startTransfer(m); return; }
      case 'transfer-abort':
        if (u32(m.id) && this.transfers.delete(m.id)) this.reject('aborted', m.id);
        return;
      default:
        { this.reject('unknown-kind'); return; }
    }
  }

  private startTransfer(m: Record<string, unknown>): void {
    const { id, purpose, contentType, size, chunkBytes, chunks, sha256, title } = m;
    if (!u32(id) || (purpose !== 'photo' && purpose !== 'summary') || typeof contentType !== 'string' || !u32(size) || !u32(chunkBytes) ||
      !u32(chunks) || typeof sha256 !== 'string' || sha256.length !== 44 || (title !== undefined && (typeof title !== 'string' || title.length > 200))) {
      this.reject('malformed'); return;
    }
    if (this.transfers.has(id) || this.finished.has(id)) { this.reject('duplicate-transfer', id); return; }
    if (!ALLOWED_TYPES[purpose].includes(contentType)) { this.reject('content-type', id); return; }
    if (size === 0 || size > this.limits.maxTransferBytes) { this.reject('too-large', id); return; }
    if (chunkBytes === 0 || chunkBytes > 64 * 1024 || chunks !== Math.ceil(size / chunkBytes)) { this.reject('malformed', id); return; }
    if (this.transfers.size >= this.limits.maxConcurrentTransfers) { this.reject('too-many-transfers', id); return; }
    this.transfers.set(id, {
      purpose, contentType, size, chunkBytes, chunks, sha256, title, buffer: new Uint8Array(size), seen: new Uint8Array(chunks), received: 0,
    });
  }

  private async receiveChunk(frame: Uint8Array): Promise<void> {
    if (frame.length < CHUNK_HEADER_BYTES || frame[0] !== MAGIC || frame[1] !== FRAMING_VERSION) { this.reject('malformed'); return; }
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    const id = view.getUint32(2);
    const seq = view.getUint32(6);
    const t = this.transfers.get(id);
    if (t === undefined) { this.reject('unknown-transfer', id); return; }
    const payload = frame.subarray(CHUNK_HEADER_BYTES);
    const expected = seq === t.chunks - 1 ? t.size - seq * t.chunkBytes : t.chunkBytes;
    if (seq >= t.chunks || payload.length !== expected) {
      this.transfers.delete(id);
      this.reject('bad-chunk', id); return;
    }
    if (t.seen[seq] === 1) {
      this.transfers.delete(id);
      this.reject('duplicate-chunk', id); return;
    }
    t.seen[seq] = 1;
    t.buffer.set(payload, seq * t.chunkBytes);
    t.received++;
    if (t.received < t.chunks) return;
    this.transfers.delete(id);
    this.finished.add(id);
    if ((await sha256Base64(t.buffer)) !== t.sha256) { this.reject('hash-mismatch', id); return; }
    if (t.purpose === 'photo') {
      this.onFrame({ type: 'photo', id, contentType: t.contentType, bytes: t.buffer, sha256: t.sha256, ...(t.title === undefined ? {} : { title: t.title }) });
      return;
    }
    const bundle = safeParse(new TextDecoder().decode(t.buffer));
    if (bundle?.resourceType !== 'Bundle') { this.reject('malformed', id); return; }
    this.onFrame({ type: 'summary', id, bundle: bundle as unknown as Bundle });
  }
}
