// Options for the one application window. Sized for the health posts' 1366×768 screens: the
// default fits with the Windows taskbar, and the minimum keeps every screen of the UI usable.
import type { BrowserWindowConstructorOptions } from 'electron';
import { createWebPreferences, type WebPreferencesOptions } from './security/web-preferences';

export const MAIN_WINDOW_TITLE = 'Ceiba';

export function createMainWindowOptions(options: WebPreferencesOptions): BrowserWindowConstructorOptions {
  return {
    title: MAIN_WINDOW_TITLE,
    width: 1280,
    height: 720,
    minWidth: 1024,
    minHeight: 600,
    center: true,
    // Shown on 'ready-to-show', so the nurse never sees a blank white frame on a slow PC.
    show: false,
    backgroundColor: '#ffffff',
    // Electron's default menu is English and mostly developer items; Alt still reveals it.
    autoHideMenuBar: true,
    webPreferences: createWebPreferences(options),
  };
}
