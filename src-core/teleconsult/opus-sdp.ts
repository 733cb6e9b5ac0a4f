// SDP munging for speech over a poor link: Opus in-band FEC on (useinbandfec=1) and a bounded
// average bitrate (maxaveragebitrate), so audio survives loss within ~24 kbit/s.
// Used as simple-peer's `sdpTransform` on both offer and answer.

export interface OpusOptions {
  readonly maxAverageBitrate: number;
  /** Discontinuous transmission saves bits during silence. */
  readonly dtx?: boolean;
}

export function mungeOpus(sdp: string, options: OpusOptions): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const payloads = new Set<string>();
  for (const line of lines) {
    const m = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (m?.[1] !== undefined) payloads.add(m[1]);
  }
  if (payloads.size === 0) return sdp;
  const wanted: Record<string, string> = {
    useinbandfec: '1',
    maxaveragebitrate: String(Math.round(options.maxAverageBitrate)),
    ...(options.dtx === true ? { usedtx: '1' } : {}),
  };
  const seen = new Set<string>();
  const out = lines.map((line) => {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (m?.[1] === undefined || !payloads.has(m[1])) return line;
    seen.add(m[1]);
    const params = new Map<string, string>();
    for (const part of (m[2] ?? '').split(';')) {
      const [k, v] = part.trim().split('=');
      if (k !== undefined && k !== '') params.set(k, v ?? '');
    }
    for (const [k, v] of Object.entries(wanted)) params.set(k, v);
    return `a=fmtp:${m[1]} ${[...params].map(([k, v]) => `${k}=${v}`).join(';')}`;
  });
  // A payload without an fmtp line gets one right after its rtpmap.
  const result: string[] = [];
  for (const line of out) {
    result.push(line);
    const m = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (m?.[1] !== undefined && !seen.has(m[1])) {
      result.push(`a=fmtp:${m[1]} ${Object.entries(wanted).map(([k, v]) => `${k}=${v}`).join(';')}`);
    }
  }
  return result.join(eol);
}
