// The one interface the UI uses to reach its shell (STYLE §3: a capability is one interface with a
// file per platform). Chosen once at start-up by select-platform.ts and provided through React context.
import type { AppInfo, RuntimeConfig, UserActivity } from '../../src-core/ipc';
import type { KeyStore } from '../../src-core/store/crypto/key-store';

/** HTTP as the UI uses it to reach configured servers (a platform piece, STYLE §3). */
export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface Platform {
  /** HTTP transport for talking to the configured servers. */
  readonly fetch: HttpFetch;
  /** About this build and the runtime it runs in. */
  getAppInfo(): Promise<AppInfo>;
  /** Endpoints of this installation: central FHIR server and signaling relay. */
  getConfig(): Promise<RuntimeConfig>;
  /** The OS key store that adds a second lock on the wrapped data key (none in the web shell). */
  getKeyStore(): Promise<KeyStore>;
  /**
   * Tells the shell when a call or a consultation starts or ends, so background work (desktop
   * updates) waits for a quiet moment. Nothing to tell in the web shell.
   */
  reportActivity(activity: UserActivity): void;
  /**
   * Prints the current page (a print view): the desktop saves an A4 PDF where the person chooses;
   * the web shell opens the browser's print dialog (which can also save as PDF).
   */
  print(fileName: string): Promise<void>;
}
