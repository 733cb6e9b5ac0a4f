// Who may call the IPC contract (DESIGN §3): only the top frame of our main window, showing our
// own origin. A sub-frame, another window, or a page that navigated away gets nothing.
import { originOf } from '../app-origin';

/** The fields of Electron's WebFrameMain this check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly detached?: boolean;
}

/** The fields of Electron's IpcMainInvokeEvent this check reads. */
export interface IpcSenderEventLike {
  readonly senderFrame: SenderFrameLike | null;
  readonly sender: { readonly id: number };
}

export type SenderRejection = 'no-frame' | 'detached-frame' | 'sub-frame' | 'foreign-origin' | 'foreign-contents';

export interface SenderPolicy {
  readonly appOrigin: string;
  /** True for the webContents id of our main window. */
  readonly isTrustedContents: (webContentsId: number) => boolean;
}

/** Why a sender is refused, or null when it is trusted. */
export function senderRejection(event: IpcSenderEventLike, policy: SenderPolicy): SenderRejection | null {
  let frame: SenderFrameLike | null;
  try {
    // Electron throws when a frame's render process has gone away while the message was queued.
    frame = event.senderFrame;
    if (frame === null) return 'no-frame';
    if (frame.detached === true) return 'detached-frame';
    if (frame.parent !== null) return 'sub-frame';
    if (originOf(frame.url) !== policy.appOrigin) return 'foreign-origin';
  } catch {
    return 'no-frame';
  }
  if (!policy.isTrustedContents(event.sender.id)) return 'foreign-contents';
  return null;
}

export function createTrustedSenderCheck(
  policy: SenderPolicy,
  onRejected: (reason: SenderRejection) => void = () => undefined,
): (event: IpcSenderEventLike) => boolean {
  return (event) => {
    const reason = senderRejection(event, policy);
    if (reason !== null) onRejected(reason);
    return reason === null;
  };
}
