// When to check for, download and install an update (DESIGN §7, issue 8 item 6), as a pure state
// machine: the Electron glue (src-main/updater.ts) feeds it events and the PC's situation and
// carries out the commands it returns; it decides nothing itself.
//
//   idle ─check due→ checking ─newer→ available ─quiet moment→ downloading ─done→ ready
//                     checking ─same/older→ idle      downloading ─a call or a consultation starts→ available (download cancelled)
//                     checking ─malformed/failed→ failed ─retry time→ idle (check again)
//                                                      downloading ─failed→ failed ─retry time→ available
//   ready: installed when the app quits (electron-updater's install-on-quit), or at the admin's
//   chosen hour if the PC is quiet then; never during a call or an open consultation.
//
// "Quiet" = no call, no consultation open, no keyboard/mouse for `quietMs`, and online. Downloads
// use the health post's thin link, so they wait for such a moment and give way to a call.
import { gt } from 'semver';
import { checkUpdateFeed, type UpdateInfo } from './update-info';

export interface UpdateSettings {
  /** The running app's version. */
  readonly currentVersion: string;
  /** How often to ask the feed. Default 6 h. */
  readonly checkEveryMs?: number;
  /** Idle time before a download or a scheduled install may start. Default 2 min. */
  readonly quietMs?: number;
  /** First retry delay after a failure; doubles per failure up to `maxRetryMs`. Default 15 min. */
  readonly retryMs?: number;
  /** Default 6 h. */
  readonly maxRetryMs?: number;
  /** Also install at this local hour (0–23) when the PC is quiet; otherwise only on quit. */
  readonly installHour?: number;
}

/** The PC's situation when an event arrives (the glue reads it each time). */
export interface UpdateContext {
  /** ms since the epoch. */
  readonly now: number;
  /** Local hour of `now` (the glue knows the PC's time zone). */
  readonly localHour: number;
  readonly online: boolean;
  readonly inCall: boolean;
  readonly consultationOpen: boolean;
  /** ms since the last keyboard or mouse input. */
  readonly idleMs: number;
}

export type UpdateStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'available'; readonly info: UpdateInfo }
  | { readonly kind: 'downloading'; readonly info: UpdateInfo; readonly percent: number }
  | { readonly kind: 'ready'; readonly info: UpdateInfo }
  | { readonly kind: 'installing'; readonly info: UpdateInfo }
  | {
      readonly kind: 'failed';
      /** What failed: with `info` the download is retried; without, the check. */
      readonly info?: UpdateInfo;
      readonly message: string;
      readonly retryAt: number;
    };

export interface UpdateState {
  readonly status: UpdateStatus;
  /** When the feed was last asked (ms), if ever. */
  readonly lastCheck?: number;
  /** Failures in a row (checks or downloads); each doubles the wait before the next try. */
  readonly failures?: number;
}

export type UpdateEvent =
  | { readonly type: 'started' }
  /** Periodic (e.g. every minute) and whenever the situation changes (a call ends, a consultation closes). */
  | { readonly type: 'tick' }
  /** The admin asked for a check now. */
  | { readonly type: 'check-requested' }
  /** The feed as parsed; validated here. */
  | { readonly type: 'check-finished'; readonly feed: unknown }
  | { readonly type: 'check-failed'; readonly error: string }
  | { readonly type: 'download-progress'; readonly percent: number }
  | { readonly type: 'download-finished' }
  | { readonly type: 'download-failed'; readonly error: string }
  | { readonly type: 'install-failed'; readonly error: string };

export type UpdateCommand =
  | { readonly kind: 'check' }
  | { readonly kind: 'download' }
  | { readonly kind: 'cancel-download' }
  /** electron-updater's autoInstallOnAppQuit. */
  | { readonly kind: 'install-on-quit'; readonly enabled: boolean }
  /** Quit and install now (only ever at the scheduled hour on a quiet PC). */
  | { readonly kind: 'install-now' }
  /** Shown to the user (Spanish). */
  | { readonly kind: 'notify'; readonly level: 'info' | 'warning'; readonly message: string }
  /** For the log (English, no patient data). */
  | { readonly kind: 'log'; readonly level: 'info' | 'warn'; readonly message: string };

export interface Decision {
  readonly state: UpdateState;
  readonly commands: readonly UpdateCommand[];
}

export const INITIAL_UPDATE_STATE: UpdateState = { status: { kind: 'idle' } };

const HOUR = 3_600_000;
const defaults = (s: UpdateSettings): Required<Omit<UpdateSettings, 'installHour'>> & Pick<UpdateSettings, 'installHour'> => ({
  currentVersion: s.currentVersion,
  checkEveryMs: s.checkEveryMs ?? 6 * HOUR,
  quietMs: s.quietMs ?? 120_000,
  retryMs: s.retryMs ?? 15 * 60_000,
  maxRetryMs: s.maxRetryMs ?? 6 * HOUR,
  ...(s.installHour === undefined ? {} : { installHour: s.installHour }),
});

/** Nothing the user is doing would suffer: no call, no consultation, no input for a while. */
export function isQuiet(ctx: UpdateContext, quietMs: number): boolean {
  return ctx.online && !ctx.inCall && !ctx.consultationOpen && ctx.idleMs >= quietMs;
}

const retryDelay = (failures: number, base: number, max: number): number => Math.min(max, base * 2 ** Math.max(0, failures - 1));

