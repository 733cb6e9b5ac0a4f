// Finds HTTP/1.1 message boundaries in a byte stream, enough for the fault proxy to count requests
// on a keep-alive connection and pair each with its response: head up to CRLFCRLF, then a body
// framed by Content-Length or chunked transfer coding, or (responses only) running to the close.
// Bodies are passed through as bytes, so gzip content is never touched.

export interface MessageHead {
  /** Request: [method, target, version]; response: [version, status, reason]. */
  readonly startLine: readonly string[];
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
}

export type Segment =
  | { readonly kind: 'head'; readonly head: MessageHead; readonly bytes: Buffer }
  | { readonly kind: 'body'; readonly bytes: Buffer }
  | { readonly kind: 'end' };

type State =
  | { name: 'head' }
  | { name: 'length'; left: number }
  | { name: 'chunk-size' }
  | { name: 'chunk-data'; left: number }
  | { name: 'chunk-crlf'; left: number }
  | { name: 'trailers' }
  | { name: 'until-close' };

const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 64 * 1024;

export class HttpFramer {
  private buffered: Buffer = Buffer.alloc(0);
  private state: State = { name: 'head' };

  /**
   * @param bodyFraming decides, from a parsed head, whether the message has no body even without
   * framing headers (responses to HEAD, 204, 304) or runs to the close (a response without framing).
   */
  constructor(private readonly bodyFraming: (head: MessageHead) => 'none' | 'framed' | 'until-close') {}

  push(chunk: Buffer): Segment[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const out: Segment[] = [];
    while (this.step(out)) {
      // each step consumes one piece of the stream
    }
    return out;
  }

  /** Consumes what the current state can; false when it needs more bytes. */
  private step(out: Segment[]): boolean {
    const state = this.state;
    const buf = this.buffered;
    switch (state.name) {
      case 'head': {
        const end = buf.indexOf(HEAD_END);
        if (end < 0) {
          if (buf.length > MAX_HEAD_BYTES) throw new Error('HTTP head too large');
          return false;
        }
        const bytes = buf.subarray(0, end + 4);
        this.buffered = buf.subarray(end + 4);
        const head = parseHead(bytes.toString('latin1'));
        out.push({ kind: 'head', head, bytes });
        this.state = this.bodyState(head);
        if (this.state.name === 'head') out.push({ kind: 'end' });
        return true;
      }
      case 'length':
      case 'chunk-data':
      case 'chunk-crlf': {
        if (buf.length === 0) return false;
        const take = Math.min(state.left, buf.length);
        out.push({ kind: 'body', bytes: buf.subarray(0, take) });
        this.buffered = buf.subarray(take);
        const left = state.left - take;
        if (left > 0) this.state = { ...state, left };
        else if (state.name === 'length') this.finish(out);
        else if (state.name === 'chunk-data') this.state = { name: 'chunk-crlf', left: 2 };
        else this.state = { name: 'chunk-size' };
        return true;
      }
      case 'chunk-size': {
        const end = buf.indexOf(CRLF);
        if (end < 0) return false;
        const size = parseInt(buf.subarray(0, end).toString('latin1').split(';')[0]?.trim() ?? '', 16);
        if (Number.isNaN(size)) throw new Error('bad chunk size');
        out.push({ kind: 'body', bytes: buf.subarray(0, end + 2) });
        this.buffered = buf.subarray(end + 2);
        this.state = size === 0 ? { name: 'trailers' } : { name: 'chunk-data', left: size };
        return true;
      }
      case 'trailers': {
        const end = buf.indexOf(CRLF);
        if (end < 0) return false;
        out.push({ kind: 'body', bytes: buf.subarray(0, end + 2) });
        this.buffered = buf.subarray(end + 2);
        if (end === 0) this.finish(out);
        return true;
      }
      case 'until-close':
        if (buf.length === 0) return false;
        out.push({ kind: 'body', bytes: buf });
        this.buffered = Buffer.alloc(0);
        return true;
    }
  }

  private finish(out: Segment[]): void {
    out.push({ kind: 'end' });
    this.state = { name: 'head' };
  }

  private bodyState(head: MessageHead): State {
    const framing = this.bodyFraming(head);
    if (framing === 'none') return { name: 'head' };
    if (/\bchunked\b/i.test(head.headers['transfer-encoding'] ?? '')) return { name: 'chunk-size' };
    const length = head.headers['content-length'];
    if (length !== undefined) {
      const n = Number(length);
      return n > 0 ? { name: 'length', left: n } : { name: 'head' };
    }
    return framing === 'until-close' ? { name: 'until-close' } : { name: 'head' };
  }
}

function parseHead(text: string): MessageHead {
  const lines = text.split('\r\n').filter((l) => l !== '');
  const [start = '', ...rest] = lines;
  const headers: Record<string, string> = {};
  for (const line of rest) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const parts = start.split(' ');
  return { startLine: [parts[0] ?? '', parts[1] ?? '', parts.slice(2).join(' ')], headers };
}
