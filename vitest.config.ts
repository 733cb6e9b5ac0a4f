import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumPath } from './test/harness/chromium';

// One command (`npm test`) runs every test layer of DESIGN §8 as a vitest project.
export default defineConfig({
  test: {
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        test: { name: 'core', include: ['test/core/**/*.test.ts'], environment: 'node' },
      },
      {
        test: { name: 'main', include: ['test/main/**/*.test.ts'], environment: 'node' },
      },
      {
        test: { name: 'server', include: ['test/server/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        // WebRTC in Node (@roamhq/wrtc, a native addon) and coturn: one process per file.
        test: {
          name: 'calls',
          include: ['test/calls/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // Pre-bundle what browser tests import, so Vite does not discover it mid-run and reload
        // the page on a fresh clone (CI).
        optimizeDeps: { include: ['@medplum/core', 'dexie', 'fast-check'] },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          // The reference central server, for tests that sync from Chromium: inject('centralUrl').
          globalSetup: ['test/harness/sync-central-global-setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: chromiumPath(), args: chromiumArgs() },
            }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // dist/web, built once for the files that serve it through test/harness/e2e-shell.ts.
          globalSetup: ['test/harness/e2e-build-global-setup.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
