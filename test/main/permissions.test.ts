import { describe, expect, it, vi } from 'vitest';
import {
  createPermissionCheckHandler,
  createPermissionRequestHandler,
  isPermissionCheckGranted,
  isPermissionRequestGranted,
} from '../../src-main/security/permissions';

const APP = 'app://ceiba';
const own = { requestingUrl: 'app://ceiba/index.html#/consulta', isMainFrame: true };

describe('permission requests', () => {
  it('grants camera and microphone to our top frame', () => {
    expect(isPermissionRequestGranted('media', { ...own, mediaTypes: ['video', 'audio'] }, APP)).toBe(true);
    expect(isPermissionRequestGranted('media', { ...own, mediaTypes: ['audio'] }, APP)).toBe(true);
    expect(isPermissionRequestGranted('media', { ...own, mediaTypes: ['video'] }, APP)).toBe(true);
  });

  it('denies media without a camera/microphone type', () => {
    expect(isPermissionRequestGranted('media', own, APP)).toBe(false);
    expect(isPermissionRequestGranted('media', { ...own, mediaTypes: [] }, APP)).toBe(false);
    expect(isPermissionRequestGranted('media', { ...own, mediaTypes: ['video', 'unknown'] }, APP)).toBe(false);
  });

  it('denies media to other origins and to sub-frames', () => {
    const media = { mediaTypes: ['video', 'audio'] as const };
    for (const requestingUrl of ['https://example.org/', 'http://localhost:5173/', 'app://ceiba.evil/', 'file:///C:/x.html', 'data:text/html,x']) {
      expect(isPermissionRequestGranted('media', { requestingUrl, isMainFrame: true, ...media }, APP), requestingUrl).toBe(false);
    }
    expect(isPermissionRequestGranted('media', { ...own, isMainFrame: false, ...media }, APP)).toBe(false);
  });

  it.each([
    'geolocation', 'notifications', 'openExternal', 'fullscreen', 'clipboard-read', 'clipboard-sanitized-write',
    'display-capture', 'midi', 'midiSysex', 'pointerLock', 'keyboardLock', 'mediaKeySystem', 'idle-detection',
    'window-management', 'storage-access', 'top-level-storage-access', 'fileSystem', 'speaker-selection', 'unknown',
  ])('denies %s even to our own origin', (permission) => {
    expect(isPermissionRequestGranted(permission, { ...own, mediaTypes: ['video'] }, APP)).toBe(false);
  });

  it('answers through the callback and reports denials', () => {
    const denied = vi.fn();
    const handler = createPermissionRequestHandler(APP, denied);
    const callback = vi.fn();
    handler(null, 'media', callback, { ...own, mediaTypes: ['audio'] });
    expect(callback).toHaveBeenLastCalledWith(true);
    handler(null, 'notifications', callback, own);
    expect(callback).toHaveBeenLastCalledWith(false);
    expect(denied).toHaveBeenCalledExactlyOnceWith('notifications', own.requestingUrl);
  });
});

describe('permission checks', () => {
  it('passes media checks for our top frame only', () => {
    expect(isPermissionCheckGranted('media', APP, { isMainFrame: true, mediaType: 'video' }, APP)).toBe(true);
    expect(isPermissionCheckGranted('media', APP, { isMainFrame: true, mediaType: 'audio' }, APP)).toBe(true);
    expect(isPermissionCheckGranted('media', APP, { isMainFrame: true, mediaType: 'unknown' }, APP)).toBe(false);
    expect(isPermissionCheckGranted('media', APP, { isMainFrame: true }, APP)).toBe(false);
    expect(isPermissionCheckGranted('media', APP, { isMainFrame: false, mediaType: 'video' }, APP)).toBe(false);
    expect(isPermissionCheckGranted('media', 'https://example.org', { isMainFrame: true, mediaType: 'video' }, APP)).toBe(false);
  });

  it.each(['geolocation', 'notifications', 'openExternal', 'fullscreen', 'clipboard-read', 'serial', 'hid', 'usb'])(
    'fails the %s check',
    (permission) => {
      const handler = createPermissionCheckHandler(APP);
      expect(handler(null, permission, APP, { isMainFrame: true, mediaType: 'video' })).toBe(false);
    },
  );

  it('works with the dev-server origin in development', () => {
    const dev = 'http://localhost:5173';
    expect(isPermissionCheckGranted('media', 'http://localhost:5173', { isMainFrame: true, mediaType: 'video' }, dev)).toBe(true);
    expect(isPermissionRequestGranted('media', { requestingUrl: 'http://localhost:5173/', isMainFrame: true, mediaTypes: ['video'] }, dev)).toBe(true);
    expect(isPermissionRequestGranted('media', { requestingUrl: 'app://ceiba/', isMainFrame: true, mediaTypes: ['video'] }, dev)).toBe(false);
  });
});
