// The Content-Security-Policy the main process puts on our renderer's documents (DESIGN §3).
// The renderer's index.html carries its own meta policy as well (for the web shell); a browser
// enforces both, so the effective policy is the stricter of the two.
import type { RuntimeConfig } from '../../src-core/ipc/contract';
import { originOf, type AppLocation, type AppMode } from '../app-origin';

export interface CspOptions {
  readonly mode: AppMode;
  /** Origins the UI may fetch from or open sockets to, besides its own ('self'). */
  readonly connectSources: readonly string[];
}

/**
 * Builds the policy. No 'unsafe-eval' in any mode.
 *
 * 'unsafe-inline' appears only in development: Vite's dev server injects the React Refresh
 * preamble as an inline module script and serves CSS as injected <style> elements. A production
 * build loads scripts and styles from files, and React's `style={...}` props go through the CSSOM,
 * which style-src does not govern, so the packaged app needs no inline allowance at all.
 */
export function buildContentSecurityPolicy(options: CspOptions): string {
  const dev = options.mode === 'development';
  const inline = dev ? [`'unsafe-inline'`] : [];
  const directives: [string, ...string[]][] = [
    ['default-src', `'self'`],
    ['script-src', `'self'`, ...inline],
    ['style-src', `'self'`, ...inline],
    ['img-src', `'self'`, 'data:', 'blob:'],
    ['media-src', `'self'`, 'blob:', 'mediastream:'],
    ['connect-src', `'self'`, ...unique(options.connectSources)],
    ['object-src', `'none'`],
    ['base-uri', `'none'`],
    ['frame-ancestors', `'none'`],
    ['form-action', `'none'`],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * connect-src for this run: the central FHIR server and the signaling relay as origins (paths
 * are irrelevant to CSP), plus, in development, the Vite dev server's WebSocket for hot reload.
 */
export function connectSourcesFor(location: AppLocation, config: RuntimeConfig): string[] {
  const sources: string[] = [];
  for (const url of [config.centralServerUrl, config.signalingUrl]) {
    const origin = url === null ? null : originOf(url);
    if (origin !== null) sources.push(origin);
  }
  if (location.mode === 'development') {
    sources.push(location.origin.replace(/^http/, 'ws'));
  }
  return unique(sources);
}

export function cspFor(location: AppLocation, config: RuntimeConfig): string {
  return buildContentSecurityPolicy({ mode: location.mode, connectSources: connectSourcesFor(location, config) });
}

export const CSP_HEADER = 'Content-Security-Policy';

/**
 * Response headers with our policy added, for session.webRequest.onHeadersReceived. Only
 * documents (main and sub frames) get it; a policy the server already sent is kept, and both apply.
 */
export function headersWithCsp(
  resourceType: string,
  headers: Readonly<Record<string, readonly string[]>> | undefined,
  csp: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers ?? {})) out[name] = [...values];
  if (resourceType !== 'mainFrame' && resourceType !== 'subFrame') return out;
  const existing = Object.keys(out).find((name) => name.toLowerCase() === CSP_HEADER.toLowerCase());
  if (existing === undefined) {
    out[CSP_HEADER] = [csp];
  } else {
    out[existing] = [...(out[existing] ?? []), csp];
  }
  return out;
}
