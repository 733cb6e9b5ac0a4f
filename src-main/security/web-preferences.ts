// webPreferences for every window we create (DESIGN §3). Pure, so the values are unit-tested
// without the Electron runtime; only the type comes from electron.
import type { WebPreferences } from 'electron';

export interface WebPreferencesOptions {
  /** Absolute path of the bundled preload (preload.cjs next to main.js). */
  readonly preloadPath: string;
  /**
   * DevTools let anyone at a shared health-post PC read decrypted records and call the bridge
   * around the UI's role checks, so they are on only in development builds.
   */
  readonly devTools: boolean;
}

export function createWebPreferences(options: WebPreferencesOptions): WebPreferences {
  return {
    preload: options.preloadPath,
    // The renderer is a web page: no Node, its own JS world, and Chromium's OS sandbox.
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    // A page stuck in a dialog loop must not lock a nurse out of the app.
    safeDialogs: true,
    // Chromium's spellchecker fetches dictionaries from Google (no network at most posts) and
    // flags Spanish and Mayan names; it has nothing to offer clinical forms.
    spellcheck: false,
    devTools: options.devTools,
  };
}
