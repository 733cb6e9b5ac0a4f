// The renderer's platform adapters against the real pieces on the other side of their boundary:
// the desktop adapter over the real preload bridge and main-process handlers (only Electron's IPC
// transport is replaced, by a direct call, because Electron cannot run here), and the web adapter
// over real HTTP from the real web shell server.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutcomeError, errorOutcome } from '../../src-core/fhir/outcome';
import type { IpcChannel, IpcHandlers } from '../../src-core/ipc/contract';
import { toReply } from '../../src-core/ipc/reply';
import { createBridge } from '../../src-main/bridge';
import { createIpcHandlers } from '../../src-main/ipc-handlers';
import { createOsKeyStoreHandlers } from '../../src-main/os-key-store';
import { fakeSafeStorage } from '../main/fake-safe-storage';
import { createElectronPlatform } from '../../src-renderer/platform/electron-bridge';
import { chromiumVersion, createWebPlatform } from '../../src-renderer/platform/web';
import { startWebShell, type WebShell } from '../../src-server/web/web-shell';

const nodeFetch = (url: string, init: RequestInit): Promise<Response> => fetch(url, init);

function bridgeTo(handlers: IpcHandlers): ReturnType<typeof createBridge> {
  return createBridge((channel: IpcChannel, args) =>
    toReply(() => (handlers[channel] as (...a: readonly unknown[]) => unknown)(...args)),
  );
}

describe('desktop platform (window.ceiba)', () => {
  const handlers = createIpcHandlers({
    appName: 'Ceiba',
    appVersion: '0.1.0',
    versions: { electron: '38.8.6', chrome: '140.0.7339.41', node: '22.19.0', openssl: '3.0' },
    config: { centralServerUrl: 'http://127.0.0.1:8090/fhir', signalingUrl: null },
    keyStore: createOsKeyStoreHandlers(fakeSafeStorage(), 'win32'),
  });

  it('reads app info and config through the bridge', async () => {
    const platform = createElectronPlatform(bridgeTo(handlers), nodeFetch);
    expect(await platform.getAppInfo()).toEqual({
      name: 'Ceiba',
      version: '0.1.0',
      shell: 'electron',
      versions: { electron: '38.8.6', chrome: '140.0.7339.41', node: '22.19.0' },
    });
    expect(await platform.getConfig()).toEqual({ centralServerUrl: 'http://127.0.0.1:8090/fhir', signalingUrl: null });
  });

  it('turns a failed reply into an OutcomeError carrying the main process outcome', async () => {
    const failing: IpcHandlers = {
      ...handlers,
      'app:get-config': () => {
        throw new OutcomeError(errorOutcome('processing', 'config file unreadable'));
      },
    };
    const platform = createElectronPlatform(bridgeTo(failing), nodeFetch);
    const error: unknown = await platform.getConfig().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OutcomeError);
    expect((error as OutcomeError).outcome.issue[0]?.diagnostics).toBe('config file unreadable');
  });

  it('rejects a reply whose value is not the contract shape', async () => {
    const wrong = { ...handlers, 'app:get-config': () => ({ centralServerUrl: 42 }) } as unknown as IpcHandlers;
    const platform = createElectronPlatform(bridgeTo(wrong), nodeFetch);
    await expect(platform.getConfig()).rejects.toBeInstanceOf(OutcomeError);
  });

  it('protects key records through main\'s OS key store and back', async () => {
    const keyStore = await createElectronPlatform(bridgeTo(handlers), nodeFetch).getKeyStore();
    expect(keyStore.kind).toBe('os');
    const record = new TextEncoder().encode('{"wrapped":"AAEC"}');
    const sealed = await keyStore.protect(record);
    expect(Buffer.from(sealed).includes(Buffer.from(record))).toBe(false);
    expect(await keyStore.unprotect(sealed)).toEqual(record);
  });

  it('falls back to no OS protection when main has no OS key store', async () => {
    const noOs = createIpcHandlers({
      appName: 'Ceiba',
      appVersion: '0.1.0',
      versions: {},
      config: { centralServerUrl: null, signalingUrl: null },
      keyStore: createOsKeyStoreHandlers(fakeSafeStorage({ backend: 'basic_text' }), 'linux'),
    });
    expect((await createElectronPlatform(bridgeTo(noOs), nodeFetch).getKeyStore()).kind).toBe('none');
  });
});

describe('web platform (config.json from the web shell)', () => {
  let distDir: string;
  let shell: WebShell;
  let broken: Server;
  let brokenUrl: string;

  beforeAll(async () => {
    distDir = await mkdtemp(join(tmpdir(), 'ceiba-renderer-platform-'));
    await writeFile(join(distDir, 'index.html'), '<!doctype html><title>Ceiba</title>');
    shell = await startWebShell({
      distDir,
      port: 0,
      config: { centralServerUrl: 'http://127.0.0.1:8090/fhir', signalingUrl: 'ws://127.0.0.1:7070' },
    });
    // /html/: config.json served as HTML, as a misconfigured server would; /flaky/: 503 once, then fine.
    let flakyCalls = 0;
    broken = createServer((req, res) => {
      if (req.url === '/flaky/config.json' && ++flakyCalls > 1) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ centralServerUrl: ' ', signalingUrl: null }));
        return;
      }
      res.writeHead(req.url === '/flaky/config.json' ? 503 : 200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html>');
    });
    await new Promise<void>((done) => broken.listen(0, '127.0.0.1', done));
    brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    await shell.close();
    await new Promise<void>((done) => broken.close(() => { done(); }));
    await rm(distDir, { recursive: true, force: true });
  });

  const web = (baseUrl: string): ReturnType<typeof createWebPlatform> =>
    createWebPlatform({
      fetch: nodeFetch,
      baseUrl,
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.7339.41 Safari/537.36',
      version: '0.1.0',
    });

  it('reads config.json next to the page, whatever route the hash holds', async () => {
    expect(await web(`${shell.url}#/acerca-de`).getConfig()).toEqual({
      centralServerUrl: 'http://127.0.0.1:8090/fhir',
      signalingUrl: 'ws://127.0.0.1:7070',
    });
  });

  it('describes itself as the web shell, with the Chromium version from the user agent', async () => {
    expect(await web(shell.url).getAppInfo()).toEqual({
      name: 'Ceiba',
      version: '0.1.0',
      shell: 'web',
      versions: { chromium: '140.0.7339.41' },
    });
    expect(chromiumVersion('Mozilla/5.0 HeadlessChrome/156.0.0.0 Safari/537.36')).toBe('156.0.0.0');
    expect(chromiumVersion('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBeUndefined();
  });

  it('fails with an outcome when config.json is missing or not JSON', async () => {
    await expect(web(`${shell.url}sub/dir/`).getConfig()).rejects.toBeInstanceOf(OutcomeError); // 404
    await expect(web(`${brokenUrl}html/`).getConfig()).rejects.toBeInstanceOf(OutcomeError);
  });

  it('does not cache a failure, so "Volver a comprobar" can succeed later; blank URLs mean not configured', async () => {
    const platform = web(`${brokenUrl}flaky/`);
    await expect(platform.getConfig()).rejects.toBeInstanceOf(OutcomeError);
    expect(await platform.getConfig()).toEqual({ centralServerUrl: null, signalingUrl: null });
    expect((await platform.getKeyStore()).kind).toBe('none');
  });
});
