// The one value every security check compares against: the origin our renderer is served from.
// Under `electron-forge start` it is the renderer's Vite dev server; packaged, it is the privileged
// custom scheme `app://ceiba` (served by app-protocol.ts), which gives the UI a real, stable origin
// (so IndexedDB, permissions and CSP 'self' are per-app) instead of file://'s opaque one.

export const APP_SCHEME = 'app';
export const APP_HOST = 'ceiba';
export const PACKAGED_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type AppMode = 'development' | 'production';

export interface AppLocation {
  /** Origin of our renderer, e.g. `app://ceiba` or `http://localhost:5173`. */
  readonly origin: string;
  /** What the main window loads. */
  readonly startUrl: string;
  readonly mode: AppMode;
}

/**
 * The origin of a URL as `scheme://host[:port]`, lower-cased, or null when it has none
 * (`data:`, `javascript:`, `about:blank`, `file:` and unparsable input).
 *
 * Node's URL reports the origin of non-special schemes such as `app:` as "null", so for those it
 * is built from the scheme and host, which is what Chromium does for a standard scheme.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  switch (parsed.protocol) {
    case 'http:':
    case 'https:':
    case 'ws:':
    case 'wss:':
      return parsed.origin;
    case 'file:':
    case 'data:':
    case 'javascript:':
    case 'about:':
    case 'blob:':
      return null;
    default:
      return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`.toLowerCase();
  }
}

/** True when `url` belongs to our renderer's origin. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  const origin = originOf(url);
  return origin !== null && origin === appOrigin;
}

/**
 * Where the renderer lives. `devServerUrl` is Forge's MAIN_WINDOW_VITE_DEV_SERVER_URL, set only
 * under `electron-forge start`.
 */
export function resolveAppLocation(devServerUrl: string | undefined): AppLocation {
  if (devServerUrl !== undefined && devServerUrl !== '') {
    const origin = originOf(devServerUrl);
    if (origin === null || !/^https?:/.test(origin)) {
      throw new Error('the renderer dev-server URL must be an http(s) URL');
    }
    return { origin, startUrl: devServerUrl, mode: 'development' };
  }
  return { origin: PACKAGED_ORIGIN, startUrl: `${PACKAGED_ORIGIN}/index.html`, mode: 'production' };
}

/** What may appear in a log line about a URL: its origin or scheme, never path or query. */
export function urlForLog(url: string): string {
  const origin = originOf(url);
  if (origin !== null) return origin;
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url);
  return scheme === null ? '(invalid)' : scheme[0].toLowerCase();
}
