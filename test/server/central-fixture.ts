// Starts the reference central server on an ephemeral loopback port with a fresh data directory,
// captures its log records, and removes everything on dispose.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, BundleEntry, Patient, Resource } from '@medplum/fhirtypes';
import type { LogRecord, Logger } from '../../src-core/platform/logger';
import { createLoggerFactory } from '../../src-core/platform/logger';
import type { CentralServer } from '../../src-server/central/server';
import { JOURNAL_FILE, startCentralServer } from '../../src-server/central/server';

export const FHIR_JSON = 'application/fhir+json';

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when it was empty. */
  readonly body: unknown;
}

export interface SendOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export class CentralFixture {
  readonly logs: LogRecord[];
  private server: CentralServer | undefined;

  private constructor(
    readonly dataDir: string,
    private readonly authToken: string | undefined,
  ) {
    this.logs = [];
  }

  static async start(options: { authToken?: string } = {}): Promise<CentralFixture> {
    const dataDir = await mkdtemp(join(tmpdir(), 'ceiba-central-'));
    const fixture = new CentralFixture(dataDir, options.authToken);
    await fixture.startAgain();
    return fixture;
  }

  get baseUrl(): string {
    if (!this.server) throw new Error('server is stopped');
    return this.server.baseUrl;
  }

  /** A logger whose records land in `logs`. */
  logger(): Logger {
    return createLoggerFactory({ sink: (record) => { this.logs.push(record); }, minLevel: 'debug' })('central');
  }

  get journalPath(): string {
    return join(this.dataDir, JOURNAL_FILE);
  }

  async startAgain(): Promise<void> {
    this.server = await startCentralServer({
      port: 0,
      dataDir: this.dataDir,
      logger: this.logger(),
      ...(this.authToken === undefined ? {} : { authToken: this.authToken }),
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.startAgain();
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  url(path: string): string {
    return path === '' || path.startsWith('?') ? `${this.baseUrl}${path}` : `${this.baseUrl}/${path}`;
  }

  async send(method: string, pathOrUrl: string, options: SendOptions = {}): Promise<Reply> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : this.url(pathOrUrl);
    const headers: Record<string, string> = { Accept: FHIR_JSON, ...options.headers };
    const init: RequestInit = { method, headers };
    if (options.body !== undefined) {
      headers['Content-Type'] ??= FHIR_JSON;
      init.body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  get(path: string, headers?: Record<string, string>): Promise<Reply> {
    return this.send('GET', path, headers === undefined ? {} : { headers });
  }

  put(resource: Resource & { id: string }, headers?: Record<string, string>): Promise<Reply> {
    return this.send('PUT', `${resource.resourceType}/${resource.id}`, { body: resource, ...(headers === undefined ? {} : { headers }) });
  }

  post(resource: Resource, headers?: Record<string, string>): Promise<Reply> {
    return this.send('POST', resource.resourceType, { body: resource, ...(headers === undefined ? {} : { headers }) });
  }

  /** Follows `next` links from a first page; returns every page. */
  async allPages(firstPath: string): Promise<Bundle[]> {
    const pages: Bundle[] = [];
    let next: string | undefined = firstPath.startsWith('http') ? firstPath : this.url(firstPath);
    while (next !== undefined) {
      const reply = await this.get(next);
      if (reply.status !== 200) throw new Error(`page ${next} answered ${reply.status}: ${reply.text}`);
      const page = reply.body as Bundle;
      pages.push(page);
      next = page.link?.find((l) => l.relation === 'next')?.url;
      if (pages.length > 100) throw new Error('too many pages');
    }
    return pages;
  }
}

export const entriesOf = (pages: Bundle | Bundle[]): BundleEntry[] =>
  (Array.isArray(pages) ? pages : [pages]).flatMap((p) => p.entry ?? []);

export const idsOf = (pages: Bundle | Bundle[]): string[] => entriesOf(pages).map((e) => e.resource?.id ?? '');

export const uuid = (): string => globalThis.crypto.randomUUID();

export function patient(id: string, family = 'Xol', extra: Partial<Patient> = {}): Patient & { id: string } {
  return { resourceType: 'Patient', id, name: [{ family, given: ['Ana'] }], ...extra };
}

/** The reply's body, checked to be a resource of the expected type. */
export function asResource<K extends Resource['resourceType']>(reply: Reply, resourceType: K): Extract<Resource, { resourceType: K }> {
  const body = reply.body as Resource | undefined;
  if (body?.resourceType !== resourceType) {
    throw new Error(`expected a ${resourceType}, got HTTP ${reply.status}: ${reply.text.slice(0, 300)}`);
  }
  return body as Extract<Resource, { resourceType: K }>;
}
