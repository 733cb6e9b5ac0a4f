// Session permission policy (DESIGN §3). The only web permission Ceiba uses is 'media': camera
// and microphone for teleconsultation calls, from our own origin's top frame. Everything else is
// refused, including:
// - 'notifications': on a PC shared by several staff, OS toasts would show patient context to
//   whoever is at the screen (or on the lock screen); the app shows its notices in its own UI.
// - 'fullscreen', clipboard, geolocation, MIDI, HID/serial/USB, display capture, 'openExternal'
//   (links to other protocols' handlers): nothing in the app needs them.
// Pure decision functions; main.ts installs the handlers on the session.
import { originOf } from '../app-origin';

type MediaKind = 'video' | 'audio' | 'unknown';

/** The fields of Electron's permission-request details this policy reads. */
export interface PermissionRequestLike {
  readonly requestingUrl: string;
  readonly isMainFrame: boolean;
  /** Present for 'media' requests. */
  readonly mediaTypes?: readonly MediaKind[];
}

/** The fields of Electron's permission-check details this policy reads. */
export interface PermissionCheckLike {
  readonly isMainFrame: boolean;
  readonly mediaType?: MediaKind;
}

const isCallMedia = (kind: MediaKind): boolean => kind === 'video' || kind === 'audio';

/** setPermissionRequestHandler: whether a prompt-style request is granted. */
export function isPermissionRequestGranted(permission: string, details: PermissionRequestLike, appOrigin: string): boolean {
  if (permission !== 'media') return false;
  if (!details.isMainFrame || originOf(details.requestingUrl) !== appOrigin) return false;
  const kinds = details.mediaTypes ?? [];
  return kinds.length > 0 && kinds.every(isCallMedia);
}

/** setPermissionCheckHandler: whether a synchronous permission check passes. */
export function isPermissionCheckGranted(
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckLike,
  appOrigin: string,
): boolean {
  if (permission !== 'media') return false;
  if (!details.isMainFrame || originOf(requestingOrigin) !== appOrigin) return false;
  return details.mediaType !== undefined && isCallMedia(details.mediaType);
}

export type PermissionDenialListener = (permission: string, requestingUrl: string) => void;

export function createPermissionRequestHandler(
  appOrigin: string,
  onDenied: PermissionDenialListener = () => undefined,
): (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionRequestLike) => void {
  return (_webContents, permission, callback, details) => {
    const granted = isPermissionRequestGranted(permission, details, appOrigin);
    if (!granted) onDenied(permission, details.requestingUrl);
    callback(granted);
  };
}

export function createPermissionCheckHandler(
  appOrigin: string,
): (webContents: unknown, permission: string, requestingOrigin: string, details: PermissionCheckLike) => boolean {
  return (_webContents, permission, requestingOrigin, details) =>
    isPermissionCheckGranted(permission, requestingOrigin, details, appOrigin);
}
