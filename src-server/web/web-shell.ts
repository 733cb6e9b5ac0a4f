// Serves the built renderer (dist/web) as the web shell: the specialist console where installing
// is impractical, and the surface the e2e tests drive (DESIGN §3). It also serves
// /config.json, the runtime configuration the web platform adapter reads at start-up.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { RuntimeConfig } from '../../src-core/ipc/contract';
import type { Logger } from '../../src-core/platform/logger';

export interface WebShellOptions {
  /** Folder holding the built renderer (index.html and assets). */
  readonly distDir: string;
  readonly config: RuntimeConfig;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1: the web shell is not exposed beyond this machine unless asked. */
  readonly host?: string;
  readonly logger?: Logger;
}

export interface WebShell {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:8080/ */
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Maps a URL path to a file inside root, or null when it would escape root. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const rootAbs = resolve(root);
  const target = resolve(rootAbs, '.' + normalize('/' + decoded));
  return target === rootAbs || target.startsWith(rootAbs + sep) ? target : null;
}

async function sendFile(res: ServerResponse, file: string, method: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    const body = await readFile(file);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    // Hashed assets never change; index.html must always be fresh so an update takes effect.
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': cache });
    res.end(method === 'HEAD' ? undefined : body);
    return true;
  } catch {
    return false;
  }
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const root = resolve(options.distDir);
  const indexFile = join(root, 'index.html');
  await stat(indexFile).catch(() => {
    throw new Error(`web shell: ${indexFile} not found; build the renderer first (npm run build:web)`);
  });
  const configBody = JSON.stringify(options.config);
  const log = options.logger;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/config.json') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(method === 'HEAD' ? undefined : configBody);
      return;
    }
    const file = resolveInside(root, path === '/' ? '/index.html' : path);
    if (file === null) {
      sendText(res, 400, 'Bad path');
      return;
    }
    if (await sendFile(res, file, method)) return;
    // The renderer uses hash routing, so any other path is simply not found.
    sendText(res, 404, 'Not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log?.error('web shell request failed', { error: err instanceof Error ? err.name : 'unknown' });
      if (!res.headersSent) sendText(res, 500, 'Internal error');
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;
  log?.info('web shell listening', { port: address.port });
  return {
    url,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => { done(); });
      }),
  };
}
