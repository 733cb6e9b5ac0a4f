import { describe, expect, it, vi } from 'vitest';
import { createTrustedSenderCheck, senderRejection, type IpcSenderEventLike } from '../../src-main/security/ipc-sender';

const MAIN_WINDOW_CONTENTS = 7;
const policy = { appOrigin: 'app://ceiba', isTrustedContents: (id: number) => id === MAIN_WINDOW_CONTENTS };

const top = { url: 'app://ceiba/index.html#/pacientes', parent: null, detached: false };
const event = (frame: IpcSenderEventLike['senderFrame'], contentsId = MAIN_WINDOW_CONTENTS): IpcSenderEventLike => ({
  senderFrame: frame,
  sender: { id: contentsId },
});

describe('IPC sender check', () => {
  it('trusts the main frame of our main window on our origin', () => {
    expect(senderRejection(event(top), policy)).toBeNull();
  });

  it('refuses a sub-frame, even one on our origin', () => {
    expect(senderRejection(event({ ...top, parent: top }), policy)).toBe('sub-frame');
  });

  it.each(['https://example.org/', 'http://localhost:5173/', 'file:///C:/x.html', 'about:blank', 'data:text/html,x', 'app://ceiba.evil/'])(
    'refuses a top frame showing %s',
    (url) => {
      expect(senderRejection(event({ ...top, url }), policy)).toBe('foreign-origin');
    },
  );

  it('refuses another webContents on our origin', () => {
    expect(senderRejection(event(top, 8), policy)).toBe('foreign-contents');
  });

  it('refuses a missing, detached or vanished frame', () => {
    expect(senderRejection(event(null), policy)).toBe('no-frame');
    expect(senderRejection(event({ ...top, detached: true }), policy)).toBe('detached-frame');
    const vanished = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
      sender: { id: MAIN_WINDOW_CONTENTS },
    };
    expect(senderRejection(vanished, policy)).toBe('no-frame');
  });

  it('accepts the dev-server origin in development', () => {
    const dev = { ...policy, appOrigin: 'http://localhost:5173' };
    expect(senderRejection(event({ ...top, url: 'http://localhost:5173/' }), dev)).toBeNull();
    expect(senderRejection(event(top), dev)).toBe('foreign-origin');
  });

  it('reports why it refused', () => {
    const rejected = vi.fn();
    const check = createTrustedSenderCheck(policy, rejected);
    expect(check(event(top))).toBe(true);
    expect(check(event({ ...top, parent: top }))).toBe(false);
    expect(rejected).toHaveBeenCalledExactlyOnceWith('sub-frame');
  });
});
