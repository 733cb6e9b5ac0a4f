// Builds the main and preload bundles the way `electron-forge package` does: @electron-forge/
// plugin-vite's own config generators merged with vite.main.config.ts / vite.preload.config.ts,
// then checks what Electron will load. The Electron runtime is not installed here, so the main
// bundle is only inspected; the preload is executed the way a sandboxed preload runs (a CommonJS
// function whose `require` knows 'electron' only), with a fake contextBridge and ipcRenderer.
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getConfig as forgeMainConfig } from '@electron-forge/plugin-vite/dist/config/vite.main.config.js';
import { getConfig as forgePreloadConfig } from '@electron-forge/plugin-vite/dist/config/vite.preload.config.js';
import { build, loadConfigFromFile, type ConfigEnv, type UserConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const forgeConfig = {
  build: [
    { entry: 'src-main/main.ts', config: 'vite.main.config.ts', target: 'main' as const },
    { entry: 'src-main/preload.ts', config: 'vite.preload.config.ts', target: 'preload' as const },
  ],
  renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
};

let outDir: string;

async function buildTarget(index: 0 | 1, generate: (env: ConfigEnv, user: UserConfig) => UserConfig): Promise<void> {
  const self = forgeConfig.build[index];
  if (self === undefined) throw new Error('no such build target');
  // What the plugin passes to a config file (ViteConfigGenerator.resolveConfig).
  const env = { command: 'build' as const, mode: 'production', root, forgeConfig, forgeConfigSelf: self };
  const loaded = await loadConfigFromFile(env, join(root, self.config), root, 'silent');
  const config = generate(env, loaded?.config ?? {});
  await build({ ...config, configFile: false, logLevel: 'silent', build: { ...config.build, outDir, watch: null } });
}

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'ceiba-bundles-'));
  await buildTarget(0, forgeMainConfig);
  await buildTarget(1, forgePreloadConfig);
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** Module specifiers a minified ESM bundle imports, statically or dynamically. */
function esmImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+)["']/g)) found.add(m[1] ?? '');
  for (const m of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.add(m[1] ?? '');
  return [...found].sort();
}

describe('main bundle (.vite/build/main.js)', () => {
  it('is an ES module named main.js, as package.json "type": "module" and "main" require', async () => {
    expect(existsSync(join(outDir, 'main.js'))).toBe(true);
    const code = await readFile(join(outDir, 'main.js'), 'utf8');
    // One `require` is known and harmless: sax (electron-updater's XML parser, via
    // builder-util-runtime) tries `require("stream")` inside try/catch and falls back when it is
    // missing, as it is in an ES module; the generic update feed is YAML and never reaches it.
    const guardedSaxRequire = /try\s*\{\s*[\w$]+\s*=\s*require\(\s*["']stream["']\s*\)\.Stream;?\s*\}\s*catch/g;
    expect(code.replace(guardedSaxRequire, '')).not.toMatch(/\brequire\(/);
    expect(code).not.toContain('module.exports');
    expect(code).toContain('import.meta.url');
  });

  it('imports only electron and Node built-ins; everything else is bundled', async () => {
    const code = await readFile(join(outDir, 'main.js'), 'utf8');
    const imports = esmImports(code);
    expect(imports).toContain('electron');
    // Bundled CommonJS (electron-updater) imports built-ins by their bare names ('fs', 'crypto').
    expect(imports.filter((s) => s !== 'electron' && !s.startsWith('node:') && !builtinModules.includes(s))).toEqual([]);
  });

  it('has the Forge constants replaced for a packaged build', async () => {
    const code = await readFile(join(outDir, 'main.js'), 'utf8');
    expect(code).not.toContain('MAIN_WINDOW_VITE_DEV_SERVER_URL');
    expect(code).not.toContain('MAIN_WINDOW_VITE_NAME');
    expect(code).toContain('main_window');
    expect(code).toContain('preload.cjs');
  });
});

describe('preload bundle (.vite/build/preload.cjs)', () => {
  const load = async () => {
    const code = await readFile(join(outDir, 'preload.cjs'), 'utf8');
    const required: string[] = [];
    const exposeInMainWorld = vi.fn();
    const invoke = vi.fn((channel: string) => Promise.resolve({ ok: true, value: { channel } }));
    const electron = { contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke } };
    const sandboxRequire = (name: string): unknown => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`module not found in a sandboxed preload: ${name}`);
    };
    const module = { exports: {} };
    // Runs the bundle as Electron runs a sandboxed preload: a CommonJS function body.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- executing the built bundle is the point of this test
    const run = new Function('require', 'module', 'exports', code) as (r: typeof sandboxRequire, m: typeof module, e: object) => void;
    run(sandboxRequire, module, module.exports);
    return { code, required, exposeInMainWorld, invoke };
  };

  it('is CommonJS, named preload.cjs', async () => {
    expect(existsSync(join(outDir, 'preload.cjs'))).toBe(true);
    const { code } = await load();
    expect(esmImports(code)).toEqual([]);
  });

  it('requires nothing but electron', async () => {
    const { required } = await load();
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('exposes exactly window.ceiba with invoke, and never ipcRenderer', async () => {
    const { exposeInMainWorld } = await load();
    expect(exposeInMainWorld).toHaveBeenCalledOnce();
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('ceiba');
    expect(Object.keys(api)).toEqual(['invoke']);
    expect(typeof api.invoke).toBe('function');
  });

  it('forwards contract channels to ipcRenderer.invoke and refuses others', async () => {
    const { exposeInMainWorld, invoke } = await load();
    const api = (exposeInMainWorld.mock.calls[0] as [string, { invoke: (channel: string, ...args: unknown[]) => Promise<unknown> }])[1];
    await expect(api.invoke('app:get-info')).resolves.toEqual({ ok: true, value: { channel: 'app:get-info' } });
    expect(invoke).toHaveBeenCalledExactlyOnceWith('app:get-info');
    const refused = (await api.invoke('ELECTRON_BROWSER_REQUIRE', 'fs')) as { ok: boolean };
    expect(refused.ok).toBe(false);
    expect(invoke).toHaveBeenCalledOnce();
  });
});
