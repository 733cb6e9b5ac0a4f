// The stack the sync page's e2e test drives: the reference central server, the fault proxy in
// front of it (so the test can shape the link the browser syncs over), and the web shell serving
// a renderer built in Vite's mode 'e2e' — the one build that carries the dev-only store hook of
// src-renderer/features/sync/e2e-hooks.ts. It is built into its own folder, never dist/web, so a
// hooked bundle can never be mistaken for (or served as) the product build. The pieces are the
// ones scripts/local-stack.ts starts; only the renderer build and the proxy differ.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { repoRoot } from '../../scripts/local-stack';
import { startCentralServer } from '../../src-server/central/server';
import { startWebShell } from '../../src-server/web/web-shell';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

export interface SyncStackOptions {
  /** A renderer already built by buildE2ERenderer (it is then left in place on close). */
  readonly distDir?: string;
  /** Makes the central server demand this bearer token; the web shell has none, so every sync call gets 401. */
  readonly authToken?: string;
}

export interface SyncStack {
  /** The e2e renderer being served. */
  readonly distDir: string;
  readonly webUrl: string;
  /** The central server itself (for the test's own HTTP checks). */
  readonly centralUrl: string;
  /** What the web shell's config.json names as the central server: the proxy. */
  readonly proxy: FaultProxy;
  close(): Promise<void>;
}

/** Builds the renderer in mode 'e2e' into a fresh folder and returns it. */
export async function buildE2ERenderer(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'ceiba-web-e2e-'));
  await build({
    configFile: join(repoRoot, 'vite.renderer.config.ts'),
    mode: 'e2e',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

export async function startSyncStack(dataDir: string, options: SyncStackOptions = {}): Promise<SyncStack> {
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const step of closers.reverse()) await step();
  };
  try {
    let distDir = options.distDir;
    if (distDir === undefined) {
      const built = await buildE2ERenderer();
      closers.push(() => rm(built, { recursive: true, force: true }));
      distDir = built;
    }
    const central = await startCentralServer({
      port: 0,
      dataDir: join(dataDir, 'central'),
      ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
    });
    closers.push(() => central.close());
    const proxy = await startFaultProxy({ target: central.baseUrl });
    closers.push(() => proxy.close());
    const web = await startWebShell({ distDir, port: 0, config: { centralServerUrl: proxy.baseUrl, signalingUrl: null } });
    closers.push(() => web.close());
    return { distDir, webUrl: web.url, centralUrl: central.baseUrl, proxy, close };
  } catch (err) {
    await close();
    throw err;
  }
}
