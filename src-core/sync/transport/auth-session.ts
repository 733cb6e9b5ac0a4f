// Credentials for the central server (DESIGN §5 Auth): a configured bearer token, HTTP basic, or
// OAuth2 client credentials (RFC 6749 §4.4) with the token cached until shortly before it expires.
// Secrets come from the caller (the OS key store on the desktop); they are never logged.
import type { Clock } from '../../platform/clock';
import { parseBody } from './fhir-reply';
import { brokenReply, loginRejected, networkFailed } from './transport-outcomes';

export type AuthConfig =
  | { readonly kind: 'none' }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | {
      readonly kind: 'client-credentials';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly scope?: string;
    };

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Renew this long before `expires_in` runs out, so a token does not expire in flight. */
const EXPIRY_MARGIN_MS = 30_000;
/** When the token endpoint gives no `expires_in`. */
const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;

export class AuthSession {
  private token: { value: string; expiresAt: number } | undefined;

  constructor(
    private readonly config: AuthConfig,
    private readonly fetchFn: FetchLike,
    private readonly clock: Clock,
  ) {}

  /** True when a 401 may be cured by fetching a new token (only OAuth2 tokens expire). */
  get canRefresh(): boolean {
    return this.config.kind === 'client-credentials';
  }

  /** The Authorization header to send, fetching an OAuth2 token when none is cached. */
  async authorization(signal?: AbortSignal): Promise<string | undefined> {
    const config = this.config;
    switch (config.kind) {
      case 'none':
        return undefined;
      case 'bearer':
        return `Bearer ${config.token}`;
      case 'basic':
        return `Basic ${base64Utf8(`${config.username}:${config.password}`)}`;
      case 'client-credentials': {
        const now = this.clock.now().getTime();
        if (this.token === undefined || this.token.expiresAt <= now) this.token = await this.fetchToken(config, signal);
        return `Bearer ${this.token.value}`;
      }
    }
  }

  /** Forgets a cached token after the server refused it. */
  invalidate(): void {
    this.token = undefined;
  }

  private async fetchToken(
    config: Extract<AuthConfig, { kind: 'client-credentials' }>,
    signal: AbortSignal | undefined,
  ): Promise<{ value: string; expiresAt: number }> {
    const what = 'POST token endpoint';
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (config.scope !== undefined) form.set('scope', config.scope);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFn(config.tokenUrl, {
        method: 'POST',
        headers: {
          // client_secret_basic: the method every OAuth2 server must support (RFC 6749 §2.3.1).
          Authorization: `Basic ${base64Utf8(`${formEncode(config.clientId)}:${formEncode(config.clientSecret)}`)}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: form.toString(),
        ...(signal === undefined ? {} : { signal }),
      });
      text = await response.text();
    } catch (err) {
      if (signal?.aborted === true) throw err;
      throw networkFailed({ what }, err instanceof Error ? err.message : 'fetch failed');
    }
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw loginRejected({ what, status: response.status }, true);
    }
    // No status on the error: the request loop treats it like a network failure and retries it.
    if (!response.ok) throw networkFailed({ what }, `token endpoint answered HTTP ${response.status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const parsed = parseBody({ status: response.status, headers: response.headers, text });
      throw brokenReply({ what, status: response.status }, parsed.kind === 'broken' ? parsed.problem : 'not a token response');
    }
    const accessToken = (body as { access_token?: unknown }).access_token;
    const expiresIn = (body as { expires_in?: unknown }).expires_in;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw brokenReply({ what, status: response.status }, 'the token response has no access_token');
    }
    const lifetime = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
    return { value: accessToken, expiresAt: this.clock.now().getTime() + Math.max(0, lifetime - EXPIRY_MARGIN_MS) };
  }
}

/** RFC 6749 §2.3.1: client id and secret are form-encoded before going into the Basic header. */
const formEncode = (value: string): string => encodeURIComponent(value).replace(/%20/g, '+');

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
