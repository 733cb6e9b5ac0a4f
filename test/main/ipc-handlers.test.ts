import { describe, expect, it } from 'vitest';
import { createIpcHandlers } from '../../src-main/ipc-handlers';
import { createOsKeyStoreHandlers } from '../../src-main/os-key-store';
import { fakeSafeStorage } from './fake-safe-storage';
import { readRuntimeConfig } from '../../src-main/runtime-config';

describe('createIpcHandlers', () => {
  const activities: unknown[] = [];
  const handlers = createIpcHandlers({
    onActivity: (activity) => activities.push(activity),
    printToPdf: (fileName) => Promise.resolve(fileName === 'consulta-2026-11-25.pdf'),
    appName: 'Ceiba',
    appVersion: '0.1.0',
    versions: { electron: '38.8.6', chrome: '140.0.7339.0', node: '22.19.0', v8: '14.0', openssl: '3.0' },
    config: { centralServerUrl: 'http://127.0.0.1:8090/fhir', signalingUrl: 'ws://127.0.0.1:8091/' },
    keyStore: createOsKeyStoreHandlers(fakeSafeStorage(), 'win32'),
  });

  it('app:get-info reports the app and its runtimes', async () => {
    await expect(Promise.resolve(handlers['app:get-info']())).resolves.toEqual({
      name: 'Ceiba',
      version: '0.1.0',
      shell: 'electron',
      versions: { electron: '38.8.6', chrome: '140.0.7339.0', node: '22.19.0' },
    });
  });

  it('app:get-config returns the runtime configuration', async () => {
    await expect(Promise.resolve(handlers['app:get-config']())).resolves.toEqual({
      centralServerUrl: 'http://127.0.0.1:8090/fhir',
      signalingUrl: 'ws://127.0.0.1:8091/',
    });
  });

  it('keystore channels reach the OS key store', async () => {
    expect(await handlers['keystore:get-kind']()).toBe('os');
    const sealed = await handlers['keystore:protect'](new Uint8Array([9, 8, 7]));
    expect(await handlers['keystore:unprotect'](sealed)).toEqual(new Uint8Array([9, 8, 7]));
  });

  it('print:to-pdf hands the suggested name to the printer', async () => {
    expect(await handlers['print:to-pdf']('consulta-2026-11-25.pdf')).toBe(true);
  });

  it('app:set-activity passes the two flags on to the updater and nothing else', () => {
    const report = { inCall: true, consultationOpen: false };
    expect(handlers['app:set-activity'](report)).toBeNull();
    expect(activities).toEqual([{ inCall: true, consultationOpen: false }]);
  });
});

describe('readRuntimeConfig', () => {
  it('reads the launcher variables', () => {
    expect(readRuntimeConfig({ CEIBA_CENTRAL_URL: 'http://127.0.0.1:8090/fhir', CEIBA_SIGNALING_URL: 'ws://127.0.0.1:8091' })).toEqual({
      config: { centralServerUrl: 'http://127.0.0.1:8090/fhir', signalingUrl: 'ws://127.0.0.1:8091' },
      problems: [],
    });
  });

  it('is null for what is not set', () => {
    expect(readRuntimeConfig({})).toEqual({ config: { centralServerUrl: null, signalingUrl: null }, problems: [] });
    expect(readRuntimeConfig({ CEIBA_CENTRAL_URL: '  ' }).config.centralServerUrl).toBeNull();
  });

  it('ignores unusable values and says which variable, not the value', () => {
    const reading = readRuntimeConfig({
      CEIBA_CENTRAL_URL: 'https://nurse:s3cret@fhir.example/fhir',
      CEIBA_SIGNALING_URL: 'http://signal.example/',
    });
    expect(reading.config).toEqual({ centralServerUrl: null, signalingUrl: null });
    expect(reading.problems.map((p) => p.variable)).toEqual(['CEIBA_CENTRAL_URL', 'CEIBA_SIGNALING_URL']);
    expect(JSON.stringify(reading.problems)).not.toContain('s3cret');
    expect(readRuntimeConfig({ CEIBA_CENTRAL_URL: 'javascript:alert(1)' }).config.centralServerUrl).toBeNull();
    expect(readRuntimeConfig({ CEIBA_CENTRAL_URL: 'not a url' }).problems).toHaveLength(1);
  });
});
