// The update policy (src-core/updates): when Ceiba checks, downloads and installs an update.
// Issue 8 acceptance: no download during a call or a consultation; install deferred to quit; a
// failed download retried later; a feed with a lower or equal version ignored; a malformed feed
// reported.
import { describe, expect, it } from 'vitest';
import {
  INITIAL_UPDATE_STATE,
  checkUpdateFeed,
  decideUpdate,
  type UpdateCommand,
  type UpdateContext,
  type UpdateEvent,
  type UpdateSettings,
  type UpdateState,
} from '../../src-core/updates';

const SHA = `${'A'.repeat(86)}==`;
const feed = (version: string): unknown => ({ version, files: [{ url: `Ceiba-Setup-${version}.exe`, sha512: SHA, size: 98_765_432 }], releaseDate: '2026-11-20T10:00:00.000Z' });
const SETTINGS: UpdateSettings = { currentVersion: '0.4.0', quietMs: 120_000, retryMs: 900_000, maxRetryMs: 21_600_000 };
const MIN = 60_000;

/** A quiet PC (online, nobody typing for 5 min, no call, no consultation) at t. */
const quiet = (now: number, extra: Partial<UpdateContext> = {}): UpdateContext => ({
  now,
  localHour: 14,
  online: true,
  inCall: false,
  consultationOpen: false,
  idleMs: 5 * MIN,
  ...extra,
});

/** Runs events in order; returns the final state and every command. */
function play(steps: readonly [UpdateEvent, UpdateContext][], settings = SETTINGS, from: UpdateState = INITIAL_UPDATE_STATE): { state: UpdateState; commands: UpdateCommand[] } {
  let state = from;
  const commands: UpdateCommand[] = [];
  for (const [event, ctx] of steps) {
    const d = decideUpdate(state, event, ctx, settings);
    state = d.state;
    commands.push(...d.commands);
  }
  return { state, commands };
}

const kinds = (commands: readonly UpdateCommand[]): string[] => commands.filter((c) => c.kind !== 'log' && c.kind !== 'notify').map((c) => c.kind);

