// The update controller (src-main/updater.ts) with a fake port standing in for electron-updater:
// the policy's commands reach the port, the port's answers reach the policy, and the renderer's
// activity reports hold a download back. The policy's own rules are tested in
// test/core/update-policy.test.ts; electron-updater itself needs Electron and is not run here.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateEvent } from '../../src-core/updates';
import { createLoggerFactory, memorySink } from '../../src-core/platform/logger';
import { startUpdater, type Updater, type UpdaterPort } from '../../src-main/updater';

const SHA = `${'B'.repeat(86)}==`;
const info = (version: string): unknown => ({ version, files: [{ url: `Ceiba-Setup-${version}.exe`, sha512: SHA, size: 1234 }] });

function fakePort(): UpdaterPort & { calls: string[]; answer(event: UpdateEvent): void } {
  const calls: string[] = [];
  let listener: ((event: UpdateEvent) => void) | undefined;
  return {
    calls,
    check: () => calls.push('check'),
    download: () => calls.push('download'),
    cancelDownload: () => calls.push('cancel'),
    setInstallOnQuit: (enabled) => calls.push(`install-on-quit:${String(enabled)}`),
    installNow: () => calls.push('install-now'),
    onEvent: (l) => {
      listener = l;
    },
    answer: (event) => listener?.(event),
  };
}

let updater: Updater | undefined;
afterEach(() => {
  updater?.dispose();
  vi.useRealTimers();
});

function start(idleMs = 300_000) {
  vi.useFakeTimers({ now: new Date('2026-11-25T15:00:00Z') });
  const port = fakePort();
  const notices: string[] = [];
  const { sink, records } = memorySink();
  updater = startUpdater({
    port,
    environment: { now: () => new Date(), online: () => true, idleMs: () => idleMs },
    settings: { currentVersion: '0.4.0' },
    logger: createLoggerFactory({ sink })('updates'),
    notify: (_, message) => notices.push(message),
    tickMs: 60_000,
  });
  return { port, notices, records };
}

describe('update controller', () => {
  it('disables install-on-quit, checks at start, downloads on a quiet PC and arms install-on-quit when ready', () => {
    const { port, notices } = start();
    expect(port.calls).toEqual(['install-on-quit:false', 'check']);
    port.answer({ type: 'check-finished', feed: info('0.5.0') });
    expect(port.calls.at(-1)).toBe('download');
    port.answer({ type: 'download-finished' });
    expect(port.calls.at(-1)).toBe('install-on-quit:true');
    expect(notices.at(-1)).toMatch(/0\.5\.0/);
    expect(updater?.state().status.kind).toBe('ready');
  });

  it('a consultation opened mid-download cancels it; closing it lets the download start again', () => {
    const { port } = start();
    port.answer({ type: 'check-finished', feed: info('0.5.0') });
    updater?.setActivity({ inCall: false, consultationOpen: true });
    expect(port.calls.slice(-1)).toEqual(['cancel']);
    vi.advanceTimersByTime(5 * 60_000);
    expect(port.calls.filter((c) => c === 'download')).toHaveLength(1);
    updater?.setActivity({ inCall: false, consultationOpen: false });
    expect(port.calls.filter((c) => c === 'download')).toHaveLength(2);
  });

  it('a failed download is logged without detail beyond the error class and retried on a later tick', () => {
    const { port, records } = start();
    port.answer({ type: 'check-finished', feed: info('0.5.0') });
    port.answer({ type: 'download-failed', error: 'HttpError' });
    expect(records.some((r) => r.level === 'warn' && r.msg.startsWith('update download failed: HttpError'))).toBe(true);
    vi.advanceTimersByTime(10 * 60_000);
    expect(port.calls.filter((c) => c === 'download')).toHaveLength(1);
    vi.advanceTimersByTime(6 * 60_000);
    expect(port.calls.filter((c) => c === 'download')).toHaveLength(2);
  });

  it('stops after dispose: no more checks on ticks', () => {
    const { port } = start();
    port.answer({ type: 'check-finished', feed: info('0.4.0') });
    updater?.dispose();
    const before = port.calls.length;
    vi.advanceTimersByTime(24 * 3_600_000);
    port.answer({ type: 'check-requested' });
    expect(port.calls.length).toBe(before);
  });
});
