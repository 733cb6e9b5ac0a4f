// The one typed contract between the main process, the preload and the renderer (STYLE §2).
// Each channel maps to its argument tuple and its result. Main implements every channel, the
// preload forwards exactly these channels, and the renderer calls them through `CeibaBridge`.
import type { OperationOutcome } from '@medplum/fhirtypes';

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** Which shell the UI runs in. */
  readonly shell: 'electron' | 'web';
  /** Runtime versions, for the "Acerca de" view and bug reports. */
  readonly versions: Readonly<Record<string, string>>;
}

/** Endpoints this installation talks to; embedded loopback defaults unless configured. */
export interface RuntimeConfig {
  /** FHIR R4 base URL of the central server (HAPI FHIR in production). */
  readonly centralServerUrl: string | null;
  /** WebSocket URL of the signaling relay; null while none is configured. */
  readonly signalingUrl: string | null;
}

/**
 * Whether the OS key store protects secrets here: 'os' when Electron safeStorage has a real
 * backend (DPAPI on Windows, Keychain, libsecret/kwallet), 'none' otherwise.
 */
export type OsKeyStoreKind = 'os' | 'none';

/** What the person at the PC is doing, as far as background work (updates) must respect it. */
export interface UserActivity {
  readonly inCall: boolean;
  readonly consultationOpen: boolean;
}

export interface IpcContract {
  'app:get-info': { args: []; result: AppInfo };
  'app:get-config': { args: []; result: RuntimeConfig };
  'keystore:get-kind': { args: []; result: OsKeyStoreKind };
  /** Protects bytes (a wrapped data key) with the OS account's key store. */
  'keystore:protect': { args: [bytes: Uint8Array]; result: Uint8Array };
  'keystore:unprotect': { args: [bytes: Uint8Array]; result: Uint8Array };
  /** The renderer says when a call or a consultation starts and ends (the update policy waits). */
  'app:set-activity': { args: [activity: UserActivity]; result: null };
  /**
   * Prints the window's current page (a print view) to PDF and saves it where the person chooses;
   * `fileName` is only the suggested name. Result: whether a file was saved.
   */
  'print:to-pdf': { args: [fileName: string]; result: boolean };
}

export type IpcChannel = keyof IpcContract;
export type IpcArgs<K extends IpcChannel> = IpcContract[K]['args'];
export type IpcResult<K extends IpcChannel> = IpcContract[K]['result'];

/** Every reply crosses the process boundary in this shape; errors are OperationOutcomes. */
export type IpcReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: OperationOutcome };

/** Runtime list of channels: the preload forwards these and nothing else. */
export const IPC_CHANNELS = [
  'app:get-info',
  'app:get-config',
  'keystore:get-kind',
  'keystore:protect',
  'keystore:unprotect',
  'app:set-activity',
  'print:to-pdf',
] as const satisfies readonly IpcChannel[];

// Compile-time proof that IPC_CHANNELS names every channel of the contract: adding a channel to
// IpcContract without listing it here fails the type check.
type MissingChannels = Exclude<IpcChannel, (typeof IPC_CHANNELS)[number]>;
type AssertTrue<T extends true> = T;
export type IpcChannelsComplete = AssertTrue<[MissingChannels] extends [never] ? true : false>;

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}

/** What the preload exposes on `window.ceiba`. */
export interface CeibaBridge {
  invoke<K extends IpcChannel>(channel: K, ...args: IpcArgs<K>): Promise<IpcReply<IpcResult<K>>>;
}

/** Main-side implementation of the contract: one async function per channel. */
export type IpcHandlers = {
  [K in IpcChannel]: (...args: IpcArgs<K>) => Promise<IpcResult<K>> | IpcResult<K>;
};
