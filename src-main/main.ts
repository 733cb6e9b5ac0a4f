// Electron main process entry (DESIGN §3). Thin glue: every decision lives in a pure module next
// to this one (security/*, app-origin, app-protocol, ipc-*), which is where the tests are.
// Bundled as ESM (.vite/build/main.js; package.json has "type": "module"), see vite.main.config.ts.
import { app, BrowserWindow, dialog, ipcMain, net, powerMonitor, protocol, safeStorage, session } from 'electron';
import electronUpdater from 'electron-updater';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_SCHEME, resolveAppLocation, urlForLog } from './app-origin';
import { APP_SCHEME_DEFINITION, createAppProtocolHandler } from './app-protocol';
import { createIpcHandlers } from './ipc-handlers';
import { createMainLoggerFactory } from './log';
import { createMainWindowOptions } from './main-window-options';
import { createOsKeyStoreHandlers } from './os-key-store';
import { registerIpcHandlers } from './register-ipc-handlers';
import { readRuntimeConfig } from './runtime-config';
import { cspFor, headersWithCsp } from './security/content-security-policy';
import { hardenWebContents } from './security/harden-web-contents';
import { createTrustedSenderCheck } from './security/ipc-sender';
import { createPermissionCheckHandler, createPermissionRequestHandler } from './security/permissions';
import { startUpdater, type Updater, type UpdaterPort } from './updater';

const createLogger = createMainLoggerFactory(process.env);
const log = createLogger('main');

/** .vite/build, where main.js and preload.cjs are; the renderer is in ../renderer/<name>. */
const buildDir = dirname(fileURLToPath(import.meta.url));
const location = resolveAppLocation(MAIN_WINDOW_VITE_DEV_SERVER_URL);
const runtime = readRuntimeConfig(process.env);
const csp = cspFor(location, runtime.config);

let mainWindow: BrowserWindow | null = null;
let updater: Updater | undefined;

// Both must happen before 'ready'.
protocol.registerSchemesAsPrivileged([APP_SCHEME_DEFINITION]);
app.enableSandbox();

if (app.requestSingleInstanceLock()) {
  start();
} else {
  // Another Ceiba is already running: it gets focus (see 'second-instance'), this one leaves.
  app.quit();
}

function start(): void {
  if (process.platform === 'win32') app.setAppUserModelId('gt.gob.mspas.ceiba');

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, {
      appOrigin: location.origin,
      onNavigationDenied: (url) => { log.warn('navigation denied', { target: urlForLog(url) }); },
      onDenied: (url) => { log.warn('new window denied', { target: urlForLog(url) }); },
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (mainWindow === null && app.isReady()) mainWindow = createMainWindow();
  });

  app.whenReady().then(onReady).catch((err: unknown) => {
    log.error('start-up failed', { error: err instanceof Error ? err.name : typeof err });
    app.quit();
  });
}

