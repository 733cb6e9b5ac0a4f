// The bandwidth ladder (DESIGN §6): audio-only (Opus ~24 kbit/s with in-band FEC) -> 180p within
// 200 kbit/s -> 360p within 500 kbit/s. A pure policy turns periodic getStats summaries into a
// target step: down quickly on loss, RTT, CPU or bandwidth limitation, or an estimate below the
// step's cap; up slowly, after several good samples with headroom (hysteresis).

export type LadderStep = 'audio-only' | 'video-180p' | 'video-360p';
export const LADDER: readonly LadderStep[] = ['audio-only', 'video-180p', 'video-360p'];

export interface StepSpec {
  /** The whole call's send budget at this step (bits/s): what the link must carry. */
  readonly capBps: number;
  readonly audioMaxBps: number;
  /** 0 when video is off. */
  readonly videoMaxBps: number;
  readonly videoHeight: number;
}

export const STEP_SPECS: Readonly<Record<LadderStep, StepSpec>> = {
  'audio-only': { capBps: 24_000, audioMaxBps: 24_000, videoMaxBps: 0, videoHeight: 0 },
  'video-180p': { capBps: 200_000, audioMaxBps: 24_000, videoMaxBps: 176_000, videoHeight: 180 },
  'video-360p': { capBps: 500_000, audioMaxBps: 32_000, videoMaxBps: 468_000, videoHeight: 360 },
};

/** One summary of getStats, taken every few seconds. */
export interface LinkSample {
  /** Packet loss reported by the remote side for what we send, percent 0..100. */
  readonly lossPct: number;
  readonly rttMs: number;
  /** The congestion controller's estimate (candidate-pair availableOutgoingBitrate), bits/s. */
  readonly availableOutgoingBps?: number;
  readonly qualityLimitation?: 'none' | 'cpu' | 'bandwidth' | 'other';
}

export interface LadderConfig {
  readonly badLossPct: number;
  readonly severeLossPct: number;
  readonly badRttMs: number;
  /** Consecutive bad samples before stepping down (1 = at once); severe loss steps down at once. */
  readonly badSamplesToStepDown: number;
  /** Consecutive good samples before stepping up one step. */
  readonly goodSamplesToStepUp: number;
  readonly goodLossPct: number;
  readonly goodRttMs: number;
  /** To step up, the estimate must exceed the next step's cap by this factor. */
  readonly upHeadroom: number;
}

export const DEFAULT_LADDER: LadderConfig = {
  badLossPct: 5,
  severeLossPct: 15,
  badRttMs: 1_000,
  badSamplesToStepDown: 2,
  goodSamplesToStepUp: 5,
  goodLossPct: 2,
  goodRttMs: 700,
  upHeadroom: 1.3,
};

export interface LadderState {
  readonly step: LadderStep;
  /** The top step allowed (e.g. audio-only when the call fell back or the camera is off). */
  readonly ceiling: LadderStep;
  readonly good: number;
  readonly bad: number;
}

export const initialLadder = (start: LadderStep = 'video-180p', ceiling: LadderStep = 'video-360p'): LadderState => ({
  step: minStep(start, ceiling), ceiling, good: 0, bad: 0,
});

const rank = (s: LadderStep): number => LADDER.indexOf(s);
const minStep = (a: LadderStep, b: LadderStep): LadderStep => (rank(a) <= rank(b) ? a : b);
const stepAt = (i: number): LadderStep => LADDER[Math.max(0, Math.min(LADDER.length - 1, i))] ?? 'audio-only';

/** The highest step whose cap fits within the estimate (audio-only always fits: audio is kept). */
export function highestFitting(estimateBps: number, ceiling: LadderStep): LadderStep {
  let best: LadderStep = 'audio-only';
  for (const s of LADDER) if (rank(s) <= rank(ceiling) && STEP_SPECS[s].capBps <= estimateBps) best = s;
  return best;
}

export function nextLadder(state: LadderState, sample: LinkSample, config: LadderConfig = DEFAULT_LADDER): LadderState {
  const ceilingRank = rank(state.ceiling);
  let step = minStep(state.step, state.ceiling);
  const est = sample.availableOutgoingBps;
  // An estimate below the current cap moves down at once, straight to the step that fits.
  if (est !== undefined && Number.isFinite(est) && STEP_SPECS[step].capBps > est) {
    return { ...state, step: highestFitting(est, state.ceiling), good: 0, bad: 0 };
  }
  const limited = sample.qualityLimitation === 'cpu' || sample.qualityLimitation === 'bandwidth';
  const bad = sample.lossPct > config.badLossPct || sample.rttMs > config.badRttMs || limited;
  if (bad) {
    const count = state.bad + 1;
    if (sample.lossPct > config.severeLossPct || count >= config.badSamplesToStepDown) {
      step = stepAt(rank(step) - 1);
      return { ...state, step, good: 0, bad: 0 };
    }
    return { ...state, step, good: 0, bad: count };
  }
  const good = sample.lossPct <= config.goodLossPct && sample.rttMs <= config.goodRttMs;
  if (!good) return { ...state, step, good: 0, bad: 0 };
  const count = state.good + 1;
  const up = stepAt(rank(step) + 1);
  const fits = est === undefined || est >= STEP_SPECS[up].capBps * config.upHeadroom;
  if (count >= config.goodSamplesToStepUp && rank(up) > rank(step) && rank(up) <= ceilingRank && fits) {
    return { ...state, step: up, good: 0, bad: 0 };
  }
  return { ...state, step, good: count, bad: 0 };
}

/** Lowers or raises the ceiling (camera off, audio-only fallback); the step follows a lower ceiling. */
export const withCeiling = (state: LadderState, ceiling: LadderStep): LadderState => ({
  ...state, ceiling, step: minStep(state.step, ceiling), good: 0, bad: 0,
});
