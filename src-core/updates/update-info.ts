// What an update feed announces (electron-updater's `latest.yml`, generic provider, as parsed by
// the main process): checked before the policy trusts it. A feed that is not well formed is
// reported (Spanish for the admin, English for the log), never acted on.
import { valid } from 'semver';

export interface UpdateFile {
  readonly url: string;
  /** Base64 SHA-512 of the file: electron-updater verifies the download against it. */
  readonly sha512: string;
  readonly size: number;
}

export interface UpdateInfo {
  readonly version: string;
  readonly files: readonly UpdateFile[];
  readonly releaseDate?: string;
  /** Release notes as the feed gives them (plain text shown to the admin). */
  readonly releaseNotes?: string;
}

export type FeedCheck = { readonly ok: true; readonly info: UpdateInfo } | { readonly ok: false; readonly message: string; readonly diagnostics: string };

const BASE64_SHA512 = /^[A-Za-z0-9+/]{86}==$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const MALFORMED = 'El servidor de actualizaciones respondió con datos que Ceiba no reconoce; no se descargó nada. Avise al equipo de informática del MSPAS.';

function malformed(diagnostics: string): FeedCheck {
  return { ok: false, message: MALFORMED, diagnostics: `update feed rejected: ${diagnostics}` };
}

function checkFile(v: unknown, at: string): UpdateFile | string {
  if (!isRecord(v)) return `${at} is not an object`;
  const { url, sha512, size } = v;
  if (typeof url !== 'string' || url.length === 0) return `${at}.url missing`;
  if (typeof sha512 !== 'string' || !BASE64_SHA512.test(sha512)) return `${at}.sha512 is not a base64 SHA-512`;
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return `${at}.size is not a positive integer`;
  return { url, sha512, size };
}

/** Validates a parsed feed (the object electron-updater or a YAML parser produced). */
export function checkUpdateFeed(feed: unknown): FeedCheck {
  if (!isRecord(feed)) return malformed('not an object');
  const { version, files, releaseDate, releaseNotes } = feed;
  if (typeof version !== 'string' || valid(version) === null) return malformed('version is not a semantic version');
  if (!Array.isArray(files) || files.length === 0) return malformed('files missing or empty');
  const checked: UpdateFile[] = [];
  for (const [i, file] of files.entries()) {
    const result = checkFile(file, `files[${String(i)}]`);
    if (typeof result === 'string') return malformed(result);
    checked.push(result);
  }
  if (releaseDate !== undefined && (typeof releaseDate !== 'string' || Number.isNaN(Date.parse(releaseDate)))) return malformed('releaseDate is not a date');
  if (releaseNotes !== undefined && releaseNotes !== null && typeof releaseNotes !== 'string') return malformed('releaseNotes is not text');
  return {
    ok: true,
    info: {
      version,
      files: checked,
      ...(typeof releaseDate === 'string' ? { releaseDate } : {}),
      ...(typeof releaseNotes === 'string' ? { releaseNotes } : {}),
    },
  };
}
