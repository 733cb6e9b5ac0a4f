// Serves the packaged renderer on the privileged `app://ceiba` scheme (see app-origin.ts).
// Only files under the renderer's build folder are reachable; every response carries the CSP.
// The renderer uses hash routing (like the web shell), so an unknown path is a 404, not index.html.
import type { CustomScheme } from 'electron';
import { extname, normalize, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { CSP_HEADER } from './security/content-security-policy';

/**
 * Registered before app ready. `standard` gives the scheme real origins and relative-URL
 * resolution; `secure` makes it a secure context, which getUserMedia (calls) and WebCrypto
 * (the store's encryption) require; `supportFetchAPI` lets the page fetch its own assets;
 * `codeCache` keeps V8's compiled-code cache, which helps start-up on old CPUs. Left off on
 * purpose: `bypassCSP`, `corsEnabled` (would make our files readable cross-origin),
 * `allowServiceWorkers`, `stream`.
 */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AssetResolution = { readonly file: string } | { readonly status: 400 | 404 };

/** Maps an app:// URL to a file inside rootDir; anything else is a 400 or 404. */
export function resolveAppAsset(requestUrl: string, rootDir: string): AssetResolution {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return { status: 404 };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { status: 400 };
  }
  // URL parsing already removed literal dot segments; encoded ones (%2F..) surface only now.
  // Backslashes would be separators on Windows; a NUL byte truncates paths in some APIs.
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return { status: 400 };
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(root, '.' + normalize('/' + path));
  if (!file.startsWith(root + sep)) return { status: 400 };
  return { file };
}

export interface AppProtocolOptions {
  /** The renderer's build folder (.vite/renderer/main_window inside the asar). */
  readonly rootDir: string;
  /** fs.promises.readFile in main.ts (it reads inside the asar archive). */
  readonly readFile: (file: string) => Promise<Uint8Array>;
  readonly csp: string;
  /** Told about read failures other than a missing file. */
  readonly onError?: (err: unknown) => void;
}

/** The part of a fetch Request this handler reads. */
export interface AppRequestLike {
  readonly url: string;
  readonly method: string;
}

const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' } as const;

function textResponse(status: number, text: string, csp: string): Response {
  return new Response(text, {
    status,
    headers: { ...BASE_HEADERS, [CSP_HEADER]: csp, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

const isMissing = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && ['ENOENT', 'ENOTDIR', 'EISDIR'].includes(String((err as { code?: unknown }).code));

/** The protocol.handle handler for `app:`. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: AppRequestLike) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed', options.csp);
    const resolved = resolveAppAsset(request.url, options.rootDir);
    if ('status' in resolved) return textResponse(resolved.status, resolved.status === 404 ? 'Not found' : 'Bad request', options.csp);
    let body: Uint8Array;
    try {
      body = await options.readFile(resolved.file);
    } catch (err) {
      if (isMissing(err)) return textResponse(404, 'Not found', options.csp);
      options.onError?.(err);
      return textResponse(500, 'Internal error', options.csp);
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...BASE_HEADERS,
        [CSP_HEADER]: options.csp,
        'Content-Type': contentTypeFor(resolved.file),
        'Content-Length': String(body.byteLength),
      },
    });
  };
}
