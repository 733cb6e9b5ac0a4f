// The update controller (DESIGN §7, issue 8 item 6): runs the pure policy
// (src-core/updates/update-policy.ts) against the PC's situation on a timer and on every report,
// and carries out its commands through an UpdaterPort. main.ts implements the port with
// electron-updater (generic provider: the packaged app-update.yml, or CEIBA_UPDATE_URL for a
// local feed from scripts/update-server.ts). No Electron value is imported here, so the
// controller is tested with a fake port (test/main/updater.test.ts); the electron-updater adapter
// in main.ts is NOT exercised on these machines (no Electron binary; README test matrix).
import type { UserActivity } from '../src-core/ipc/contract';
import type { Logger } from '../src-core/platform/logger';
import { INITIAL_UPDATE_STATE, decideUpdate, type UpdateCommand, type UpdateEvent, type UpdateSettings, type UpdateState } from '../src-core/updates';

/** What the controller needs from electron-updater; results come back through `onEvent`. */
export interface UpdaterPort {
  /** Asks the feed; answers with check-finished (the feed's info) or check-failed. */
  check(): void;
  /** Starts the download; answers with download-progress, download-finished or download-failed. */
  download(): void;
  cancelDownload(): void;
  setInstallOnQuit(enabled: boolean): void;
  installNow(): void;
  onEvent(listener: (event: UpdateEvent) => void): void;
}

/** The PC's side of the situation (main.ts reads Electron's powerMonitor and net). */
export interface UpdaterEnvironment {
  now(): Date;
  online(): boolean;
  idleMs(): number;
}

export interface UpdaterOptions {
  readonly port: UpdaterPort;
  readonly environment: UpdaterEnvironment;
  readonly settings: UpdateSettings;
  readonly logger: Logger;
  /** Shows a Spanish message to the user. */
  readonly notify: (level: 'info' | 'warning', message: string) => void;
  /** How often the policy is asked what to do. Default 1 min. */
  readonly tickMs?: number;
}

export interface Updater {
  /** The renderer's report of calls and consultations. */
  setActivity(activity: UserActivity): void;
  checkNow(): void;
  /** The policy's state (for an admin view and tests). */
  state(): UpdateState;
  dispose(): void;
}

export function startUpdater(options: UpdaterOptions): Updater {
  const { port, environment, logger } = options;
  let state: UpdateState = INITIAL_UPDATE_STATE;
  let activity: UserActivity = { inCall: false, consultationOpen: false };
  let disposed = false;

  const run = (command: UpdateCommand): void => {
    switch (command.kind) {
      case 'check':
        port.check();
        return;
      case 'download':
        port.download();
        return;
      case 'cancel-download':
        port.cancelDownload();
        return;
      case 'install-on-quit':
        port.setInstallOnQuit(command.enabled);
        return;
      case 'install-now':
        port.installNow();
        return;
      case 'notify':
        options.notify(command.level, command.message);
        return;
      case 'log':
        if (command.level === 'warn') logger.warn(command.message);
        else logger.info(command.message);
        return;
    }
  };

  const feed = (event: UpdateEvent): void => {
    if (disposed) return;
    const now = environment.now();
    const decision = decideUpdate(
      state,
      event,
      { now: now.getTime(), localHour: now.getHours(), online: environment.online(), idleMs: environment.idleMs(), ...activity },
      options.settings,
    );
    state = decision.state;
    for (const command of decision.commands) run(command);
  };

  // Until an update is downloaded and verified, quitting installs nothing.
  port.setInstallOnQuit(false);
  port.onEvent(feed);
  const timer = setInterval(() => {
    feed({ type: 'tick' });
  }, options.tickMs ?? 60_000);
  feed({ type: 'started' });

  return {
    setActivity(next) {
      activity = { inCall: next.inCall, consultationOpen: next.consultationOpen };
      feed({ type: 'tick' });
    },
    checkNow() {
      feed({ type: 'check-requested' });
    },
    state: () => state,
    dispose() {
      disposed = true;
      clearInterval(timer);
      port.cancelDownload();
    },
  };
}
