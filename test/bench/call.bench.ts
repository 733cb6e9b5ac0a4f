// Live-call figures (DESIGN §9, issue "Teleconsultation"), `npx tsx test/bench/run.ts call [--short]`.
// Two CallSessions in this Node process with @roamhq/wrtc (synthetic 360p video and a 48 kHz tone
// as media), signaled through the relay, media forced through a local coturn (`iceTransportPolicy:
// 'relay'`) behind the UDP link shaper, so "rural" is a real 256 kbit/s, 300 ms RTT, 2 % loss path.
// Not Chromium: libwebrtc in @roamhq/wrtc is an older build than Chromium's (see the report notes).
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import type { LadderStep } from '../../src-core/teleconsult/bandwidth-policy';
import { STEP_SPECS } from '../../src-core/teleconsult/bandwidth-policy';
import type { WrtcImplementation } from '../../src-core/teleconsult/adapters/simple-peer-factory';
import { simplePeerFactory } from '../../src-core/teleconsult/adapters/simple-peer-factory';
import type { CallSessionEvent } from '../../src-core/teleconsult/call-session';
import { CallSession } from '../../src-core/teleconsult/call-session';
import type { LinkCounters } from '../../src-core/teleconsult/link-stats';
import { linkCounters, statsEntries } from '../../src-core/teleconsult/link-stats';
import type { CallRole } from '../../src-core/teleconsult/signaling-protocol';
import type { WebSocketLike } from '../../src-core/teleconsult/signaling-client';
import { issueJoinToken } from '../../src-server/signal/join-token';
import type { SignalRelay } from '../../src-server/signal/relay';
import { startSignalRelay } from '../../src-server/signal/relay';
import type { UdpLink } from '../harness/udp-link';
import { startUdpLink } from '../harness/udp-link';
import { startTurnServer } from '../harness/turn-server';
import { runSignalLoad, SECRET as LOAD_SECRET } from '../server/signal-fixture';
import type { BenchOptions, BenchReport, Figure } from './report';
import { machineInfo, median, percentile } from './report';

const SECRET = 'bench-call-secret-0123456789';
const RURAL = { rateBps: 256_000, latencyMs: 150, lossPct: 2, maxQueueMs: 500 } as const; // 150 ms each way = 300 ms RTT
const W = 640;
const H = 360;

interface Media {
  readonly stream: MediaStream;
  stop(): void;
}

/** A 48 kHz tone every 10 ms and a moving 360p picture at 15 fps. */
function syntheticMedia(): Media {
  const audio = new wrtc.nonstandard.RTCAudioSource();
  const video = new wrtc.nonstandard.RTCVideoSource();
  const samples = new Int16Array(480);
  let phase = 0;
  const audioTimer = setInterval(() => {
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((phase++ * 2 * Math.PI * 440) / 48_000));
    audio.onData({ samples, sampleRate: 48_000 });
  }, 10);
  const frame = new Uint8Array((W * H * 3) / 2);
  let t = 0;
  const videoTimer = setInterval(() => {
    t++;
    for (let y = 0; y < H; y++) {
      const row = y * W;
      for (let x = 0; x < W; x++) frame[row + x] = (x + y + t * 4) & 0xff;
    }
    frame.fill(128, W * H);
    video.onFrame({ width: W, height: H, data: frame });
  }, 1000 / 15);
  const tracks = [audio.createTrack(), video.createTrack()];
  return {
    stream: new wrtc.MediaStream(tracks),
    stop: () => {
      clearInterval(audioTimer);
      clearInterval(videoTimer);
      tracks.forEach((tr) => { tr.stop(); });
    },
  };
}

interface Party {
  readonly session: CallSession;
  readonly media: Media;
  connectedAt: number | undefined;
  firstFrameAt: number | undefined;
  frames: number;
  readonly steps: { at: number; step: LadderStep }[];
  readonly sinks: { stop(): void }[];
}

