// Debian's Chromium, launched the way this workplace needs it (see README "Tests").
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  const path = process.env.CEIBA_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}: install Debian's chromium (apt-get install -y chromium) or set CEIBA_CHROMIUM`);
  }
  return path;
}

/** Flags for running as root on a closed network; Playwright adds a fresh --user-data-dir itself. */
export function chromiumArgs(extra: readonly string[] = []): string[] {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...extra,
  ];
}
