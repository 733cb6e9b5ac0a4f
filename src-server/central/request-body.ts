// Reads a request body within a size limit. An oversized or refused body is still read to its end
// (up to a cap) before the error is answered, because a client still sending cannot read a reply
// written early, and would report a broken connection instead of the 413.
import type { IncomingMessage } from 'node:http';
import { gunzipLimited } from './gzip';
import { httpProblem } from './http-problem';

export const MAX_BODY_BYTES = 20 * 1024 * 1024;
/** Past this much discarded data the connection is cut instead. */
const DISCARD_CAP_BYTES = 4 * MAX_BODY_BYTES;

export async function readRequestBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const raw = await collect(req, limit);
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return raw;
  if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipLimited(raw, limit);
  throw httpProblem(415, 'not-supported', `Content-Encoding '${encoding}' is not supported; use gzip`);
}

/** Reads and drops whatever is left of the body, so an error reply can be read by the client. */
export function discardRequestBody(req: IncomingMessage): Promise<void> {
  return collect(req, 0).then(
    () => undefined,
    () => undefined,
  );
}

function collect(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total <= limit) chunks.push(chunk);
      else if (total > DISCARD_CAP_BYTES) req.destroy();
    });
    req.on('end', () => {
      if (total > limit) reject(httpProblem(413, 'too-costly', `Request body is larger than ${limit} bytes`));
      else resolve(Buffer.concat(chunks, total));
    });
    req.on('error', reject);
    req.on('close', () => {
      if (!req.readableEnded) reject(httpProblem(400, 'incomplete', 'Request body ended early'));
    });
  });
}
