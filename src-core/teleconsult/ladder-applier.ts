// Applies a ladder step to the RTP senders with RTCRtpSender.setParameters: the video sender's
// maxBitrate, scaleResolutionDownBy and active flag (video inactive for audio-only), and the audio
// sender's maxBitrate. No renegotiation: setParameters takes effect on the running call.
import type { LadderStep } from './bandwidth-policy';
import { STEP_SPECS } from './bandwidth-policy';

/** The part of RTCRtpSender this needs (the DOM type and @roamhq/wrtc's both fit). */
export interface RtpSenderLike {
  readonly track: { readonly kind: string; getSettings?(): { height?: number } } | null;
  getParameters(): RTCRtpSendParameters;
  setParameters(parameters: RTCRtpSendParameters): Promise<void>;
}

export interface AppliedStep {
  readonly step: LadderStep;
  readonly video: { maxBitrate: number; scaleResolutionDownBy: number; active: boolean } | undefined;
  readonly audio: { maxBitrate: number } | undefined;
  /** Senders whose setParameters failed (English reason). */
  readonly failures: readonly string[];
}

export function encodingFor(step: LadderStep, sourceHeight: number): { maxBitrate: number; scaleResolutionDownBy: number; active: boolean } {
  const spec = STEP_SPECS[step];
  if (spec.videoHeight === 0) return { maxBitrate: STEP_SPECS['video-180p'].videoMaxBps, scaleResolutionDownBy: 1, active: false };
  const scale = sourceHeight > spec.videoHeight ? sourceHeight / spec.videoHeight : 1;
  return { maxBitrate: spec.videoMaxBps, scaleResolutionDownBy: scale, active: true };
}

async function setFirstEncoding(sender: RtpSenderLike, patch: Partial<RTCRtpEncodingParameters>): Promise<void> {
  const params = sender.getParameters();
  const encodings = params.encodings.length > 0 ? params.encodings : [{}];
  params.encodings = encodings.map((e, i) => (i === 0 ? { ...e, ...patch } : e));
  await sender.setParameters(params);
}

export async function applyStep(senders: readonly RtpSenderLike[], step: LadderStep, defaultSourceHeight = 360): Promise<AppliedStep> {
  const failures: string[] = [];
  let video: AppliedStep['video'];
  let audio: AppliedStep['audio'];
  for (const sender of senders) {
    const kind = sender.track?.kind;
    try {
      if (kind === 'video') {
        const h = sender.track?.getSettings?.().height ?? defaultSourceHeight;
        video = encodingFor(step, h);
        await setFirstEncoding(sender, video);
      } else if (kind === 'audio') {
        audio = { maxBitrate: STEP_SPECS[step].audioMaxBps };
        await setFirstEncoding(sender, audio);
      }
    } catch (err) {
      failures.push(`${kind ?? 'unknown'}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { step, video, audio, failures };
}
