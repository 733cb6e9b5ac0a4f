// The web shell server over real HTTP: serves the built files and /config.json, refuses paths
// that escape its folder, and never answers with another folder's files.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside, startWebShell, type WebShell } from '../../src-server/web/web-shell';

let root: string;
let shell: WebShell;

/** fetch() normalises "../" away, so traversal attempts go through node:http with a raw path. */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => { done({ status: res.statusCode ?? 0, body }); });
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ceiba-web-'));
  await mkdir(join(root, 'dist', 'assets'), { recursive: true });
  await writeFile(join(root, 'dist', 'index.html'), '<!doctype html><title>Ceiba</title>');
  await writeFile(join(root, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'outside the web root');
  shell = await startWebShell({
    distDir: join(root, 'dist'),
    port: 0,
    config: { centralServerUrl: 'http://127.0.0.1:9/fhir/R4', signalingUrl: null },
  });
});

afterAll(async () => {
  await shell.close();
  await rm(root, { recursive: true, force: true });
});

describe('web shell server', () => {
  it('serves index.html at / without caching and hashed assets as immutable', async () => {
    const index = await fetch(shell.url);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('<title>Ceiba</title>');
    const asset = await fetch(new URL('assets/app-1234.js', shell.url));
    expect(asset.headers.get('content-type')).toMatch(/text\/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
  });

  it('serves the runtime configuration the web platform adapter reads', async () => {
    const res = await fetch(new URL('config.json', shell.url));
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ centralServerUrl: 'http://127.0.0.1:9/fhir/R4', signalingUrl: null });
  });

  it('refuses paths that escape the web root', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const res = await rawGet(shell.url, path);
      expect(res.body).not.toContain('outside the web root');
      expect([400, 404]).toContain(res.status);
    }
  });

  it('answers 404 for missing files and 405 for writes', async () => {
    expect((await fetch(new URL('nope.js', shell.url))).status).toBe(404);
    expect((await fetch(shell.url, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('maps URL paths inside the root only', () => {
    expect(resolveInside('/srv/web', '/a/b.js')).toBe('/srv/web/a/b.js');
    expect(resolveInside('/srv/web', '/../etc/passwd')).toBe('/srv/web/etc/passwd');
    expect(resolveInside('/srv/web', '/%E0%A4%A')).toBeNull();
    expect(resolveInside('/srv/web', '/a%00b')).toBeNull();
  });

  it('fails to start without a built renderer, with a message saying how to build it', async () => {
    await expect(startWebShell({ distDir: join(root, 'missing'), port: 0, config: { centralServerUrl: null, signalingUrl: null } }))
      .rejects.toThrow(/npm run build:web/);
  });
});
