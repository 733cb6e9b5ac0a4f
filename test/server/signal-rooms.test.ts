// Membership: across many rooms and random traffic, a message only ever reaches the other member of
// the sender's room, in order, and nothing else arrives. Plus the 500-room load (correctness only;
// the round-trip p95 is a benchmark figure in test/bench/call.bench.ts).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalRelay } from '../../src-server/signal/relay';
import { startSignalRelay } from '../../src-server/signal/relay';
import type { TestClient } from './signal-fixture';
import { joined, runSignalLoad, SECRET } from './signal-fixture';

let relay: SignalRelay;
beforeAll(async () => {
  relay = await startSignalRelay({ port: 0, tokenSecret: SECRET, limits: { rateBurst: 10_000, ratePerSecond: 10_000 } });
});
afterAll(async () => { await relay.close(); });

describe('room membership', () => {
  it('never delivers a message outside the sender\'s room (random traffic over 6 rooms)', async () => {
    const ROOMS = 6;
    const clients: TestClient[] = [];
    for (let r = 0; r < ROOMS; r++) {
      const nurse = await joined(relay.url, `iso-${r}`, `n${r}`, 'nurse');
      clients.push(nurse, await joined(relay.url, `iso-${r}`, `s${r}`, 'specialist'));
      await nurse.next((m) => m.type === 'peer-joined');
    }
    clients.forEach((c) => { c.messages.length = 0; });
    let base = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(ROOMS * 2 - 1), { minLength: 1, maxLength: 60 }), async (senders) => {
        const sent = new Map<number, number[]>(); // receiver index -> nonces in order
        for (const s of senders) {
          const nonce = base++ * 100 + s; // the sender is recoverable from the nonce
          clients[s]?.sendJson({ v: 1, type: 'ping', nonce });
          const partner = s ^ 1;
          sent.set(partner, [...(sent.get(partner) ?? []), nonce]);
        }
        // Barrier: each client pings its partner with a sentinel and waits for the partner's one.
        const sentinel = -(base++);
        clients.forEach((c) => { c.sendJson({ v: 1, type: 'pong', nonce: sentinel }); });
        await Promise.all(clients.map((c) => c.next((m) => m.type === 'pong' && m.nonce === sentinel)));
        clients.forEach((c, i) => {
          const got = c.messages.map((m) => (m.type === 'ping' ? m.nonce : NaN));
          expect(got).toEqual(sent.get(i) ?? []);
          const fromRole = i % 2 === 0 ? 'specialist' : 'nurse';
          expect(c.messages.every((m) => m.type === 'ping' && m.from === fromRole)).toBe(true);
          c.messages.length = 0;
        });
      }),
      { numRuns: 15 },
    );
    clients.forEach((c) => { c.ws.close(); });
  });

  it('holds 500 concurrent rooms (1000 clients) and delivers every message to the right peer', async () => {
    const result = await runSignalLoad(relay.url, 500, 3);
    expect(result.roundTrips).toBe(1500);
    expect(result.misdelivered).toBe(0);
  }, 120_000);
});
