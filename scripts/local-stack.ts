// The embedded local stack (DESIGN §3): the reference central FHIR server, the signaling relay
// and the web shell on loopback, used by `npm start`, `npm run start:web`, the e2e tests and the
// benchmarks. TURN (coturn) is not part of it: on loopback, host candidates connect.
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startCentralServer, type CentralServer } from '../src-server/central/server';
import { startSignalRelay } from '../src-server/signal/relay';
import { startWebShell, type WebShell } from '../src-server/web/web-shell';
import type { Logger } from '../src-core/platform/logger';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');
export const webDistDir = join(repoRoot, 'dist', 'web');

export interface LocalStackOptions {
  /** Web shell port; 0 = ephemeral. Default 8080. */
  readonly webPort?: number;
  /** Central server port; 0 = ephemeral. Default 8090. */
  readonly centralPort?: number;
  /** Where the central server keeps its data. */
  readonly dataDir: string;
  /** Build the renderer before serving it. Default true. */
  readonly build?: boolean;
  /** Use this central server instead of starting the reference one. */
  readonly centralUrl?: string;
  /** Use this signaling relay instead of starting one. */
  readonly signalingUrl?: string;
  /** Signaling relay port; 0 = ephemeral. Default 8091. */
  readonly signalPort?: number;
  /** Serve the web shell; the desktop launcher only needs the servers. Default true. */
  readonly web?: boolean;
  readonly logger?: Logger;
}

export interface LocalStack {
  /** Web shell URL with a trailing slash; empty when `web: false`. */
  readonly webUrl: string;
  /** FHIR base URL of the central server, no trailing slash. */
  readonly centralUrl: string;
  readonly signalingUrl: string | null;
  /**
   * Secret that signs join tokens for the relay this stack started (absent when an external
   * relay is configured). Kept in memory only; never logged.
   */
  readonly signalSecret?: string;
  close(): Promise<void>;
}

export async function buildRenderer(): Promise<void> {
  await build({ configFile: join(repoRoot, 'vite.renderer.config.ts'), logLevel: 'warn' });
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  try {
    if (options.build ?? true) await buildRenderer();
    let centralUrl = options.centralUrl;
    if (centralUrl === undefined) {
      const central: CentralServer = await startCentralServer({
        port: options.centralPort ?? 8090,
        dataDir: join(options.dataDir, 'central'),
        ...(options.logger === undefined ? {} : { logger: options.logger.child('central') }),
      });
      closers.push(() => central.close());
      centralUrl = central.baseUrl;
    }
    let signalingUrl = options.signalingUrl ?? null;
    let signalSecret: string | undefined;
    if (options.signalingUrl === undefined) {
      signalSecret = randomBytes(32).toString('hex');
      const relay = await startSignalRelay({
        port: options.signalPort ?? 8091,
        tokenSecret: signalSecret,
        ...(options.logger === undefined ? {} : { logger: options.logger.child('signal') }),
      });
      closers.push(() => relay.close());
      signalingUrl = relay.url;
    }
    let webUrl = '';
    if (options.web ?? true) {
      const web: WebShell = await startWebShell({
        distDir: webDistDir,
        port: options.webPort ?? 8080,
        config: { centralServerUrl: centralUrl, signalingUrl },
        ...(options.logger === undefined ? {} : { logger: options.logger.child('web') }),
      });
      closers.push(() => web.close());
      webUrl = web.url;
    }
    return { webUrl, centralUrl, signalingUrl, ...(signalSecret === undefined ? {} : { signalSecret }), close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
