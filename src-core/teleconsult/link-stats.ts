// Turns an RTCStatsReport into the LinkSample the ladder needs, plus send/receive counters for
// the benchmark. Works on the standard stats dictionaries (Chromium and @roamhq/wrtc).
import type { LinkSample } from './bandwidth-policy';

type StatsEntry = Record<string, unknown> & { type: string; id: string };

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export interface LinkCounters {
  readonly timestampMs: number;
  readonly videoBytesSent: number;
  readonly audioBytesSent: number;
  readonly audioPacketsReceived: number;
  readonly audioPacketsLost: number;
  readonly audioConcealedSamples: number;
  readonly audioTotalSamplesReceived: number;
  readonly videoFramesDecoded: number;
  /** 'host' | 'srflx' | 'prflx' | 'relay' of the selected pair's local and remote candidates. */
  readonly localCandidateType: string | undefined;
  readonly remoteCandidateType: string | undefined;
}

export function statsEntries(report: { forEach(cb: (value: unknown) => void): void }): StatsEntry[] {
  const out: StatsEntry[] = [];
  report.forEach((v) => {
    if (typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string') out.push(v as StatsEntry);
  });
  return out;
}

export function selectedPair(entries: readonly StatsEntry[]): StatsEntry | undefined {
  const transport = entries.find((e) => e.type === 'transport' && typeof e.selectedCandidatePairId === 'string');
  if (transport !== undefined) return entries.find((e) => e.id === transport.selectedCandidatePairId);
  return entries.find((e) => e.type === 'candidate-pair' && (e.selected === true || (e.nominated === true && e.state === 'succeeded')));
}

export function linkSample(entries: readonly StatsEntry[]): LinkSample {
  const pair = selectedPair(entries);
  const remoteIn = entries.filter((e) => e.type === 'remote-inbound-rtp');
  const lossFractions = remoteIn.map((e) => num(e.fractionLost)).filter((v): v is number => v !== undefined);
  const rtts = remoteIn.map((e) => num(e.roundTripTime)).filter((v): v is number => v !== undefined);
  const pairRtt = num(pair?.currentRoundTripTime);
  const rttS = pairRtt ?? (rtts.length > 0 ? Math.max(...rtts) : 0);
  const outVideo = entries.find((e) => e.type === 'outbound-rtp' && (e.kind === 'video' || e.mediaType === 'video'));
  const reason = outVideo?.qualityLimitationReason;
  const est = num(pair?.availableOutgoingBitrate);
  return {
    lossPct: lossFractions.length > 0 ? Math.max(...lossFractions) * 100 : 0,
    rttMs: rttS * 1000,
    ...(est === undefined ? {} : { availableOutgoingBps: est }),
    ...(reason === 'cpu' || reason === 'bandwidth' || reason === 'none' || reason === 'other' ? { qualityLimitation: reason } : {}),
  };
}

export function linkCounters(entries: readonly StatsEntry[], timestampMs: number): LinkCounters {
  const sum = (type: string, kind: string, field: string): number =>
    entries
      .filter((e) => e.type === type && (e.kind === kind || e.mediaType === kind))
      .reduce((n, e) => n + (num(e[field]) ?? 0), 0);
  const pair = selectedPair(entries);
  const cand = (id: unknown): string | undefined => {
    const c = entries.find((e) => e.id === id);
    return typeof c?.candidateType === 'string' ? c.candidateType : undefined;
  };
  return {
    timestampMs,
    videoBytesSent: sum('outbound-rtp', 'video', 'bytesSent'),
    audioBytesSent: sum('outbound-rtp', 'audio', 'bytesSent'),
    audioPacketsReceived: sum('inbound-rtp', 'audio', 'packetsReceived'),
    audioPacketsLost: sum('inbound-rtp', 'audio', 'packetsLost'),
    audioConcealedSamples: sum('inbound-rtp', 'audio', 'concealedSamples'),
    audioTotalSamplesReceived: sum('inbound-rtp', 'audio', 'totalSamplesReceived'),
    videoFramesDecoded: sum('inbound-rtp', 'video', 'framesDecoded'),
    localCandidateType: cand(pair?.localCandidateId),
    remoteCandidateType: cand(pair?.remoteCandidateId),
  };
}
