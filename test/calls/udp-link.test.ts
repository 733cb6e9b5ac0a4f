// The UDP link shaper with plain dgram sockets: an echo server behind the link, a client in front.
import type { Socket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UdpLink } from '../harness/udp-link';
import { startUdpLink } from '../harness/udp-link';

let echo: Socket;
let client: Socket;
let link: UdpLink;
const received: { seq: number; at: number }[] = [];

beforeEach(async () => {
  echo = createSocket('udp4');
  echo.on('message', (msg, r) => { echo.send(msg, r.port, r.address); });
  await new Promise<void>((resolve) => { echo.bind(0, '127.0.0.1', resolve); });
  link = await startUdpLink({ targetPort: echo.address().port, seed: 42 });
  client = createSocket('udp4');
  client.on('message', (msg) => { received.push({ seq: msg.readUInt32BE(0), at: performance.now() }); });
  await new Promise<void>((resolve) => { client.bind(0, '127.0.0.1', resolve); });
  received.length = 0;
});
afterEach(async () => {
  await link.close();
  client.close();
  echo.close();
});

const send = (seq: number, size = 100): void => {
  const b = Buffer.alloc(size);
  b.writeUInt32BE(seq, 0);
  client.send(b, link.port, '127.0.0.1');
};
const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean, maxMs = 5_000): Promise<void> {
  for (let waited = 0; !pred() && waited < maxMs; waited += 10) await settle(10);
}

describe('UDP link shaper', () => {
  it('forwards both ways untouched by default', async () => {
    for (let i = 0; i < 50; i++) send(i);
    await until(() => received.length === 50);
    expect(received.map((r) => r.seq).sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(link.stats.up.forwarded).toBe(50);
    expect(link.stats.down.forwarded).toBe(50);
  });

  it('drops about the configured share of packets (seeded)', async () => {
    link.setProfile({ lossPct: 30 }, 'up');
    for (let i = 0; i < 1000; i++) {
      send(i);
      if (i % 20 === 19) await settle(2); // stay within the kernel's socket buffers
    }
    const seen = (): number => link.stats.up.forwarded + link.stats.up.droppedLoss;
    await until(() => seen() === 1000, 2_000);
    // The kernel may drop a few datagrams before the proxy sees them; the share is what matters.
    expect(seen()).toBeGreaterThan(900);
    const share = link.stats.up.droppedLoss / seen();
    expect(share).toBeGreaterThan(0.24);
    expect(share).toBeLessThan(0.36);
    expect(received.length).toBeLessThanOrEqual(link.stats.up.forwarded);
  });

  it('adds at least the configured latency in each direction', async () => {
    link.setProfile({ latencyMs: 100 });
    const t0 = performance.now();
    send(1);
    await until(() => received.length === 1);
    expect((received[0]?.at ?? 0) - t0).toBeGreaterThanOrEqual(195); // 100 ms up + 100 ms down
  });

  it('limits the rate: a burst beyond the queue is dropped, the rest is spaced at the link rate', async () => {
    // 80 kbit/s, 1000-byte packets (+28 header) = ~103 ms each; a 250 ms buffer holds ~3.
    link.setProfile({ rateBps: 80_000, maxQueueMs: 250 }, 'up');
    for (let i = 0; i < 40; i++) send(i, 1000);
    await until(() => link.stats.up.forwarded + link.stats.up.droppedQueue === 40 && received.length === link.stats.up.forwarded);
    expect(link.stats.up.droppedQueue).toBeGreaterThan(30);
    expect(link.stats.up.forwarded).toBeGreaterThanOrEqual(3);
    const gaps = received.slice(1).map((r, i) => r.at - (received[i]?.at ?? 0));
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(90); // serialization spacing is a lower bound
  });

  it('cuts everything during an outage and recovers after it', async () => {
    const over = link.outage(300);
    for (let i = 0; i < 20; i++) send(i);
    await over;
    expect(link.stats.up.droppedOutage).toBe(20);
    expect(received).toEqual([]);
    send(99);
    await until(() => received.length === 1);
    expect(received[0]?.seq).toBe(99);
    link.setCut(true);
    send(100);
    await settle(50);
    expect(received).toHaveLength(1);
  });
});
