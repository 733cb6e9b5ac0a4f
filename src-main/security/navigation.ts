// Navigation and new-window policy (DESIGN §3): the renderer may only ever show our own origin,
// and never opens windows. Pure handlers; harden-web-contents.ts attaches them.
import { isAppUrl, originOf } from '../app-origin';

/** The part of Electron's will-navigate / will-frame-navigate / will-redirect event we use. */
export interface NavigationEventLike {
  readonly url: string;
  preventDefault(): void;
}

/** Returns a listener that cancels every navigation that would leave `appOrigin`. */
export function createNavigationGuard(
  appOrigin: string,
  onDenied: (url: string) => void = () => undefined,
): (event: NavigationEventLike) => void {
  return (event) => {
    if (isAppUrl(event.url, appOrigin)) return;
    event.preventDefault();
    onDenied(event.url);
  };
}

export interface WindowOpenPolicy {
  /**
   * Exact https origins whose links are handed to the OS browser (e.g. an MSPAS help site).
   * Empty by default: nothing leaves the app.
   */
  readonly externalOrigins?: readonly string[];
  /** shell.openExternal, injected so this module stays free of Electron. */
  readonly openExternal?: (url: string) => void;
  readonly onDenied?: (url: string) => void;
}

/** The setWindowOpenHandler handler: no window is ever created by the renderer. */
export function createWindowOpenHandler(policy: WindowOpenPolicy = {}): (details: { readonly url: string }) => { action: 'deny' } {
  const external = new Set(policy.externalOrigins ?? []);
  return ({ url }) => {
    const origin = originOf(url);
    if (policy.openExternal !== undefined && origin !== null && origin.startsWith('https://') && external.has(origin)) {
      policy.openExternal(url);
    } else {
      policy.onDenied?.(url);
    }
    return { action: 'deny' };
  };
}
