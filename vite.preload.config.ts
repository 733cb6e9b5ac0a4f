// Vite config for the preload, merged by @electron-forge/plugin-vite 7.11.2 into its own (which
// already bundles to a single CommonJS file with electron external).
//
// The window runs with `sandbox: true`, and a sandboxed preload is evaluated as a plain CommonJS
// script whose `require` knows only a few modules ('electron' among them), never as ESM. Because
// package.json has "type": "module", the file is named `preload.cjs`, so any tool that consults
// Node's rules (or a future unsandboxed window) still reads it as CommonJS; main.ts points
// webPreferences.preload at `preload.cjs`.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    // Electron 38 is Chromium 140.
    target: 'chrome140',
    rollupOptions: {
      output: {
        format: 'cjs',
        inlineDynamicImports: true,
        entryFileNames: '[name].cjs',
      },
    },
  },
});