function party(relay: SignalRelay, room: string, role: CallRole, statsIntervalMs: number): Party {
  const media = syntheticMedia();
  const p: Party = {
    media, connectedAt: undefined, firstFrameAt: undefined, frames: 0, steps: [], sinks: [],
    session: undefined as unknown as CallSession,
  };
  const onEvent = (e: CallSessionEvent): void => {
    if (e.type === 'state' && e.state.name === 'connected' && p.connectedAt === undefined) p.connectedAt = performance.now();
    if (e.type === 'ladder') p.steps.push({ at: performance.now(), step: e.step });
    if (e.type === 'remote-stream') {
      for (const track of e.stream.getVideoTracks()) {
        const sink = new wrtc.nonstandard.RTCVideoSink(track);
        sink.onframe = () => {
          p.frames++;
          p.firstFrameAt ??= performance.now();
        };
        p.sinks.push(sink);
      }
    }
  };
  (p as { session: CallSession }).session = new CallSession({
    role,
    signalUrl: relay.url,
    joinToken: () => Promise.resolve(issueJoinToken(SECRET, { room, user: `${role}-b`, role }, 300)),
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    peerFactory: simplePeerFactory({ wrtc: wrtc as unknown as WrtcImplementation }),
    iceTransportPolicy: 'relay',
    stream: media.stream,
    statsIntervalMs,
    onEvent,
  });
  return p;
}

