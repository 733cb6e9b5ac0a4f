// The fault proxy's throttle arithmetic and HTTP framing, without sockets or waiting.
import { describe, expect, it } from 'vitest';
import type { Segment } from '../harness/fault-proxy-framer';
import { HttpFramer } from '../harness/fault-proxy-framer';
import { TokenBucket } from '../harness/fault-proxy-token-bucket';

describe('token bucket', () => {
  it('lets the burst through at once, then makes the caller wait for the debt', () => {
    let now = 0;
    const bucket = new TokenBucket(32_000, 4_000, () => now);
    expect(bucket.reserve(4_000)).toBe(0);
    expect(bucket.reserve(3_200)).toBeCloseTo(100);
    now = 100;
    expect(bucket.reserve(1_600)).toBeCloseTo(50);
  });

  it('refills at the rate and never beyond the burst', () => {
    let now = 0;
    const bucket = new TokenBucket(1_000, 500, () => now);
    expect(bucket.reserve(500)).toBe(0);
    now = 10_000; // ten seconds idle refill at most 500 tokens
    expect(bucket.reserve(500)).toBe(0);
    expect(bucket.reserve(100)).toBeCloseTo(100);
  });

  it('paces a long stream at the configured rate (256 kbit/s)', () => {
    let now = 0;
    const rate = 32_000;
    const burst = 4_096;
    const bucket = new TokenBucket(rate, burst, () => now);
    const total = 1_000_000;
    for (let sent = 0; sent < total; sent += 4_096) now += bucket.reserve(Math.min(4_096, total - sent));
    // Everything after the free burst costs exactly bytes / rate seconds of fake time.
    expect(now).toBeCloseTo(((total - burst) / rate) * 1000, 6);
  });

  it('rejects a non-positive rate', () => {
    expect(() => new TokenBucket(0, 10, () => 0)).toThrow();
  });
});

const kinds = (segments: Segment[]): string[] =>
  segments.map((s) => (s.kind === 'head' ? `head:${s.head.startLine[0] ?? ''} ${s.head.startLine[1] ?? ''}` : s.kind === 'body' ? `body:${s.bytes.length}` : 'end'));

function feedByteByByte(framer: HttpFramer, text: string): Segment[] {
  const out: Segment[] = [];
  for (const byte of Buffer.from(text, 'latin1')) out.push(...framer.push(Buffer.from([byte])));
  return out;
}

describe('HTTP framer', () => {
  it('separates two pipelined requests with Content-Length bodies in one chunk', () => {
    const framer = new HttpFramer(() => 'framed');
    const wire = 'PUT /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: x\r\n\r\n';
    expect(kinds(framer.push(Buffer.from(wire)))).toEqual(['head:PUT /a', 'body:3', 'end', 'head:GET /b', 'end']);
  });

  it('follows chunked bodies with extensions and trailers even one byte at a time', () => {
    const framer = new HttpFramer(() => 'framed');
    const wire =
      'POST /fhir HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\nGET /next HTTP/1.1\r\n\r\n';
    const segments = feedByteByByte(framer, wire);
    const heads = segments.filter((s) => s.kind === 'head').length;
    const ends = segments.filter((s) => s.kind === 'end').length;
    const bodyBytes = segments.reduce((n, s) => n + (s.kind === 'body' ? s.bytes.length : 0), 0);
    expect(heads).toBe(2);
    expect(ends).toBe(2);
    // Every byte of the chunked framing is passed on, untouched.
    expect(bodyBytes).toBe(wire.indexOf('GET /next') - wire.indexOf('5;x=1'));
  });

  it('treats a response without framing as running to the close, and 204 as bodiless', () => {
    const framer = new HttpFramer((head) => (head.startLine[1] === '204' ? 'none' : 'until-close'));
    expect(kinds(framer.push(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')))).toEqual(['head:HTTP/1.1 204', 'end']);
    expect(kinds(framer.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome')))).toEqual(['head:HTTP/1.1 200', 'body:4']);
    expect(kinds(framer.push(Buffer.from('more')))).toEqual(['body:4']);
  });
});
