// Vite config for the Electron main process, merged by @electron-forge/plugin-vite 7.11.2 into its
// own (outDir .vite/build, electron and Node built-ins external, `define` for
// MAIN_WINDOW_VITE_DEV_SERVER_URL / MAIN_WINDOW_VITE_NAME).
//
// Module format: the plugin builds main as CommonJS `main.js` by default, but package.json has
// "type": "module", so Node/Electron would load `.vite/build/main.js` as ESM and a CJS bundle
// would fail on `require`. package.json's "main" is fixed at `.vite/build/main.js`, so instead of
// renaming the file we emit ESM, which Electron supports for the main process since v28
// (electron 38 here). When this config sets `build.lib`, the plugin no longer sets its own, so the
// entry is taken from the Forge build entry (forge.config.ts) that the plugin passes in.
import { defineConfig, type ConfigEnv, type UserConfig } from 'vite';

/** @electron-forge/plugin-vite adds the build entry it is running to Vite's ConfigEnv. */
interface ForgeConfigEnv extends ConfigEnv {
  readonly forgeConfigSelf?: { readonly entry?: unknown };
}

function forgeEntry(env: ForgeConfigEnv): string {
  const entry = env.forgeConfigSelf?.entry;
  if (typeof entry !== 'string') {
    throw new Error('vite.main.config.ts is loaded by @electron-forge/plugin-vite (see forge.config.ts), which supplies the entry');
  }
  return entry;
}

export default defineConfig((env: ForgeConfigEnv): UserConfig => ({
  build: {
    // Electron 38 runs Node 22.
    target: 'node22',
    lib: {
      entry: forgeEntry(env),
      formats: ['es'],
      fileName: () => 'main.js',
    },
  },
}));
