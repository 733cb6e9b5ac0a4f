// Global setup of the browser test project (vitest.config.ts): the reference central server on a
// loopback port with a fresh data directory, for tests that sync from Chromium (the sync crash
// test). Its base URL reaches the tests as `inject('centralUrl')`; the server sends CORS headers
// (src-server/central/cors.ts), so the page and its workers can call it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startCentralServer } from '../../src-server/central/server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The reference central server's FHIR base, e.g. http://127.0.0.1:41234/fhir/R4 */
    centralUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ceiba-central-browser-'));
  const server = await startCentralServer({ port: 0, dataDir });
  project.provide('centralUrl', server.baseUrl);
  return async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  };
}
