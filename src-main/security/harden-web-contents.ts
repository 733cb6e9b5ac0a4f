// Applied from app.on('web-contents-created') to every WebContents the app ever gets (the main
// window, and anything that might slip through later), so no code path creates an unguarded one.
import type { WebContents } from 'electron';
import { createNavigationGuard, createWindowOpenHandler, type WindowOpenPolicy } from './navigation';

export interface HardeningPolicy extends WindowOpenPolicy {
  readonly appOrigin: string;
  readonly onNavigationDenied?: (url: string) => void;
}

export function hardenWebContents(contents: WebContents, policy: HardeningPolicy): void {
  const guard = createNavigationGuard(policy.appOrigin, policy.onNavigationDenied);
  contents.on('will-navigate', guard);
  // Also covers sub-frames, which will-navigate does not.
  contents.on('will-frame-navigate', guard);
  // A server redirect must not carry the page off our origin either.
  contents.on('will-redirect', guard);
  // webviewTag is off; refuse attachment anyway in case a window ever enables it.
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(createWindowOpenHandler(policy));
}
