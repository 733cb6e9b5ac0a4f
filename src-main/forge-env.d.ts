// Constants that @electron-forge/plugin-vite defines (Vite `define`) when it builds the main
// process, one pair per renderer entry in forge.config.ts (`main_window`). Declared here rather
// than through the plugin's forge-vite-env.d.ts because that file types the dev-server URL as a
// plain string: in a packaged build the plugin defines it as `undefined`, and code must handle that.

/** The renderer's Vite dev-server URL under `electron-forge start`; undefined in a packaged build. */
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
/** The renderer's name, i.e. its folder under .vite/renderer/ in a packaged build. */
declare const MAIN_WINDOW_VITE_NAME: string;