function close(...ps: Party[]): void {
  for (const p of ps) {
    p.session.end();
    p.sinks.forEach((s) => { s.stop(); });
    p.media.stop();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean, maxMs: number): Promise<boolean> {
  const end = performance.now() + maxMs;
  while (!pred()) {
    if (performance.now() > end) return false;
    await sleep(20);
  }
  return true;
}

async function counters(p: Party): Promise<LinkCounters | undefined> {
  const pc = p.session.connection();
  return pc === undefined ? undefined : linkCounters(statsEntries(await pc.getStats()), performance.now());
}

let roomSeq = 0;
/** Starts a call and returns the seconds to 'connected' (both sides) and to the first remote video frame. */
async function connectCall(relay: SignalRelay, statsIntervalMs: number, timeoutMs: number): Promise<{ nurse: Party; spec: Party; connectS: number; firstFrameS: number }> {
  const room = `bench-${process.pid}-${roomSeq++}`;
  const nurse = party(relay, room, 'nurse', statsIntervalMs);
  const spec = party(relay, room, 'specialist', statsIntervalMs);
  const t0 = performance.now();
  nurse.session.start();
  spec.session.start();
  const ok = await until(() => nurse.connectedAt !== undefined && spec.connectedAt !== undefined && spec.firstFrameAt !== undefined, timeoutMs);
  if (!ok) {
    close(nurse, spec);
    throw new Error(`call did not connect within ${timeoutMs} ms (nurse ${nurse.session.current.name}, specialist ${spec.session.current.name})`);
  }
  return {
    nurse, spec,
    connectS: (Math.max(nurse.connectedAt ?? 0, spec.connectedAt ?? 0) - t0) / 1000,
    firstFrameS: ((spec.firstFrameAt ?? 0) - t0) / 1000,
  };
}

/** Video send rate of `p` in 5 s windows against the video cap of the step in force over the window. */
async function videoOverCap(p: Party, seconds: number): Promise<{ ratio: number; windows: number; steps: string[] }> {
  const samples: { c: LinkCounters; step: LadderStep }[] = [];
  for (let i = 0; i <= seconds; i++) {
    const c = await counters(p);
    if (c !== undefined) samples.push({ c, step: p.session.ladderStep });
    await sleep(1000);
  }
  let ratio = 0;
  let windows = 0;
  for (let i = 0; i + 5 < samples.length; i++) {
    const a = samples[i];
    const b = samples[i + 5];
    if (a === undefined || b === undefined) continue;
    const stepsIn = samples.slice(i, i + 6).map((s) => s.step);
    if (new Set(stepsIn).size !== 1 || a.step === 'audio-only') continue; // one cap over the whole window, video on
    const bps = ((b.c.videoBytesSent - a.c.videoBytesSent) * 8 * 1000) / (b.c.timestampMs - a.c.timestampMs);
    ratio = Math.max(ratio, bps / STEP_SPECS[a.step].videoMaxBps);
    windows++;
  }
  return { ratio, windows, steps: [...new Set(samples.map((s) => s.step))] };
}

async function audioLossWithVideoDropped(nurse: Party, spec: Party, seconds: number): Promise<{ lossPct: number; concealedPct: number; videoBps: number }> {
  nurse.session.setCameraOff(true);
  await sleep(2000);
  const a = await counters(spec);
  const va = await counters(nurse);
  await sleep(seconds * 1000);
  const b = await counters(spec);
  const vb = await counters(nurse);
  if (a === undefined || b === undefined || va === undefined || vb === undefined) throw new Error('no stats');
  const lost = b.audioPacketsLost - a.audioPacketsLost;
  const got = b.audioPacketsReceived - a.audioPacketsReceived;
  const samples = b.audioTotalSamplesReceived - a.audioTotalSamplesReceived;
  return {
    lossPct: (100 * lost) / Math.max(1, lost + got),
    concealedPct: samples > 0 ? (100 * (b.audioConcealedSamples - a.audioConcealedSamples)) / samples : NaN,
    videoBps: ((vb.videoBytesSent - va.videoBytesSent) * 8 * 1000) / (vb.timestampMs - va.timestampMs),
  };
}

async function recoveryAfterOutage(link: UdpLink, relay: SignalRelay): Promise<{ fromEndS: number; fromStartS: number; generations: number }> {
  const { nurse, spec } = await connectCall(relay, 3000, 30_000);
  try {
    await sleep(2000);
    const gen0 = spec.session.current.generation;
    const t0 = performance.now();
    await link.outage(10_000);
    const tEnd = performance.now();
    // Media is back when the specialist decodes new video frames again.
    const framesAtEnd = spec.frames;
    const back = await until(() => spec.frames > framesAtEnd + 5, 60_000);
    if (!back) throw new Error(`no media within 60 s after the outage (specialist ${spec.session.current.name})`);
    const t = performance.now();
    return { fromEndS: (t - tEnd) / 1000, fromStartS: (t - t0) / 1000, generations: spec.session.current.generation - gen0 };
  } finally {
    close(nurse, spec);
  }
}


// ---------------------------------------------------------------------------------------------
// Chromium: two pages with fake camera and microphone, each running CallSession in the browser
// (bundled here with esbuild), through the same relay, coturn and UDP shaper. This is what the
// issue's figures mean; the wrtc path above stays as a fallback where Chromium is missing.

const PAGE_ENTRY = `
import { CallSession } from './src-core/teleconsult/call-session';
import { simplePeerFactory } from './src-core/teleconsult/adapters/simple-peer-factory';
import { callMediaConstraints } from './src-core/teleconsult/media-constraints';
import { linkCounters, statsEntries } from './src-core/teleconsult/link-stats';
const w = window as unknown as Record<string, unknown>;
const rec = { connectedAt: 0, firstFrameAt: 0, frames: 0, states: [] as string[], steps: [] as string[], failures: 0 };
w.rec = rec;
let session: CallSession | undefined;
w.startCall = async (cfg: { signalUrl: string; token: string; role: 'nurse' | 'specialist'; statsIntervalMs: number }) => {
  const stream = await navigator.mediaDevices.getUserMedia(callMediaConstraints({ video: true }));
  session = new CallSession({
    role: cfg.role, signalUrl: cfg.signalUrl, joinToken: () => Promise.resolve(cfg.token),
    createSocket: (url) => new WebSocket(url), peerFactory: simplePeerFactory(), iceTransportPolicy: 'relay',
    stream, statsIntervalMs: cfg.statsIntervalMs,
    onEvent: (e) => {
      if (e.type === 'state') { rec.states.push(e.state.name); if (e.state.name === 'connected' && rec.connectedAt === 0) rec.connectedAt = Date.now(); }
      if (e.type === 'ladder') rec.steps.push(e.step);
      if (e.type === 'remote-stream') {
        const v = document.createElement('video');
        v.muted = true; v.autoplay = true; v.playsInline = true; v.srcObject = e.stream; document.body.appendChild(v);
        const onFrame = () => { rec.frames++; if (rec.firstFrameAt === 0) rec.firstFrameAt = Date.now(); v.requestVideoFrameCallback(onFrame); };
        v.requestVideoFrameCallback(onFrame);
        void v.play();
      }
    },
  });
  session.start();
};
w.counters = async () => {
  const pc = session?.connection();
  return pc === undefined ? null : linkCounters(statsEntries(await pc.getStats()), performance.now());
};
w.ladderStep = () => session?.ladderStep ?? null;
w.generation = () => session?.current.generation ?? -1;
w.setCameraOff = (off: boolean) => { session?.setCameraOff(off); };
w.endCall = () => { session?.end(); };
`;

async function bundlePage(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    stdin: { contents: PAGE_ENTRY, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'call-page.ts' },
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120',
    // simple-peer's browser build carries its own Buffer/stream shims.
    alias: { 'simple-peer': 'simple-peer/simplepeer.min.js' },
    logLevel: 'silent',
  });
  const js = out.outputFiles[0]?.text ?? '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>call</title></head><body><script>${js.replace(/<\/script/g, '<\\/script')}</script></body></html>`;
}

