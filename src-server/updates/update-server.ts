// A local update server for development and for testing a release before publishing it: serves
// one folder (latest.yml and the installers) on loopback, read-only. Point a development build at
// it with CEIBA_UPDATE_URL=http://127.0.0.1:<port>/ (src-main/main.ts).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import type { Logger } from '../../src-core/platform/logger';
import { resolveInside } from '../web/web-shell';

export interface UpdateServer {
  /** Base URL with a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.exe': 'application/octet-stream',
  '.zip': 'application/zip',
  '.blockmap': 'application/octet-stream',
};

export async function startUpdateServer(options: { dir: string; port?: number; logger?: Logger }): Promise<UpdateServer> {
  const server = createServer((req, res) => {
    const send = async (): Promise<void> => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const file = resolveInside(options.dir, path);
      const info = file === null ? undefined : await stat(file).catch(() => undefined);
      if (file === null || info?.isFile() !== true) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      const body = await readFile(file);
      // The feed must never be cached: a stale latest.yml hides a release.
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
      options.logger?.info('update file served', { path });
    };
    send().catch((err: unknown) => {
      options.logger?.error('update server request failed', { error: err instanceof Error ? err.name : 'unknown' });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8093, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => { done(); });
      }),
  };
}