describe('update feed', () => {
  it('accepts a well-formed latest.yml and keeps only what the policy needs', () => {
    const result = checkUpdateFeed({ ...(feed('1.2.3') as object), path: 'x.exe', sha512: SHA, releaseNotes: 'Correcciones' });
    expect(result).toEqual({ ok: true, info: { version: '1.2.3', files: [{ url: 'Ceiba-Setup-1.2.3.exe', sha512: SHA, size: 98_765_432 }], releaseDate: '2026-11-20T10:00:00.000Z', releaseNotes: 'Correcciones' } });
  });

  it.each([
    ['not an object', 'hola', /not an object/],
    ['no version', { files: [] }, /version/],
    ['a version that is not semver', { ...(feed('1.2') as object) }, /semantic version/],
    ['no files', { version: '1.2.3', files: [] }, /files missing/],
    ['a file without hash', { version: '1.2.3', files: [{ url: 'a.exe', size: 1 }] }, /sha512/],
    ['a truncated hash', { version: '1.2.3', files: [{ url: 'a.exe', sha512: 'abc', size: 1 }] }, /sha512/],
    ['a negative size', { version: '1.2.3', files: [{ url: 'a.exe', sha512: SHA, size: -1 }] }, /size/],
    ['a bad date', { ...(feed('1.2.3') as object), releaseDate: 'ayer' }, /releaseDate/],
  ])('refuses a feed with %s, in Spanish for the admin and English for the log', (_, value, diagnostics) => {
    const result = checkUpdateFeed(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toMatch(diagnostics);
    expect(result.message).toMatch(/servidor de actualizaciones/);
  });
});

describe('update policy', () => {
  it('checks on start, downloads a newer version on a quiet PC, and installs it on quit', () => {
    const { state, commands } = play([
      [{ type: 'started' }, quiet(0)],
      [{ type: 'check-finished', feed: feed('0.5.0') }, quiet(1000)],
      [{ type: 'download-progress', percent: 40 }, quiet(2000)],
      [{ type: 'download-finished' }, quiet(3000)],
      [{ type: 'tick' }, quiet(4000)],
    ]);
    expect(kinds(commands)).toEqual(['check', 'download', 'install-on-quit']);
    expect(commands).toContainEqual({ kind: 'install-on-quit', enabled: true });
    expect(commands.some((c) => c.kind === 'install-now')).toBe(false);
    expect(state.status.kind).toBe('ready');
    const notice = commands.find((c) => c.kind === 'notify');
    expect(notice).toMatchObject({ level: 'info', message: expect.stringMatching(/0\.5\.0.*al cerrar Ceiba/) as unknown });
  });

  it('does not download during a call or while a consultation is open, nor while the nurse is typing', () => {
    const found = play([
      [{ type: 'started' }, quiet(0)],
      [{ type: 'check-finished', feed: feed('0.5.0') }, quiet(1000, { inCall: true })],
    ]);
    expect(found.state.status.kind).toBe('available');
    expect(kinds(found.commands)).toEqual(['check']);
    const busy = play(
      [
        [{ type: 'tick' }, quiet(2000, { inCall: true })],
        [{ type: 'tick' }, quiet(3000, { consultationOpen: true })],
        [{ type: 'tick' }, quiet(4000, { idleMs: 10_000 })],
        [{ type: 'tick' }, quiet(5000, { online: false })],
      ],
      SETTINGS,
      found.state,
    );
    expect(kinds(busy.commands)).toEqual([]);
    const later = play([[{ type: 'tick' }, quiet(6000)]], SETTINGS, busy.state);
    expect(kinds(later.commands)).toEqual(['download']);
  });

  it('a call starting during a download cancels it; it resumes when the PC is quiet again', () => {
    const { state, commands } = play([
      [{ type: 'started' }, quiet(0)],
      [{ type: 'check-finished', feed: feed('0.5.0') }, quiet(1000)],
      [{ type: 'tick' }, quiet(2000, { inCall: true })],
      [{ type: 'tick' }, quiet(3000, { inCall: true })],
      [{ type: 'tick' }, quiet(4000)],
    ]);
    expect(kinds(commands)).toEqual(['check', 'download', 'cancel-download', 'download']);
    expect(state.status.kind).toBe('downloading');
  });

  it('never installs mid-consultation or mid-call: only on quit, or at the admin hour on a quiet PC', () => {
    const settings = { ...SETTINGS, installHour: 21 };
    const ready = play([
      [{ type: 'started' }, quiet(0)],
      [{ type: 'check-finished', feed: feed('0.5.0') }, quiet(1000)],
      [{ type: 'download-finished' }, quiet(2000)],
    ], settings);
    const at21 = (extra: Partial<UpdateContext>): UpdateContext => quiet(3000, { localHour: 21, ...extra });
    for (const busy of [{ inCall: true }, { consultationOpen: true }, { idleMs: 1000 }, { localHour: 20 }]) {
      expect(kinds(decideUpdate(ready.state, { type: 'tick' }, at21(busy), settings).commands)).toEqual([]);
    }
    const installs = decideUpdate(ready.state, { type: 'tick' }, at21({}), settings);
    expect(kinds(installs.commands)).toEqual(['install-now']);
    // Without an admin hour, a ready update waits for the quit whatever the hour.
    expect(kinds(decideUpdate(ready.state, { type: 'tick' }, at21({}), SETTINGS).commands)).toEqual([]);
  });

  it('a failed download is retried later (backing off), not at once, and not while busy', () => {
    const failed = play([
      [{ type: 'started' }, quiet(0)],
      [{ type: 'check-finished', feed: feed('0.5.0') }, quiet(1000)],
      [{ type: 'download-failed', error: 'ECONNRESET' }, quiet(2000)],
    ]);
    expect(failed.state).toMatchObject({ status: { kind: 'failed', retryAt: 2000 + 15 * MIN }, failures: 1 });
    expect(failed.commands).toContainEqual(expect.objectContaining({ kind: 'notify', level: 'warning' }));
    expect(kinds(decideUpdate(failed.state, { type: 'tick' }, quiet(2000 + 14 * MIN), SETTINGS).commands)).toEqual([]);
    expect(kinds(decideUpdate(failed.state, { type: 'tick' }, quiet(2000 + 16 * MIN, { inCall: true }), SETTINGS).commands)).toEqual([]);
    const retry = decideUpdate(failed.state, { type: 'tick' }, quiet(2000 + 16 * MIN), SETTINGS);
    expect(kinds(retry.commands)).toEqual(['download']);
    // A second failure waits twice as long.
    const again = decideUpdate(retry.state, { type: 'download-failed', error: 'timeout' }, quiet(3_000_000), SETTINGS);
    expect(again.state).toMatchObject({ status: { kind: 'failed', retryAt: 3_000_000 + 30 * MIN }, failures: 2 });
  });

  it.each(['0.4.0', '0.3.9', '0.4.0-beta.1'])('ignores a feed offering %s when 0.4.0 is running', (version) => {
    const { state, commands } = play([
      [{ type: 'started' }, quiet(0)],
      [{ type: 'check-finished', feed: feed(version) }, quiet(1000)],
      [{ type: 'tick' }, quiet(2000)],
    ]);
    expect(state.status.kind).toBe('idle');
    expect(kinds(commands)).toEqual(['check']);
  });

  it('reports a malformed feed and asks again later', () => {
    const { state, commands } = play([
      [{ type: 'started' }, quiet(0)],
      [{ type: 'check-finished', feed: { version: 'latest', files: 'Ceiba.exe' } }, quiet(1000)],
    ]);
    expect(state).toMatchObject({ status: { kind: 'failed' }, failures: 1 });
    expect(commands).toContainEqual(expect.objectContaining({ kind: 'notify', level: 'warning', message: expect.stringMatching(/no se descargó nada/) as unknown }));
    expect(commands).toContainEqual(expect.objectContaining({ kind: 'log', level: 'warn', message: expect.stringMatching(/^update feed rejected: version/) as unknown }));
    expect(kinds(commands)).toEqual(['check']);
    const later = decideUpdate(state, { type: 'tick' }, quiet(1000 + 16 * MIN), SETTINGS);
    expect(kinds(later.commands)).toEqual(['check']);
  });

  it('checks again every period, not on every tick, and not offline', () => {
    const start = play([
      [{ type: 'started' }, quiet(0)],
      [{ type: 'check-finished', feed: feed('0.4.0') }, quiet(1000)],
    ]);
    expect(kinds(decideUpdate(start.state, { type: 'tick' }, quiet(5 * 3_600_000), SETTINGS).commands)).toEqual([]);
    expect(kinds(decideUpdate(start.state, { type: 'tick' }, quiet(7 * 3_600_000, { online: false }), SETTINGS).commands)).toEqual([]);
    expect(kinds(decideUpdate(start.state, { type: 'tick' }, quiet(7 * 3_600_000), SETTINGS).commands)).toEqual(['check']);
    // The admin can ask now.
    expect(kinds(decideUpdate(start.state, { type: 'check-requested' }, quiet(2000), SETTINGS).commands)).toEqual(['check']);
  });

  it('ignores replies that do not match its state (a late download event after cancelling)', () => {
    expect(decideUpdate(INITIAL_UPDATE_STATE, { type: 'download-finished' }, quiet(0), SETTINGS)).toEqual({ state: INITIAL_UPDATE_STATE, commands: [] });
    expect(decideUpdate(INITIAL_UPDATE_STATE, { type: 'check-finished', feed: feed('9.0.0') }, quiet(0), SETTINGS).state).toBe(INITIAL_UPDATE_STATE);
  });
});