type PageCounters = LinkCounters;
interface Browsers {
  readonly pageUrl: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

async function startBrowsers(): Promise<Browsers> {
  const { createServer } = await import('node:http');
  const { chromium } = await import('playwright-core');
  const { chromiumArgs, chromiumPath } = await import('../harness/chromium');
  const html = await bundlePage();
  const server = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/html' }).end(html); });
  await new Promise<void>((r) => { server.listen(0, '127.0.0.1', r); });
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required']),
  });
  return {
    pageUrl: `http://127.0.0.1:${port}/`,
    newPage: async () => {
      const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
      const page = await ctx.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      return page;
    },
    close: async () => {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((r) => { server.close(() => { r(); }); });
    },
  };
}

interface PageRec { connectedAt: number; firstFrameAt: number; frames: number; states: string[]; steps: string[] }
const pageRec = (p: Page): Promise<PageRec> => p.evaluate(() => (window as unknown as { rec: PageRec }).rec);
const pageCounters = (p: Page): Promise<PageCounters | null> => p.evaluate(() => (window as unknown as { counters(): Promise<PageCounters | null> }).counters());
const pageStep = (p: Page): Promise<LadderStep | null> => p.evaluate(() => (window as unknown as { ladderStep(): LadderStep | null }).ladderStep());

async function pageUntil(pred: () => Promise<boolean>, maxMs: number): Promise<boolean> {
  const end = performance.now() + maxMs;
  while (!(await pred())) {
    if (performance.now() > end) return false;
    await sleep(50);
  }
  return true;
}

async function browserCall(b: Browsers, relay: SignalRelay, statsIntervalMs: number, timeoutMs: number): Promise<{ nurse: Page; spec: Page; connectS: number; firstFrameS: number; end(): Promise<void> }> {
  const room = `bench-cr-${process.pid}-${roomSeq++}`;
  const [nurse, spec] = await Promise.all([b.newPage(), b.newPage()]);
  const t0 = Date.now();
  await Promise.all(([['nurse', nurse], ['specialist', spec]] as const).map(([role, page]) =>
    page.evaluate((cfg) => (window as unknown as { startCall(c: unknown): Promise<void> }).startCall(cfg), {
      signalUrl: relay.url, token: issueJoinToken(SECRET, { room, user: `${role}-c`, role }, 300), role, statsIntervalMs,
    })));
  const end = async (): Promise<void> => {
    for (const p of [nurse, spec]) {
      await p.evaluate(() => { (window as unknown as { endCall(): void }).endCall(); }).catch(() => undefined);
      await p.context().close();
    }
  };
  const ok = await pageUntil(async () => {
    const [a, c] = await Promise.all([pageRec(nurse), pageRec(spec)]);
    return a.connectedAt > 0 && c.connectedAt > 0 && c.firstFrameAt > 0;
  }, timeoutMs);
  const [a, c] = await Promise.all([pageRec(nurse), pageRec(spec)]);
  if (!ok) {
    await end();
    throw new Error(`browser call did not connect within ${timeoutMs} ms (nurse ${a.states.join('>')}, specialist ${c.states.join('>')})`);
  }
  return { nurse, spec, end, connectS: (Math.max(a.connectedAt, c.connectedAt) - t0) / 1000, firstFrameS: (c.firstFrameAt - t0) / 1000 };
}

async function browserVideoOverCap(p: Page, seconds: number): Promise<{ ratio: number; windows: number; steps: string[] }> {
  const samples: { c: PageCounters; step: LadderStep }[] = [];
  for (let i = 0; i <= seconds; i++) {
    const [c, step] = await Promise.all([pageCounters(p), pageStep(p)]);
    if (c !== null && step !== null) samples.push({ c, step });
    await sleep(1000);
  }
  let ratio = 0;
  let windows = 0;
  for (let i = 0; i + 5 < samples.length; i++) {
    const a = samples[i];
    const z = samples[i + 5];
    if (a === undefined || z === undefined) continue;
    if (new Set(samples.slice(i, i + 6).map((s) => s.step)).size !== 1 || a.step === 'audio-only') continue;
    const bps = ((z.c.videoBytesSent - a.c.videoBytesSent) * 8 * 1000) / (z.c.timestampMs - a.c.timestampMs);
    ratio = Math.max(ratio, bps / STEP_SPECS[a.step].videoMaxBps);
    windows++;
  }
  return { ratio, windows, steps: [...new Set(samples.map((s) => s.step))] };
}

