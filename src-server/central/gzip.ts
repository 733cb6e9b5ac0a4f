// gzip both ways: rural links are slow, FHIR JSON compresses roughly tenfold.
import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { httpProblem } from './http-problem';

const gzipAsync = promisify(gzipCallback);
const gunzipAsync = promisify(gunzipCallback);

/** True unless the client did not list gzip (or `*`) or gave it q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  let gzipQ: number | undefined;
  let anyQ: number | undefined;
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (name === 'gzip' || name === 'x-gzip') gzipQ = q;
    if (name === '*') anyQ = q;
  }
  return (gzipQ ?? anyQ ?? 0) > 0;
}

export function gzip(data: Buffer): Promise<Buffer> {
  return gzipAsync(data);
}

/** Inflates a request body, refusing one that expands beyond `limit` (a zip bomb is cheap to send). */
export async function gunzipLimited(data: Buffer, limit: number): Promise<Buffer> {
  try {
    return await gunzipAsync(data, { maxOutputLength: limit });
  } catch (err) {
    if (err instanceof RangeError) {
      throw httpProblem(413, 'too-costly', `Request body is larger than ${limit} bytes once decompressed`);
    }
    throw httpProblem(400, 'invalid', 'Request body is not valid gzip');
  }
}
