// The update feed electron-updater's generic provider reads: `latest.yml` beside the installer,
// naming its version, file, size and base64 SHA-512 (what the app verifies a download against).
// Used by the release procedure (README) and the local development feed (scripts/update-server.ts).
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { dump } from 'js-yaml';
import { valid } from 'semver';

export interface FeedEntry {
  readonly version: string;
  readonly installer: string;
  readonly releaseNotes?: string;
  readonly releaseDate?: Date;
}

/** Writes `<dir>/latest.yml` for the installer (which must sit in `dir`); returns the feed's text. */
export async function writeUpdateFeed(dir: string, entry: FeedEntry): Promise<string> {
  if (valid(entry.version) === null) throw new Error(`not a semantic version: ${entry.version}`);
  const file = join(dir, basename(entry.installer));
  const bytes = await readFile(file);
  const size = (await stat(file)).size;
  const sha512 = createHash('sha512').update(bytes).digest('base64');
  const name = basename(file);
  const feed = {
    version: entry.version,
    files: [{ url: name, sha512, size }],
    path: name,
    sha512,
    releaseDate: (entry.releaseDate ?? new Date()).toISOString(),
    ...(entry.releaseNotes === undefined ? {} : { releaseNotes: entry.releaseNotes }),
  };
  const text = dump(feed, { lineWidth: -1 });
  await writeFile(join(dir, 'latest.yml'), text, 'utf8');
  return text;
}
