// Electron Forge 7 packaging (DESIGN §7). Loaded by Forge through jiti; type-checked by
// tsconfig.node.json. The Electron binary cannot be downloaded on the build machines of this
// project, so `electron-forge package/make` has not been run here: this file is checked by the
// compiler against the installed plugins' and makers' types only.
import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import MakerNSIS from '@felixrieseberg/electron-forge-maker-nsis';

const APP_ID = 'gt.gob.mspas.ceiba';

/**
 * Where the installed app looks for updates (electron-updater, generic provider): the folder that
 * holds `latest.yml` and the installer. It is baked into the package (resources/app-update.yml)
 * at `npm run make` time, so set CEIBA_UPDATE_URL then, e.g. to the MSPAS update server's
 * `https://<host>/ceiba/win/`. The default uses the reserved `.invalid` domain (RFC 2606), so a
 * build made without it can never fetch an update from anywhere.
 */
const DEFAULT_UPDATE_URL = 'https://updates.invalid/ceiba/win/';
const updateUrl = process.env.CEIBA_UPDATE_URL ?? DEFAULT_UPDATE_URL;

/**
 * electron-builder NSIS options handed to app-builder-lib by the NSIS maker. Health-post users
 * cannot install as administrator (DESIGN §1), so: a one-click, per-user installer into
 * %LOCALAPPDATA%\Programs, which never asks for elevation and which electron-updater can replace
 * silently on quit.
 */
const nsisConfig = {
  appId: APP_ID,
  nsis: {
    oneClick: true,
    perMachine: false,
    // Assisted-installer options, pinned anyway so a later switch to oneClick: false stays per-user.
    allowElevation: false,
    allowToChangeInstallationDirectory: false,
    // elevate.exe is needed only for per-machine installs and updates.
    packElevateHelper: false,
    // The local store holds records not yet synced: uninstalling (or reinstalling) must keep it.
    deleteAppDataOnUninstall: false,
    createDesktopShortcut: true,
    createStartMenuShortcut: true,
    shortcutName: 'Ceiba',
    installerLanguages: ['es_ES'],
    artifactName: 'ceiba-setup-${version}-${arch}.${ext}',
  },
};

const config: ForgeConfig = {
  packagerConfig: {
    asar: true,
    name: 'Ceiba',
    executableName: 'ceiba',
    appBundleId: APP_ID,
    win32metadata: { CompanyName: 'MSPAS Guatemala', ProductName: 'Ceiba', FileDescription: 'Ceiba' },
    // `ignore` is set by the Vite plugin: only .vite/ (the bundles) goes into the asar.
  },
  rebuildConfig: {},
  makers: [
    new MakerNSIS({
      // Writes resources/app-update.yml (generic provider, this URL) into the package and
      // latest.yml (version, sha512, size) next to the installer: what electron-updater reads.
      updater: { url: updateUrl, channel: 'latest', updaterCacheDirName: 'ceiba-updater' },
      getAppBuilderConfig: () => Promise.resolve(nsisConfig),
    }),
    new MakerZIP({}, ['win32', 'linux']),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'src-main/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src-main/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    // Fuses are flipped in the Electron binary at package time, before signing. Every fuse is set
    // explicitly (strictlyRequireAllFuses) so an Electron upgrade that adds one fails the build
    // until someone decides its value.
    new FusesPlugin({
      version: FuseVersion.V1,
      strictlyRequireAllFuses: true,
      // The executable can never act as a plain Node.js (ELECTRON_RUN_AS_NODE).
      [FuseV1Options.RunAsNode]: false,
      // Cookies on disk are encrypted with an OS-protected key.
      [FuseV1Options.EnableCookieEncryption]: true,
      // NODE_OPTIONS / --inspect cannot inject code or a debugger into the app.
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      // app.asar is checked against the hash embedded at package time and is the only app loaded.
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      // The UI is served from app://, so file:// pages get no more than a browser would give them.
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
