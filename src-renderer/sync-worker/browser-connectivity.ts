// Online/offline for the sync scheduler. navigator.onLine only says whether a network interface
// is up, not that the central server answers; the scheduler treats "online" as "worth trying", and
// a failed run backs off on its own.
//
// Two sources feed one state: the worker's own navigator.onLine and online/offline events, and
// the window's, which the main thread forwards (sync-connection.ts): Chromium did not fire
// online/offline in the worker under DevTools network emulation in the e2e test, while the
// window's events came. The latest report from either wins.
import type { Connectivity } from '../../src-core/sync';

export interface OnlineSource {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export class ForwardedConnectivity implements Connectivity {
  private online: boolean;
  private readonly listeners = new Set<(online: boolean) => void>();

  constructor(source: OnlineSource) {
    this.online = source.navigator.onLine;
    source.addEventListener('online', () => {
      this.set(true);
    });
    source.addEventListener('offline', () => {
      this.set(false);
    });
  }

  /** A change seen by any source; listeners hear only real changes. */
  set(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    for (const listener of [...this.listeners]) listener(online);
  }

  isOnline(): boolean {
    return this.online;
  }

  subscribe(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
