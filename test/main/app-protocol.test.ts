import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_DEFINITION, contentTypeFor, createAppProtocolHandler, resolveAppAsset } from '../../src-main/app-protocol';

let root: string;
let outside: string;

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'ceiba-app-protocol-'));
  root = join(base, 'renderer', 'main_window');
  outside = join(base, 'secret.txt');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Ceiba</title>');
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(outside, 'patient data');
});

afterAll(async () => {
  await rm(join(root, '..', '..'), { recursive: true, force: true });
});

describe('scheme registration', () => {
  it('is a standard, secure scheme that does not bypass CSP or open itself cross-origin', () => {
    expect(APP_SCHEME_DEFINITION.scheme).toBe('app');
    expect(APP_SCHEME_DEFINITION.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    expect(APP_SCHEME_DEFINITION.privileges?.bypassCSP).toBeUndefined();
    expect(APP_SCHEME_DEFINITION.privileges?.corsEnabled).toBeUndefined();
  });
});

describe('resolveAppAsset', () => {
  it('maps app://ceiba paths into the renderer folder', () => {
    expect(resolveAppAsset('app://ceiba/', root)).toEqual({ file: join(root, 'index.html') });
    expect(resolveAppAsset('app://ceiba/index.html?x=1#/pacientes', root)).toEqual({ file: join(root, 'index.html') });
    expect(resolveAppAsset('app://ceiba/assets/index-abc123.js', root)).toEqual({ file: join(root, 'assets', 'index-abc123.js') });
  });

  it.each([
    'app://ceiba/../secret.txt',
    'app://ceiba/%2e%2e/%2e%2e/secret.txt',
    'app://ceiba/assets/..%2F..%2F..%2Fsecret.txt',
    'app://ceiba/..%5C..%5Csecret.txt',
    'app://ceiba/index.html%00.js',
    'app://ceiba/%E0%A4%A',
  ])('never leaves the folder for %s', (url) => {
    const result = resolveAppAsset(url, root);
    if ('file' in result) {
      expect(result.file.startsWith(root)).toBe(true);
    } else {
      expect([400, 404]).toContain(result.status);
    }
  });

  it('serves nothing for other hosts or schemes', () => {
    expect(resolveAppAsset('app://other/index.html', root)).toEqual({ status: 404 });
    expect(resolveAppAsset('https://ceiba/index.html', root)).toEqual({ status: 404 });
  });
});

describe('app protocol handler', () => {
  const csp = "default-src 'self'";
  const handler = (onError = vi.fn()) =>
    createAppProtocolHandler({ rootDir: root, readFile: (file) => readFile(file), csp, onError });

  it('serves index.html with the CSP and its content type', async () => {
    const response = await handler()({ url: 'app://ceiba/index.html', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    await expect(response.text()).resolves.toContain('<title>Ceiba</title>');
  });

  it('serves scripts as JavaScript (module scripts need a JS MIME type)', async () => {
    const response = await handler()({ url: 'app://ceiba/assets/index-abc123.js', method: 'GET' });
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for a missing file and for deep links (hash routing only)', async () => {
    expect((await handler()({ url: 'app://ceiba/assets/missing.js', method: 'GET' })).status).toBe(404);
    expect((await handler()({ url: 'app://ceiba/pacientes/123', method: 'GET' })).status).toBe(404);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await handler()({ url: 'app://ceiba/..%2Fsecret.txt', method: 'GET' });
    expect(response.status).toBe(400);
    await expect(response.text()).resolves.not.toContain('patient data');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handler()({ url: 'app://ceiba/index.html', method: 'POST' })).status).toBe(405);
    const head = await handler()({ url: 'app://ceiba/index.html', method: 'HEAD' });
    expect(head.status).toBe(200);
    await expect(head.text()).resolves.toBe('');
  });

  it('reports unexpected read errors as 500', async () => {
    const onError = vi.fn();
    const failing = createAppProtocolHandler({ rootDir: root, readFile: () => Promise.reject(new Error('EIO')), csp, onError });
    expect((await failing({ url: 'app://ceiba/index.html', method: 'GET' })).status).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('knows the renderer build types', () => {
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
