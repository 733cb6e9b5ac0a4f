import { describe, expect, it } from 'vitest';
import { createMainWindowOptions } from '../../src-main/main-window-options';
import { createWebPreferences } from '../../src-main/security/web-preferences';

describe('createWebPreferences', () => {
  const prefs = createWebPreferences({ preloadPath: '/opt/ceiba/.vite/build/preload.cjs', devTools: false });

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(prefs).toMatchObject({
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
      spellcheck: false,
      devTools: false,
    });
  });

  it('points at the CommonJS preload', () => {
    expect(prefs.preload).toBe('/opt/ceiba/.vite/build/preload.cjs');
  });

  it('enables DevTools only when asked (development)', () => {
    expect(createWebPreferences({ preloadPath: '/p.cjs', devTools: true }).devTools).toBe(true);
  });

  it('sets no option that would weaken the defaults', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });
});

describe('createMainWindowOptions', () => {
  const options = createMainWindowOptions({ preloadPath: '/p.cjs', devTools: false });

  it('fits a 1366x768 screen and waits for ready-to-show', () => {
    expect(options.title).toBe('Ceiba');
    expect(options.width).toBeLessThanOrEqual(1366);
    expect(options.height).toBeLessThanOrEqual(728); // 768 minus a Windows taskbar
    expect(options.minWidth).toBeLessThanOrEqual(options.width ?? 0);
    expect(options.minHeight).toBeLessThanOrEqual(options.height ?? 0);
    expect(options.show).toBe(false);
  });

  it('uses the hardened webPreferences', () => {
    expect(options.webPreferences).toEqual(createWebPreferences({ preloadPath: '/p.cjs', devTools: false }));
  });
});
