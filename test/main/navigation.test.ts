import { EventEmitter } from 'node:events';
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { hardenWebContents } from '../../src-main/security/harden-web-contents';
import { createNavigationGuard, createWindowOpenHandler } from '../../src-main/security/navigation';

function navigation(url: string): { url: string; preventDefault: () => void; prevented: () => boolean } {
  let prevented = false;
  return { url, preventDefault: () => { prevented = true; }, prevented: () => prevented };
}

const HOSTILE = [
  'https://example.org/',
  'http://localhost:5174/',
  'http://ceiba/',
  'file:///C:/Users/enfermera/Documents/x.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'app://ceiba.attacker/index.html',
  'app://other/index.html',
  'blob:app://ceiba/5f1c',
  'not a url',
];

describe.each([
  ['packaged', 'app://ceiba', 'app://ceiba/index.html#/pacientes'],
  ['development', 'http://localhost:5173', 'http://localhost:5173/?reload=1'],
])('navigation guard (%s)', (_name, origin, ownUrl) => {
  it('lets the app navigate within its own origin', () => {
    const denied = vi.fn();
    const event = navigation(ownUrl);
    createNavigationGuard(origin, denied)(event);
    expect(event.prevented()).toBe(false);
    expect(denied).not.toHaveBeenCalled();
  });

  it.each(HOSTILE)('denies %s', (url) => {
    const denied = vi.fn();
    const event = navigation(url);
    createNavigationGuard(origin, denied)(event);
    expect(event.prevented()).toBe(true);
    expect(denied).toHaveBeenCalledWith(url);
  });
});

describe('window open handler', () => {
  it('denies every new window, own origin included', () => {
    const denied = vi.fn();
    const handler = createWindowOpenHandler({ onDenied: denied });
    for (const url of ['app://ceiba/index.html', 'https://example.org/', 'javascript:void 0', 'about:blank']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(denied).toHaveBeenCalledTimes(4);
  });

  it('hands allow-listed https links to the OS browser, still without a window', () => {
    const openExternal = vi.fn();
    const handler = createWindowOpenHandler({ externalOrigins: ['https://www.mspas.gob.gt'], openExternal });
    expect(handler({ url: 'https://www.mspas.gob.gt/ayuda' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://www.mspas.gob.gt/ayuda');
    openExternal.mockClear();
    for (const url of ['http://www.mspas.gob.gt/', 'https://www.mspas.gob.gt.evil.example/', 'file:///C:/x', 'ms-settings:privacy']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('opens nothing when no openExternal is given', () => {
    const handler = createWindowOpenHandler({ externalOrigins: ['https://www.mspas.gob.gt'] });
    expect(handler({ url: 'https://www.mspas.gob.gt/' })).toEqual({ action: 'deny' });
  });
});

describe('hardenWebContents', () => {
  class FakeContents extends EventEmitter {
    windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
    setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
      this.windowOpenHandler = handler;
    }
  }

  const setup = (): FakeContents => {
    const contents = new FakeContents();
    // A fake standing in for Electron's WebContents: only on() and setWindowOpenHandler() are used.
    hardenWebContents(contents as unknown as WebContents, { appOrigin: 'app://ceiba' });
    return contents;
  };

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('guards %s', (eventName) => {
    const contents = setup();
    const away = navigation('https://example.org/');
    contents.emit(eventName, away);
    expect(away.prevented()).toBe(true);
    const home = navigation('app://ceiba/index.html');
    contents.emit(eventName, home);
    expect(home.prevented()).toBe(false);
  });

  it('refuses webviews and new windows', () => {
    const contents = setup();
    const attach = navigation('app://ceiba/');
    contents.emit('will-attach-webview', attach);
    expect(attach.prevented()).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'app://ceiba/index.html' })).toEqual({ action: 'deny' });
  });
});