export function decideUpdate(state: UpdateState, event: UpdateEvent, ctx: UpdateContext, settings: UpdateSettings): Decision {
  const s = defaults(settings);
  const status = state.status;
  const commands: UpdateCommand[] = [];
  const next = (st: UpdateStatus, extra: Partial<UpdateState> = {}): Decision => ({ state: { ...state, ...extra, status: st }, commands });

  const fail = (message: string, diagnostics: string, info?: UpdateInfo): Decision => {
    const failures = (state.failures ?? 0) + 1;
    const retryAt = ctx.now + retryDelay(failures, s.retryMs, s.maxRetryMs);
    commands.push({ kind: 'log', level: 'warn', message: `${diagnostics}; retry in ${String(Math.round((retryAt - ctx.now) / 60_000))} min` });
    commands.push({ kind: 'notify', level: 'warning', message });
    return next({ kind: 'failed', ...(info === undefined ? {} : { info }), message, retryAt }, { failures });
  };

  switch (event.type) {
    case 'check-finished': {
      if (status.kind !== 'checking') return { state, commands };
      const feed = checkUpdateFeed(event.feed);
      if (!feed.ok) return fail(feed.message, feed.diagnostics);
      if (!gt(feed.info.version, s.currentVersion)) {
        commands.push({ kind: 'log', level: 'info', message: `update feed offers ${feed.info.version}; running ${s.currentVersion}: nothing to do` });
        return next({ kind: 'idle' }, { failures: 0 });
      }
      commands.push({ kind: 'log', level: 'info', message: `update ${feed.info.version} available (running ${s.currentVersion})` });
      return afterChange(next({ kind: 'available', info: feed.info }, { failures: 0 }), ctx, s);
    }
    case 'check-failed':
      if (status.kind !== 'checking') return { state, commands };
      return fail('No se pudo consultar si hay una versión nueva de Ceiba; se intentará más tarde.', `update check failed: ${event.error}`);
    case 'download-progress':
      return status.kind === 'downloading' ? next({ ...status, percent: Math.max(0, Math.min(100, event.percent)) }) : { state, commands };
    case 'download-finished': {
      if (status.kind !== 'downloading') return { state, commands };
      commands.push({ kind: 'install-on-quit', enabled: true });
      commands.push({ kind: 'log', level: 'info', message: `update ${status.info.version} downloaded and verified; installs on quit` });
      commands.push({
        kind: 'notify',
        level: 'info',
        message: `La versión ${status.info.version} de Ceiba está lista. Se instalará al cerrar Ceiba; no interrumpe su trabajo.`,
      });
      return next({ kind: 'ready', info: status.info }, { failures: 0 });
    }
    case 'download-failed':
      if (status.kind !== 'downloading') return { state, commands };
      return fail('La descarga de la actualización no se completó; se intentará de nuevo más tarde, cuando la conexión esté libre.', `update download failed: ${event.error}`, status.info);
    case 'install-failed': {
      if (status.kind !== 'installing' && status.kind !== 'ready') return { state, commands };
      // The installer did not run: keep the downloaded update for the next quit.
      commands.push({ kind: 'log', level: 'warn', message: `update install failed: ${event.error}` });
      commands.push({ kind: 'notify', level: 'warning', message: 'No se pudo instalar la actualización; se intentará al cerrar Ceiba. Ceiba sigue funcionando con la versión actual.' });
      return next({ kind: 'ready', info: status.info });
    }
    case 'started':
    case 'tick':
    case 'check-requested':
      return afterChange({ state, commands }, ctx, s, event.type === 'check-requested' || event.type === 'started');
  }
}

/** What the current status calls for in the current situation. */
function afterChange(decision: Decision, ctx: UpdateContext, s: ReturnType<typeof defaults>, checkNow = false): Decision {
  const { state } = decision;
  const commands = [...decision.commands];
  const to = (status: UpdateStatus, extra: Partial<UpdateState> = {}): Decision => ({ state: { ...state, ...extra, status }, commands });
  const status = state.status;
  switch (status.kind) {
    case 'idle': {
      const due = checkNow || state.lastCheck === undefined || ctx.now - state.lastCheck >= s.checkEveryMs;
      if (!due || !ctx.online) return { state, commands };
      commands.push({ kind: 'check' });
      return to({ kind: 'checking' }, { lastCheck: ctx.now });
    }
    case 'failed': {
      if (ctx.now < status.retryAt) return { state, commands };
      // A failed download goes back to waiting for a quiet moment; a failed check asks again.
      if (status.info !== undefined) return afterChange(to({ kind: 'available', info: status.info }), ctx, s);
      return afterChange(to({ kind: 'idle' }), ctx, s, true);
    }
    case 'available':
      if (!isQuiet(ctx, s.quietMs)) return { state, commands };
      commands.push({ kind: 'download' });
      return to({ kind: 'downloading', info: status.info, percent: 0 });
    case 'downloading':
      if (ctx.inCall || ctx.consultationOpen) {
        commands.push({ kind: 'cancel-download' });
        commands.push({ kind: 'log', level: 'info', message: 'update download paused: a call or a consultation started' });
        return to({ kind: 'available', info: status.info });
      }
      return { state, commands };
    case 'ready':
      if (s.installHour !== undefined && ctx.localHour === s.installHour && isQuiet(ctx, s.quietMs)) {
        commands.push({ kind: 'log', level: 'info', message: `installing update ${status.info.version} at the scheduled hour` });
        commands.push({ kind: 'install-now' });
        return to({ kind: 'installing', info: status.info });
      }
      return { state, commands };
    case 'checking':
    case 'installing':
      return { state, commands };
  }
}
