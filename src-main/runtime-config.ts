// The endpoints this installation talks to, read once at start-up from the environment. The
// `npm start` launcher sets them after starting the embedded loopback stack; a packaged install
// gets them from the environment too until configuration storage lands. The same values feed the
// renderer (IPC 'app:get-config') and the CSP connect-src, so the UI can reach exactly these.
import type { RuntimeConfig } from '../src-core/ipc/contract';

export const CENTRAL_URL_ENV = 'CEIBA_CENTRAL_URL';
export const SIGNALING_URL_ENV = 'CEIBA_SIGNALING_URL';

export interface RuntimeConfigReading {
  readonly config: RuntimeConfig;
  /** Variables that were set but unusable; their values are left out because they may hold secrets. */
  readonly problems: readonly { readonly variable: string; readonly reason: string }[];
}

type Env = Readonly<Record<string, string | undefined>>;

function readUrl(
  env: Env,
  variable: string,
  protocols: readonly string[],
  problems: { variable: string; reason: string }[],
): string | null {
  const raw = env[variable]?.trim();
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push({ variable, reason: 'not a URL' });
    return null;
  }
  if (!protocols.includes(url.protocol)) {
    problems.push({ variable, reason: `scheme must be one of ${protocols.join(' ')}` });
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    problems.push({ variable, reason: 'credentials must not be embedded in the URL' });
    return null;
  }
  return raw;
}

export function readRuntimeConfig(env: Env): RuntimeConfigReading {
  const problems: { variable: string; reason: string }[] = [];
  const centralServerUrl = readUrl(env, CENTRAL_URL_ENV, ['http:', 'https:'], problems);
  const signalingUrl = readUrl(env, SIGNALING_URL_ENV, ['ws:', 'wss:'], problems);
  return { config: { centralServerUrl, signalingUrl }, problems };
}
