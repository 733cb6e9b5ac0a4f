// Platform for the web shell: the same bundle served over HTTP. The server that serves it also
// serves ./config.json next to index.html with this installation's endpoints.
import type { AppInfo, RuntimeConfig } from '../../src-core/ipc';
import { errorOutcome, OutcomeError } from '../../src-core/fhir';
import type { HttpFetch, Platform } from './platform';
import { parseRuntimeConfig } from './runtime-config';
import { noOsKeyStore } from '../../src-core/store/crypto/key-store';

export interface WebPlatformDeps {
  readonly fetch: HttpFetch;
  /** The document's base URL; config.json is resolved against it. */
  readonly baseUrl: string;
  readonly userAgent: string;
  readonly version: string;
}

/** Chromium's version from a user-agent string, if it names one. */
export function chromiumVersion(userAgent: string): string | undefined {
  return /(?:Chromium|Chrome)\/(\d+(?:\.\d+)*)/.exec(userAgent)?.[1];
}

export function createWebPlatform(deps: WebPlatformDeps): Platform {
  let config: Promise<RuntimeConfig> | undefined;

  const loadConfig = async (): Promise<RuntimeConfig> => {
    const url = new URL('config.json', deps.baseUrl).href;
    const res = await deps.fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) throw new OutcomeError(errorOutcome('not-found', `GET config.json answered HTTP ${res.status}`));
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new OutcomeError(errorOutcome('structure', 'config.json is not JSON'));
    }
    return parseRuntimeConfig(body);
  };

  return {
    fetch: deps.fetch,
    getAppInfo(): Promise<AppInfo> {
      const chromium = chromiumVersion(deps.userAgent);
      return Promise.resolve({
        name: 'Ceiba',
        version: deps.version,
        shell: 'web',
        versions: chromium === undefined ? {} : { chromium },
      });
    },
    // A browser has no OS key store: the password wrap is the only lock.
    getKeyStore: () => Promise.resolve(noOsKeyStore),
    reportActivity: () => undefined,
    print: () => {
      window.print();
      return Promise.resolve();
    },
    getConfig(): Promise<RuntimeConfig> {
      // A failed load is not cached, so "Volver a comprobar" can retry it.
      config ??= loadConfig().catch((err: unknown) => {
        config = undefined;
        throw err;
      });
      return config;
    },
  };
}