async function runBrowser(options: BenchOptions, relay: SignalRelay, link: UdpLink, figures: Record<string, Figure>, notes: Record<string, string | number>): Promise<void> {
  const b = await startBrowsers();
  try {
    const runs = options.short ? 1 : 3;
    link.setProfile({});
    const loop: { c: number; f: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await browserCall(b, relay, 0, 30_000);
      loop.push({ c: r.connectS, f: r.firstFrameS });
      await r.end();
    }
    figures.connect_loopback_s = { value: median(loop.map((x) => x.c)), unit: 's' };
    figures.first_frame_loopback_s = { value: median(loop.map((x) => x.f)), unit: 's' };

    // A link where video fits but the encoder wants more than the cap: the cap must bind.
    link.setProfile({ rateBps: 600_000, latencyMs: 20, maxQueueMs: 300 });
    {
      const r = await browserCall(b, relay, 2000, 30_000);
      const cap = await browserVideoOverCap(r.nurse, options.short ? 15 : 30);
      figures.video_over_cap_ratio = { value: cap.ratio, unit: 'x' };
      notes.video_cap_windows = cap.windows;
      notes.video_cap_steps = cap.steps.join(' ');
      await r.end();
    }

    link.setProfile(RURAL);
    const rural: { c: number; f: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await browserCall(b, relay, 2000, 60_000);
      rural.push({ c: r.connectS, f: r.firstFrameS });
      if (i === runs - 1) {
        await r.nurse.evaluate(() => { (window as unknown as { setCameraOff(o: boolean): void }).setCameraOff(true); });
        await sleep(3000);
        const a = await pageCounters(r.spec);
        const va = await pageCounters(r.nurse);
        await sleep((options.short ? 5 : 10) * 1000);
        const z = await pageCounters(r.spec);
        const vz = await pageCounters(r.nurse);
        if (a !== null && z !== null && va !== null && vz !== null) {
          const lost = z.audioPacketsLost - a.audioPacketsLost;
          const got = z.audioPacketsReceived - a.audioPacketsReceived;
          const samples = z.audioTotalSamplesReceived - a.audioTotalSamplesReceived;
          figures.audio_loss_pct_video_dropped = { value: (100 * lost) / Math.max(1, lost + got), unit: '%' };
          figures.audio_concealed_pct_video_dropped = { value: samples > 0 ? (100 * (z.audioConcealedSamples - a.audioConcealedSamples)) / samples : -1, unit: '%' };
          figures.video_bps_when_dropped = { value: ((vz.videoBytesSent - va.videoBytesSent) * 8 * 1000) / (vz.timestampMs - va.timestampMs), unit: 'bit/s' };
        }
      }
      await r.end();
    }
    figures.connect_rural_s = { value: median(rural.map((x) => x.c)), unit: 's' };
    figures.first_frame_rural_s = { value: median(rural.map((x) => x.f)), unit: 's' };

    link.setProfile({});
    const r = await browserCall(b, relay, 3000, 30_000);
    try {
      await sleep(2000);
      const generation = (): Promise<number> => r.spec.evaluate(() => (window as unknown as { generation(): number }).generation());
      const gen0 = await generation();
      const t0 = performance.now();
      await link.outage(10_000);
      const tEnd = performance.now();
      const framesAtEnd = (await pageRec(r.spec)).frames;
      const back = await pageUntil(async () => (await pageRec(r.spec)).frames > framesAtEnd + 5, 60_000);
      if (!back) throw new Error('no media within 60 s after the outage');
      const t = performance.now();
      figures.recovery_after_outage_s = { value: (t - tEnd) / 1000, unit: 's' };
      figures.recovery_from_outage_start_s = { value: (t - t0) / 1000, unit: 's' };
      notes.recovery_peer_rebuilds = (await generation()) - gen0;
    } finally {
      await r.end();
    }
  } finally {
    await b.close();
  }
}

