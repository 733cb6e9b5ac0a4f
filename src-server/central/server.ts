// The reference central FHIR server (DESIGN §5): Medplum's FHIR router over a journaled repository,
// served by node:http at <host>:<port>/fhir/R4. For development, demos and tests, not production.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { systemClock } from '../../src-core/platform/clock';
import { cryptoIds } from '../../src-core/platform/ids';
import type { Logger } from '../../src-core/platform/logger';
import { createLoggerFactory, jsonLineSink } from '../../src-core/platform/logger';
import { capabilityStatement } from './capability-statement';
import { createCentralRouter } from './central-router';
import { loadFhirDefinitions } from './fhir-definitions';
import { lockDataDir } from './data-dir-lock';
import { createHttpHandler } from './http-handler';
import { JournalRepository } from './journal-repository';
import { PageSets } from './page-sets';
import { BASE_PATH } from './route-context';
import { SerialQueue } from './serial-queue';

export interface CentralServerOptions {
  /** Default 8090; 0 picks a free port. */
  port?: number;
  /** Default '127.0.0.1': loopback only unless asked otherwise. */
  host?: string;
  dataDir: string;
  /** When set, every request but GET metadata needs `Authorization: Bearer <authToken>`. */
  authToken?: string;
  logger?: Logger;
}

export interface CentralServer {
  /** e.g. http://127.0.0.1:8090/fhir/R4, no trailing slash */
  readonly baseUrl: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8090;
export const DEFAULT_HOST = '127.0.0.1';
export const JOURNAL_FILE = 'journal.ndjson';
/** Slow rural uploads of a large transaction can take many minutes; Node's default cuts them at 5. */
const REQUEST_TIMEOUT_MS = 30 * 60_000;
/** How long close() lets requests in progress finish before cutting their connections. */
const CLOSE_GRACE_MS = 5_000;

export async function startCentralServer(options: CentralServerOptions): Promise<CentralServer> {
  loadFhirDefinitions();
  const logger = options.logger ?? stderrWarnings();
  mkdirSync(options.dataDir, { recursive: true });
  const lock = lockDataDir(options.dataDir);
  const repo = await JournalRepository.open(join(options.dataDir, JOURNAL_FILE), {
    clock: systemClock,
    ids: cryptoIds,
    logger: logger.child('repository'),
  }).catch((err: unknown) => {
    lock.release();
    throw err;
  });
  const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS });
  const host = options.host ?? DEFAULT_HOST;
  let port: number;
  try {
    port = await listen(server, options.port ?? DEFAULT_PORT, host);
  } catch (err) {
    repo.close();
    lock.release();
    throw err;
  }
  const baseUrl = `http://${urlHost(host)}:${port}${BASE_PATH}`;
  const router = createCentralRouter({
    repo,
    pages: new PageSets({ clock: systemClock, ids: cryptoIds }),
    baseUrl,
    capabilityStatement: capabilityStatement({ baseUrl, date: systemClock.now().toISOString(), authRequired: options.authToken !== undefined }),
  });
  const queue = new SerialQueue();
  const handler = createHttpHandler({ router, repo, queue, logger: logger.child('http'), baseUrl, authToken: options.authToken });
  // Attached in the same tick as `listening`, so no request can arrive before the handler.
  server.on('request', handler.handle);
  logger.info('central server listening', { baseUrl, auth: options.authToken !== undefined });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => { resolve(); }));
    server.closeIdleConnections();
    await Promise.race([handler.drained(), delay(CLOSE_GRACE_MS)]);
    server.closeAllConnections();
    await closed;
    await queue.idle();
    repo.close();
    lock.release();
    logger.info('central server closed', { baseUrl });
  };
  return {
    baseUrl,
    close: () => (closing ??= close()),
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A URL host a client can use: bracketed IPv6, loopback instead of a wildcard address. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function stderrWarnings(): Logger {
  return createLoggerFactory({ sink: jsonLineSink((line) => process.stderr.write(`${line}\n`)), minLevel: 'warn' })('central');
}

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
