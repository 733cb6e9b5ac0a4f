// The main process's implementation of the IPC contract. Its inputs (app name and version,
// runtime versions, configuration) are passed in, so this file needs no Electron and is tested
// directly; main.ts supplies app.getName(), app.getVersion() and process.versions.
import type { AppInfo, IpcHandlers, RuntimeConfig, UserActivity } from '../src-core/ipc/contract';
import type { OsKeyStoreHandlers } from './os-key-store';

export interface IpcHandlerDeps {
  readonly appName: string;
  readonly appVersion: string;
  /** process.versions in the main process. */
  readonly versions: Readonly<Record<string, string | undefined>>;
  readonly config: RuntimeConfig;
  readonly keyStore: OsKeyStoreHandlers;
  /** Receives the renderer's activity reports (the updater reads the latest). */
  readonly onActivity?: (activity: UserActivity) => void;
  /** Prints the main window to PDF and saves it (main.ts: printToPDF and a save dialog). */
  readonly printToPdf?: (fileName: string) => Promise<boolean>;
}

/** Only the runtimes that matter in a bug report, not every library Node was built with. */
const REPORTED_VERSIONS = ['electron', 'chrome', 'node'] as const;

export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  const versions: Record<string, string> = {};
  for (const key of REPORTED_VERSIONS) {
    const value = deps.versions[key];
    if (value !== undefined) versions[key] = value;
  }
  const info: AppInfo = { name: deps.appName, version: deps.appVersion, shell: 'electron', versions };
  const config: RuntimeConfig = { ...deps.config };
  return {
    'app:get-info': () => info,
    'app:get-config': () => config,
    'keystore:get-kind': () => deps.keyStore.kind(),
    'keystore:protect': (bytes) => deps.keyStore.protect(bytes),
    'keystore:unprotect': (bytes) => deps.keyStore.unprotect(bytes),
    'app:set-activity': (activity) => {
      deps.onActivity?.({ inCall: activity.inCall, consultationOpen: activity.consultationOpen });
      return null;
    },
    'print:to-pdf': (fileName) => {
      if (deps.printToPdf === undefined) throw new Error('printing is not available in this window');
      return deps.printToPdf(fileName);
    },
  };
}