function onReady(): void {
  log.info('starting', { mode: location.mode, origin: location.origin, version: app.getVersion() });
  for (const problem of runtime.problems) log.warn('runtime configuration ignored', problem);

  if (location.mode === 'production') {
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({
        rootDir: join(buildDir, '..', 'renderer', MAIN_WINDOW_VITE_NAME),
        readFile: (file) => readFile(file),
        csp,
        onError: (err) => { log.error('app protocol read failed', { error: err instanceof Error ? err.name : typeof err }); },
      }),
    );
  }

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler(
    createPermissionRequestHandler(location.origin, (permission, requestingUrl) => {
      log.info('permission denied', { permission, origin: urlForLog(requestingUrl) });
    }),
  );
  ses.setPermissionCheckHandler(createPermissionCheckHandler(location.origin));
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: headersWithCsp(details.resourceType, details.responseHeaders, csp) });
  });

  registerIpcHandlers(
    ipcMain,
    createIpcHandlers({
      appName: app.getName(),
      appVersion: app.getVersion(),
      versions: process.versions,
      config: runtime.config,
      keyStore: createOsKeyStoreHandlers(safeStorage, process.platform),
      onActivity: (activity) => updater?.setActivity(activity),
      printToPdf,
    }),
    createTrustedSenderCheck(
      { appOrigin: location.origin, isTrustedContents: (id) => mainWindow?.webContents.id === id },
      (reason) => { log.warn('untrusted ipc sender', { reason }); },
    ),
    { logger: createLogger('ipc') },
  );

  mainWindow = createMainWindow();

  // Updates: an installed app, or a development build pointed at a local feed.
  const feedUrl = process.env.CEIBA_UPDATE_URL;
  if (app.isPackaged || feedUrl !== undefined) {
    const updateLog = createLogger('updates');
    updater = startUpdater({
      port: electronUpdaterPort(feedUrl),
      environment: { now: () => new Date(), online: () => net.isOnline(), idleMs: () => powerMonitor.getSystemIdleTime() * 1000 },
      settings: { currentVersion: app.getVersion() },
      logger: updateLog,
      // The notice area in the renderer is not built yet (issue 8): the message goes to the log.
      notify: (level, message) => { updateLog.info('update notice for the user', { level, length: message.length }); },
    });
    app.on('will-quit', () => updater?.dispose());
  }
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(
    createMainWindowOptions({ preloadPath: join(buildDir, 'preload.cjs'), devTools: !app.isPackaged }),
  );
  window.once('ready-to-show', () => { window.show(); });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.loadURL(location.startUrl).catch((err: unknown) => {
    log.error('main window failed to load', { error: err instanceof Error ? err.name : typeof err });
  });
  return window;
}

/**
 * electron-updater behind the controller's port (src-main/updater.ts). electron-updater is
 * CommonJS: under ESM its exports come through the default export. Error messages can carry
 * paths with user names, so only error class names are passed on.
 */
function electronUpdaterPort(feedUrl: string | undefined): UpdaterPort {
  const { autoUpdater, CancellationToken } = electronUpdater;
  autoUpdater.autoDownload = false;
  autoUpdater.logger = null;
  if (feedUrl !== undefined) autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
  let cancel: InstanceType<typeof CancellationToken> | undefined;
  const listeners: ((event: Parameters<Parameters<UpdaterPort['onEvent']>[0]>[0]) => void)[] = [];
  const emit: (typeof listeners)[number] = (event) => { for (const l of listeners) l(event); };
  const errorName = (err: unknown): string => (err instanceof Error ? err.name : typeof err);
  autoUpdater.on('update-available', (info) => { emit({ type: 'check-finished', feed: info }); });
  autoUpdater.on('update-not-available', (info) => { emit({ type: 'check-finished', feed: info }); });
  autoUpdater.on('download-progress', (progress) => { emit({ type: 'download-progress', percent: progress.percent }); });
  autoUpdater.on('update-downloaded', () => { emit({ type: 'download-finished' }); });
  return {
    check: () => {
      autoUpdater.checkForUpdates().catch((err: unknown) => { emit({ type: 'check-failed', error: errorName(err) }); });
    },
    download: () => {
      const token = new CancellationToken();
      cancel = token;
      autoUpdater.downloadUpdate(token).catch((err: unknown) => {
        if (!token.cancelled) emit({ type: 'download-failed', error: errorName(err) });
      });
    },
    cancelDownload: () => {
      cancel?.cancel();
      cancel = undefined;
    },
    setInstallOnQuit: (enabled) => { autoUpdater.autoInstallOnAppQuit = enabled; },
    installNow: () => { autoUpdater.quitAndInstall(true, true); },
    onEvent: (listener) => { listeners.push(listener); },
  };
}

/**
 * "Imprimir" on the desktop (issue 6 item 5): the print view as an A4 PDF (the paper record is the
 * legal one), saved where the person chooses; they print it from there. Not run on these machines.
 */
async function printToPdf(fileName: string): Promise<boolean> {
  const window = mainWindow;
  if (window === null) return false;
  const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
  const choice = await dialog.showSaveDialog(window, {
    title: 'Guardar como PDF',
    defaultPath: join(app.getPath('documents'), fileName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || choice.filePath === '') return false;
  await writeFile(choice.filePath, pdf);
  log.info('print view saved as PDF', { bytes: pdf.length });
  return true;
}
