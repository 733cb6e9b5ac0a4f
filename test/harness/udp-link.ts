// A scriptable UDP link on loopback (this kernel has no netem): a proxy in front of a UDP server
// (coturn, for calls) that shapes each direction with a rate limit (token bucket with a bounded
// queue, like a router buffer), added latency, random loss, and outages (everything dropped).
// Clients talk to the proxy's port; each client address gets its own upstream socket, so the
// server sees one distinct source per client, as through a NAT.
import type { RemoteInfo, Socket } from 'node:dgram';
import { createSocket } from 'node:dgram';

export interface LinkProfile {
  /** Bits per second; undefined = unlimited. */
  readonly rateBps?: number;
  /** One-way delay added to every packet, ms. */
  readonly latencyMs?: number;
  /** Percent of packets dropped at random, 0..100. */
  readonly lossPct?: number;
  /** Most queueing delay a packet may face before it is dropped (buffer size), ms. Default 400. */
  readonly maxQueueMs?: number;
}

export interface DirectionStats {
  forwarded: number;
  bytes: number;
  droppedLoss: number;
  droppedQueue: number;
  droppedOutage: number;
}

export interface UdpLink {
  /** The port clients send to (127.0.0.1). */
  readonly port: number;
  /** Shapes both directions the same way (per direction: `up` = client -> server). */
  setProfile(profile: LinkProfile, direction?: 'up' | 'down' | 'both'): void;
  /** Drops everything for `ms` (both directions), then restores; resolves when the outage ends. */
  outage(ms: number): Promise<void>;
  /** Starts or ends a cut with no set end. */
  setCut(cut: boolean): void;
  readonly stats: { readonly up: DirectionStats; readonly down: DirectionStats };
  close(): Promise<void>;
}

/** A small seeded PRNG (mulberry32) so loss patterns can be reproduced. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Shaper {
  profile: LinkProfile = {};
  private nextFreeAt = 0;
  readonly stats: DirectionStats = { forwarded: 0, bytes: 0, droppedLoss: 0, droppedQueue: 0, droppedOutage: 0 };
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly random: () => number, private readonly isCut: () => boolean) {}

  push(packet: Buffer, deliver: (p: Buffer) => void): void {
    if (this.isCut()) {
      this.stats.droppedOutage++;
      return;
    }
    const p = this.profile;
    if (p.lossPct !== undefined && p.lossPct > 0 && this.random() * 100 < p.lossPct) {
      this.stats.droppedLoss++;
      return;
    }
    const now = performance.now();
    let departAt = now;
    if (p.rateBps !== undefined && p.rateBps > 0) {
      // Serialization at the link rate (UDP/IP headers counted: +28 bytes).
      const start = Math.max(now, this.nextFreeAt);
      if (start - now > (p.maxQueueMs ?? 400)) {
        this.stats.droppedQueue++;
        return;
      }
      departAt = start + ((packet.length + 28) * 8 * 1000) / p.rateBps;
      this.nextFreeAt = departAt;
    }
    const delay = departAt - now + (p.latencyMs ?? 0);
    const send = (): void => {
      if (this.isCut()) {
        this.stats.droppedOutage++;
        return;
      }
      this.stats.forwarded++;
      this.stats.bytes += packet.length;
      deliver(packet);
    };
    if (delay < 0.5) {
      send();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      send();
    }, delay);
    this.timers.add(t);
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export async function startUdpLink(options: { targetPort: number; targetHost?: string; seed?: number; profile?: LinkProfile }): Promise<UdpLink> {
  const targetHost = options.targetHost ?? '127.0.0.1';
  const random = seededRandom(options.seed ?? 1);
  let cut = false;
  const isCut = (): boolean => cut;
  const up = new Shaper(random, isCut);
  const down = new Shaper(random, isCut);
  if (options.profile !== undefined) {
    up.profile = options.profile;
    down.profile = options.profile;
  }
  const front: Socket = createSocket('udp4');
  const upstreams = new Map<string, Socket>();

  const upstreamFor = (client: RemoteInfo): Socket => {
    const key = `${client.address}:${client.port}`;
    let s = upstreams.get(key);
    if (s !== undefined) return s;
    const sock = createSocket('udp4');
    sock.on('message', (msg) => {
      down.push(msg, (p) => { front.send(p, client.port, client.address); });
    });
    sock.on('error', () => undefined);
    sock.bind(0, '127.0.0.1');
    upstreams.set(key, sock);
    s = sock;
    return s;
  };

  front.on('message', (msg, rinfo) => {
    const sock = upstreamFor(rinfo);
    up.push(msg, (p) => { sock.send(p, options.targetPort, targetHost); });
  });
  front.on('error', () => undefined);
  await new Promise<void>((resolve) => { front.bind(0, '127.0.0.1', resolve); });
  const port = front.address().port;
  let outageTimer: ReturnType<typeof setTimeout> | undefined;

  return {
    port,
    setProfile: (profile, direction = 'both') => {
      if (direction !== 'down') up.profile = profile;
      if (direction !== 'up') down.profile = profile;
    },
    outage: (ms) =>
      new Promise<void>((resolve) => {
        cut = true;
        outageTimer = setTimeout(() => {
          cut = false;
          outageTimer = undefined;
          resolve();
        }, ms);
      }),
    setCut: (value) => { cut = value; },
    stats: { up: up.stats, down: down.stats },
    close: async () => {
      if (outageTimer !== undefined) clearTimeout(outageTimer);
      up.clear();
      down.clear();
      await Promise.all([front, ...upstreams.values()].map((s) => new Promise<void>((resolve) => { s.close(() => { resolve(); }); })));
    },
  };
}
