import { describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import type { FrameChannel, FramingLimits, ReceivedFrame } from '../../src-core/teleconsult/data-channel-framing';
import { DEFAULT_FRAMING, encodeChunk, FrameReceiver, FrameSender, sha256Base64 } from '../../src-core/teleconsult/data-channel-framing';

/** An in-memory channel that queues frames and drains them only when asked, to exercise backpressure. */
function memoryChannel(): FrameChannel & { queue: (string | Uint8Array)[]; maxQueued: number; drain(): (string | Uint8Array)[] } {
  const queue: (string | Uint8Array)[] = [];
  let lowWaiters: (() => void)[] = [];
  const queued = (): number => queue.reduce((n, f) => n + (typeof f === 'string' ? f.length : f.length), 0);
  const ch = {
    queue,
    maxQueued: 0,
    send: (d: string | Uint8Array) => { queue.push(d); ch.maxQueued = Math.max(ch.maxQueued, queued()); },
    bufferedAmount: queued,
    waitForLow: () => new Promise<void>((r) => { lowWaiters.push(r); }),
    drain: () => {
      const out = queue.splice(0);
      const w = lowWaiters;
      lowWaiters = [];
      w.forEach((f) => { f(); });
      return out;
    },
  };
  return ch;
}

async function pump(ch: ReturnType<typeof memoryChannel>, rx: FrameReceiver, done: Promise<unknown>): Promise<void> {
  let finished = false as boolean; // set when `done` settles
  void done.then(() => { finished = true; });
  while (!finished || ch.queue.length > 0) {
    for (const f of ch.drain()) await rx.receive(f);
    await new Promise((r) => setTimeout(r, 0));
  }
}

const limits: FramingLimits = { ...DEFAULT_FRAMING, chunkBytes: 1024, highWaterBytes: 8 * 1024, maxTransferBytes: 64 * 1024, maxConcurrentTransfers: 2 };
const random = (n: number): Uint8Array => { const b = new Uint8Array(n); crypto.getRandomValues(b); return b; };

describe('data channel framing', () => {
  it('sends chat and reassembles a chunked photo, pausing on bufferedAmount', async () => {
    const ch = memoryChannel();
    const frames: ReceivedFrame[] = [];
    const rx = new FrameReceiver((f) => frames.push(f), limits);
    const tx = new FrameSender(ch, limits, () => 'id-1', () => new Date('2025-01-01T00:00:00Z'));
    tx.sendChat('hola');
    const photo = random(50_000);
    const sending = tx.sendPhoto(photo, 'image/png', 'foto');
    await pump(ch, rx, sending);
    expect(ch.maxQueued).toBeLessThanOrEqual(limits.highWaterBytes + limits.chunkBytes + 1024);
    expect(frames[0]).toEqual({ type: 'chat', id: 'id-1', text: 'hola', sentAt: '2025-01-01T00:00:00.000Z' });
    const got = frames[1];
    expect(got?.type).toBe('photo');
    if (got?.type === 'photo') {
      expect(got.bytes).toEqual(photo);
      expect(got.sha256).toBe(await sha256Base64(photo));
      expect(got.title).toBe('foto');
    }
    expect(rx.activeTransfers).toBe(0);
  });

  it('shares the patient summary only with explicit consent', async () => {
    const ch = memoryChannel();
    const frames: ReceivedFrame[] = [];
    const rx = new FrameReceiver((f) => frames.push(f), limits);
    const tx = new FrameSender(ch, limits);
    const bundle: Bundle = { resourceType: 'Bundle', type: 'collection', entry: [] };
    await expect(tx.shareSummary(bundle, { confirmed: false })).rejects.toThrow(/consent/);
    expect(ch.queue).toEqual([]);
    await pump(ch, rx, tx.shareSummary(bundle, { confirmed: true }));
    expect(frames).toEqual([{ type: 'summary', id: expect.any(Number) as number, bundle }]);
  });

  it('rejects hostile frames and keeps working', async () => {
    const frames: ReceivedFrame[] = [];
    const rx = new FrameReceiver((f) => frames.push(f), limits);
    const start = (o: Record<string, unknown>): string => JSON.stringify({ v: 1, kind: 'transfer-start', id: 1, purpose: 'photo', contentType: 'image/png', size: 2048, chunkBytes: 1024, chunks: 2, sha256: 'A'.repeat(43) + '=', ...o });
    const cases: [string | Uint8Array, string][] = [
      ['not json', 'malformed'],
      ['{"v":1,"kind":"chat","id":"x","text":"","sentAt":"2025-01-01"}', 'malformed'],
      ['{"v":1,"kind":"chat","id":"x","text":"hi","sentAt":"2025-01-01","__proto__":{"p":1}}', 'malformed'],
      ['{"v":1,"kind":"exec"}', 'unknown-kind'],
      ['x'.repeat(20_000), 'too-large'],
      [start({ contentType: 'text/html' }), 'content-type'],
      [start({ size: 10 * 1024 * 1024 * 1024 }), 'malformed'],
      [start({ size: 1_000_000, chunks: 977 }), 'too-large'],
      [start({ chunks: 5 }), 'malformed'],
      [encodeChunk(99, 0, new Uint8Array(10)), 'unknown-transfer'],
      [new Uint8Array([1, 2, 3]), 'malformed'],
    ];
    for (const [input, code] of cases) {
      await rx.receive(input);
      expect(frames.pop()).toMatchObject({ type: 'rejected', code });
    }
    // Concurrency limit.
    await rx.receive(start({ id: 10 }));
    await rx.receive(start({ id: 11 }));
    await rx.receive(start({ id: 12 }));
    expect(frames.pop()).toMatchObject({ code: 'too-many-transfers', transferId: 12 });
    await rx.receive(start({ id: 10 }));
    expect(frames.pop()).toMatchObject({ code: 'duplicate-transfer' });
    // Wrong chunk length, duplicate chunk, out-of-range seq.
    await rx.receive(encodeChunk(10, 0, new Uint8Array(100)));
    expect(frames.pop()).toMatchObject({ code: 'bad-chunk', transferId: 10 });
    await rx.receive(encodeChunk(11, 0, new Uint8Array(1024)));
    await rx.receive(encodeChunk(11, 0, new Uint8Array(1024)));
    expect(frames.pop()).toMatchObject({ code: 'duplicate-chunk', transferId: 11 });
    // A complete transfer whose bytes do not match the declared hash.
    await rx.receive(start({ id: 20 }));
    await rx.receive(encodeChunk(20, 0, new Uint8Array(1024)));
    await rx.receive(encodeChunk(20, 1, new Uint8Array(1024)));
    expect(frames.pop()).toMatchObject({ code: 'hash-mismatch', transferId: 20 });
    expect(frames).toEqual([]);
    // Still works afterwards.
    await rx.receive('{"v":1,"kind":"chat","id":"ok","text":"sigo","sentAt":"2025-01-01T00:00:00Z"}');
    expect(frames.pop()).toMatchObject({ type: 'chat', text: 'sigo' });
  });

  it('refuses to send what the receiver would reject', async () => {
    const tx = new FrameSender(memoryChannel(), limits);
    await expect(tx.sendPhoto(new Uint8Array(0), 'image/png')).rejects.toThrow(RangeError);
    await expect(tx.sendPhoto(new Uint8Array(limits.maxTransferBytes + 1), 'image/png')).rejects.toThrow(RangeError);
    await expect(tx.sendPhoto(new Uint8Array(10), 'application/x-msdownload')).rejects.toThrow(RangeError);
    expect(() => tx.sendChat('x'.repeat(limits.maxChatChars + 1))).toThrow(RangeError);
  });
});
