// getUserMedia constraints for a call: echo cancellation, noise suppression and gain control on,
// mono speech audio, and video no larger than the top of the bandwidth ladder (360p).

export interface CallMediaOptions {
  /** Start with the camera off (audio-only ladder step, or the user's choice). */
  readonly video: boolean;
  readonly audioDeviceId?: string;
  readonly videoDeviceId?: string;
}

export function callMediaConstraints(options: CallMediaOptions): MediaStreamConstraints {
  const audio: MediaTrackConstraints = {
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    channelCount: 1,
    ...(options.audioDeviceId === undefined ? {} : { deviceId: { exact: options.audioDeviceId } }),
  };
  if (!options.video) return { audio, video: false };
  const video: MediaTrackConstraints = {
    width: { ideal: 640, max: 640 },
    height: { ideal: 360, max: 360 },
    frameRate: { ideal: 15, max: 24 },
    ...(options.videoDeviceId === undefined ? {} : { deviceId: { exact: options.videoDeviceId } }),
  };
  return { audio, video };
}