async function runWrtc(options: BenchOptions, relay: SignalRelay, link: UdpLink, figures: Record<string, Figure>, notes: Record<string, string | number>): Promise<void> {
    const runs = options.short ? 1 : 3;
    const loop: { c: number; f: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await connectCall(relay, 0, 30_000);
      loop.push({ c: r.connectS, f: r.firstFrameS });
      close(r.nurse, r.spec);
      await sleep(500);
    }
    figures.connect_loopback_s = { value: median(loop.map((x) => x.c)), unit: 's' };
    figures.first_frame_loopback_s = { value: median(loop.map((x) => x.f)), unit: 's' };

    link.setProfile(RURAL);
    const rural: { c: number; f: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await connectCall(relay, 1000, 60_000);
      rural.push({ c: r.connectS, f: r.firstFrameS });
      if (i === runs - 1) {
        // @roamhq/wrtc refuses RTCRtpSender.setParameters ("modified SSRC"), so caps are not enforced
        // there and video_over_cap_ratio would measure nothing: only the steps chosen are noted.
        const cap = await videoOverCap(r.nurse, options.short ? 12 : 25);
        notes.wrtc_ladder_steps = cap.steps.join(' ');
        const audio = await audioLossWithVideoDropped(r.nurse, r.spec, options.short ? 5 : 10);
        figures.audio_loss_pct_video_dropped = { value: audio.lossPct, unit: '%' };
        figures.audio_concealed_pct_video_dropped = { value: audio.concealedPct, unit: '%' };
        figures.video_bps_when_dropped = { value: audio.videoBps, unit: 'bit/s' };
      }
      close(r.nurse, r.spec);
      await sleep(500);
    }
    figures.connect_rural_s = { value: median(rural.map((x) => x.c)), unit: 's' };
    figures.first_frame_rural_s = { value: median(rural.map((x) => x.f)), unit: 's' };

    link.setProfile({});
    const rec = await recoveryAfterOutage(link, relay);
    figures.recovery_after_outage_s = { value: rec.fromEndS, unit: 's' };
    figures.recovery_from_outage_start_s = { value: rec.fromStartS, unit: 's' };
    notes.recovery_peer_rebuilds = rec.generations;
}

export async function run(options: BenchOptions): Promise<BenchReport> {
  const figures: Record<string, Figure> = {};
  const notes: Record<string, string | number> = {};

  // Signaling: 500 rooms (1000 clients) on one relay, round trips nurse -> specialist -> nurse.
  const loadRelay = await startSignalRelay({ port: 0, tokenSecret: LOAD_SECRET, limits: { rateBurst: 10_000, ratePerSecond: 10_000 } });
  try {
    const load = await runSignalLoad(loadRelay.url, 500, options.short ? 3 : 10);
    if (load.misdelivered > 0) throw new Error(`${load.misdelivered} signaling messages misdelivered`);
    figures.signal_rtt_p95_ms = { value: percentile(load.rttMs, 95), unit: 'ms' };
    figures.signal_rtt_p50_ms = { value: median(load.rttMs), unit: 'ms' };
  } finally {
    await loadRelay.close();
  }

  const turn = await startTurnServer();
  const link = await startUdpLink({ targetPort: turn.port, seed: 7 });
  const relay = await startSignalRelay({
    port: 0, tokenSecret: SECRET,
    turn: { urls: [`turn:127.0.0.1:${link.port}?transport=udp`], sharedSecret: turn.sharedSecret },
  });
  try {
    const { existsSync } = await import('node:fs');
    const useChromium = process.env.CEIBA_CALL_BENCH !== 'wrtc' && existsSync(process.env.CEIBA_CHROMIUM ?? '/usr/bin/chromium');
    notes.call_runtime = useChromium ? 'chromium (fake camera/microphone)' : '@roamhq/wrtc';
    if (useChromium) await runBrowser(options, relay, link, figures, notes);
    else await runWrtc(options, relay, link, figures, notes);
  } finally {
    await relay.close();
    await link.close();
    await turn.close();
  }
  return {
    figures,
    machine: machineInfo({ rural: '256 kbit/s, 150 ms each way, 2% loss (UDP shaper before coturn)', ...notes }),
    date: new Date().toISOString(),
  };
}
