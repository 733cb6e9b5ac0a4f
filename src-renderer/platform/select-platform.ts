// Chooses the platform once, at start-up: the desktop preload exposes `ceiba`; a browser does not.
import type { CeibaBridge } from '../../src-core/ipc';
import { createElectronPlatform } from './electron-bridge';
import type { HttpFetch, Platform } from './platform';
import { createWebPlatform } from './web';

function bridgeOf(host: object): CeibaBridge | undefined {
  const candidate = (host as { ceiba?: unknown }).ceiba;
  if (typeof candidate === 'object' && candidate !== null && typeof (candidate as { invoke?: unknown }).invoke === 'function') {
    return candidate as CeibaBridge;
  }
  return undefined;
}

export function selectPlatform(host: Window): Platform {
  // Bound to the window: an unbound window.fetch throws "Illegal invocation".
  const fetch: HttpFetch = (url, init) => host.fetch(url, init);
  const bridge = bridgeOf(host);
  if (bridge !== undefined) return createElectronPlatform(bridge, fetch);
  return createWebPlatform({
    fetch,
    baseUrl: host.document.baseURI,
    userAgent: host.navigator.userAgent,
    version: __APP_VERSION__,
  });
}
