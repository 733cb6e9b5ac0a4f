import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LadderState, LinkSample } from '../../src-core/teleconsult/bandwidth-policy';
import { DEFAULT_LADDER, highestFitting, initialLadder, nextLadder, STEP_SPECS, withCeiling } from '../../src-core/teleconsult/bandwidth-policy';
import { applyStep, encodingFor } from '../../src-core/teleconsult/ladder-applier';
import type { RtpSenderLike } from '../../src-core/teleconsult/ladder-applier';
import { callMediaConstraints } from '../../src-core/teleconsult/media-constraints';
import { mungeOpus } from '../../src-core/teleconsult/opus-sdp';

const good: LinkSample = { lossPct: 0.5, rttMs: 150, availableOutgoingBps: 2_000_000, qualityLimitation: 'none' };
const run = (samples: LinkSample[], start: LadderState = initialLadder()): string[] => {
  let s = start;
  return samples.map((x) => (s = nextLadder(s, x)).step);
};

describe('bandwidth ladder', () => {
  it('steps up slowly: only after N good samples with headroom', () => {
    const steps = run(Array<LinkSample>(5).fill(good));
    expect(steps).toEqual(['video-180p', 'video-180p', 'video-180p', 'video-180p', 'video-360p']);
    // No headroom for 360p (needs 1.3 x 500k): stays at 180p however long it is good.
    expect(run(Array<LinkSample>(12).fill({ ...good, availableOutgoingBps: 600_000 })).at(-1)).toBe('video-180p');
  });

  it('steps down quickly on loss, RTT or CPU limitation (2 bad samples, severe loss at once)', () => {
    const top = initialLadder('video-360p');
    expect(run([{ ...good, lossPct: 8 }, { ...good, lossPct: 8 }], top)).toEqual(['video-360p', 'video-180p']);
    expect(run([{ ...good, lossPct: 30 }], top)).toEqual(['video-180p']);
    expect(run([{ ...good, rttMs: 1500 }, { ...good, rttMs: 1500 }, { ...good, rttMs: 1500 }, { ...good, rttMs: 1500 }], top))
      .toEqual(['video-360p', 'video-180p', 'video-180p', 'audio-only']);
    expect(run([{ ...good, qualityLimitation: 'cpu' }, { ...good, qualityLimitation: 'cpu' }], top)).toEqual(['video-360p', 'video-180p']);
    // A good sample between bad ones resets the count.
    expect(run([{ ...good, lossPct: 8 }, good, { ...good, lossPct: 8 }], top)).toEqual(['video-360p', 'video-360p', 'video-360p']);
  });

  it('drops straight to the step that fits when the estimate falls below the cap', () => {
    expect(run([{ ...good, availableOutgoingBps: 150_000 }], initialLadder('video-360p'))).toEqual(['audio-only']);
    expect(run([{ ...good, availableOutgoingBps: 256_000 }], initialLadder('video-360p'))).toEqual(['video-180p']);
    expect(highestFitting(10_000, 'video-360p')).toBe('audio-only');
  });

  it('respects the ceiling (camera off / audio-only fallback)', () => {
    const s = withCeiling(initialLadder('video-360p'), 'audio-only');
    expect(s.step).toBe('audio-only');
    expect(run(Array<LinkSample>(20).fill(good), s).every((x) => x === 'audio-only')).toBe(true);
  });

  it('property: with a stable estimate, the chosen cap never exceeds it by more than 10% (audio is always kept)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 20_000, max: 3_000_000 }),
      fc.array(fc.record({ lossPct: fc.double({ min: 0, max: 40, noNaN: true }), rttMs: fc.integer({ min: 20, max: 3000 }) }), { minLength: 1, maxLength: 60 }),
      fc.constantFrom('audio-only', 'video-180p', 'video-360p' as const),
      (estimate, samples, start) => {
        let s = initialLadder(start);
        for (const x of samples) {
          s = nextLadder(s, { ...x, availableOutgoingBps: estimate }, DEFAULT_LADDER);
          if (s.step !== 'audio-only') expect(STEP_SPECS[s.step].capBps).toBeLessThanOrEqual(estimate * 1.1);
        }
      },
    ));
  });
});

describe('ladder applier', () => {
  function fakeSender(kind: 'audio' | 'video', height?: number): RtpSenderLike & { applied: RTCRtpSendParameters[] } {
    const applied: RTCRtpSendParameters[] = [];
    return {
      applied,
      track: { kind, getSettings: () => (height === undefined ? {} : { height }) },
      getParameters: () => ({ encodings: [{ active: true }], transactionId: 't', codecs: [], headerExtensions: [], rtcp: {} }),
      setParameters: (p) => { applied.push(p); return Promise.resolve(); },
    };
  }

  it('sets maxBitrate, scaleResolutionDownBy and active on the video sender, maxBitrate on audio', async () => {
    const video = fakeSender('video', 360);
    const audio = fakeSender('audio');
    const r = await applyStep([video, audio], 'video-180p');
    expect(video.applied[0]?.encodings[0]).toEqual({ active: true, maxBitrate: 176_000, scaleResolutionDownBy: 2 });
    expect(audio.applied[0]?.encodings[0]).toEqual({ active: true, maxBitrate: 24_000 });
    expect(r.failures).toEqual([]);
    await applyStep([video], 'audio-only');
    expect(video.applied[1]?.encodings[0]?.active).toBe(false);
    expect(encodingFor('video-360p', 720)).toEqual({ maxBitrate: 468_000, scaleResolutionDownBy: 2, active: true });
  });

  it('reports a sender that refuses the parameters instead of throwing', async () => {
    const bad = { ...fakeSender('video'), setParameters: () => Promise.reject(new Error('InvalidModificationError')) };
    expect((await applyStep([bad], 'video-360p')).failures).toEqual(['video: InvalidModificationError']);
  });
});

describe('media constraints and Opus SDP', () => {
  it('turns echo cancellation and noise suppression on, and caps video at 360p', () => {
    const c = callMediaConstraints({ video: true });
    expect(c.audio).toMatchObject({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });
    expect(c.video).toMatchObject({ height: { ideal: 360, max: 360 } });
    expect(callMediaConstraints({ video: false }).video).toBe(false);
  });

  it('enables Opus in-band FEC and a bitrate bound, keeping other fmtp params', () => {
    const sdp = ['v=0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 0', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=0', 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
    const out = mungeOpus(sdp, { maxAverageBitrate: 24_000 });
    expect(out).toContain('a=fmtp:111 minptime=10;useinbandfec=1;maxaveragebitrate=24000\r\n');
    const noFmtp = mungeOpus('a=rtpmap:109 opus/48000/2\na=rtpmap:0 PCMU/8000', { maxAverageBitrate: 16_000, dtx: true });
    expect(noFmtp.split('\n')).toEqual(['a=rtpmap:109 opus/48000/2', 'a=fmtp:109 useinbandfec=1;maxaveragebitrate=16000;usedtx=1', 'a=rtpmap:0 PCMU/8000']);
    expect(mungeOpus('v=0\r\n', { maxAverageBitrate: 1 })).toBe('v=0\r\n');
  });
});
