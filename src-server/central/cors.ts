// CORS for the web shell, which is served from another origin in development. Any origin is allowed:
// this is a loopback development server, and bearer tokens travel in a header, not in cookies.
import type { IncomingMessage, ServerResponse } from 'node:http';

const EXPOSED_HEADERS = 'ETag, Location, Last-Modified, Content-Location, Content-Encoding';
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const DEFAULT_ALLOWED_HEADERS =
  'Authorization, Content-Type, Content-Encoding, Accept, Accept-Encoding, If-Match, If-None-Exist, If-None-Match, Prefer';

export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS';
}

export function writePreflight(req: IncomingMessage, res: ServerResponse): void {
  const requested = req.headers['access-control-request-headers'];
  // Echo what the browser asks for (header names only), so a new request header needs no change here.
  const allowHeaders = requested !== undefined && /^[A-Za-z0-9\-_, ]+$/.test(requested) ? requested : DEFAULT_ALLOWED_HEADERS;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': allowHeaders,
    'Access-Control-Max-Age': '600',
    Vary: 'Access-Control-Request-Headers',
    ...(req.headers['access-control-request-private-network'] === 'true'
      ? { 'Access-Control-Allow-Private-Network': 'true' }
      : {}),
  });
  res.end();
}
