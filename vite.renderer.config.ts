// Vite config for the renderer: one bundle for the web shell (dist/web) and, through Forge's vite
// plugin (which overrides outDir), for the Electron renderer. Kept plain on purpose.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * index.html carries a strict CSP meta tag. Vite's dev server needs inline scripts (React Refresh
 * preamble) and injected <style> tags, which that policy blocks, so the dev server alone drops the
 * tag; built output keeps it unchanged.
 */
const dropCspInDevServer: Plugin = {
  name: 'ceiba:drop-csp-in-dev-server',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace(/\s*<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
};

export default defineConfig(({ command, mode }) => {
  // A build follows Vite's mode, not the calling process's NODE_ENV: built from a test runner
  // (NODE_ENV=test, e.g. the e2e stack) it would otherwise ship React's development build and
  // development JSX.
  const productionBuild = command === 'build' && mode !== 'development';
  return {
    root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
    // Relative asset URLs work both under the web shell (/) and Electron's custom protocol.
    base: './',
    plugins: [react(), dropCspInDevServer],
    define: {
      __APP_VERSION__: JSON.stringify(pkg.version),
      ...(productionBuild ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {}),
    },
    ...(productionBuild ? { esbuild: { jsxDev: false } } : {}),
    build: {
      outDir: `${repoRoot}dist/web`,
      emptyOutDir: true,
      // The CIE-10 table (~1 MB) is its own lazily imported chunk, loaded when a diagnosis is
      // searched, never at start-up; anything else this large would still be reported.
      chunkSizeWarningLimit: 1200,
    },
  };
});
