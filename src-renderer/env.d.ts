/** The app version from package.json, replaced at build time (vite.renderer.config.ts `define`). */
declare const __APP_VERSION__: string;
