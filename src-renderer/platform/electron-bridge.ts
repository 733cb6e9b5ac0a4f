// Platform for the desktop shell: everything goes through the preload's typed bridge
// (`window.ceiba`, CeibaBridge from the IPC contract). Replies are re-checked here because they
// crossed a process boundary.
import type { AppInfo, CeibaBridge, RuntimeConfig, UserActivity } from '../../src-core/ipc';
import { errorOutcome, OutcomeError } from '../../src-core/fhir';
import { parseReply } from '../../src-core/ipc';
import type { HttpFetch, Platform } from './platform';
import { parseAppInfo, parseRuntimeConfig } from './runtime-config';
import { noOsKeyStore, type KeyStore } from '../../src-core/store/crypto/key-store';

function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  throw new OutcomeError(errorOutcome('structure', 'OS key store reply is not bytes'));
}

/** Reads the kind once; an 'os' key store forwards protect/unprotect to main's safeStorage. */
async function createBridgeKeyStore(bridge: CeibaBridge): Promise<KeyStore> {
  const kind = valueOf(await bridge.invoke('keystore:get-kind'));
  if (kind === 'none') return noOsKeyStore;
  if (kind !== 'os') throw new OutcomeError(errorOutcome('structure', 'OS key store kind is not os|none'));
  return {
    kind: 'os',
    protect: async (bytes) => bytesOf(valueOf(await bridge.invoke('keystore:protect', bytes))),
    unprotect: async (bytes) => bytesOf(valueOf(await bridge.invoke('keystore:unprotect', bytes))),
  };
}

function valueOf(reply: unknown): unknown {
  const checked = parseReply(reply);
  if (!checked.ok) throw new OutcomeError(checked.error);
  return checked.value;
}

export function createElectronPlatform(bridge: CeibaBridge, fetch: HttpFetch): Platform {
  let config: Promise<RuntimeConfig> | undefined;
  let keyStore: Promise<KeyStore> | undefined;
  return {
    fetch,
    async getAppInfo(): Promise<AppInfo> {
      return parseAppInfo(valueOf(await bridge.invoke('app:get-info')));
    },
    getKeyStore(): Promise<KeyStore> {
      keyStore ??= createBridgeKeyStore(bridge).catch((err: unknown) => {
        keyStore = undefined;
        throw err;
      });
      return keyStore;
    },
    async print(fileName: string): Promise<void> {
      valueOf(await bridge.invoke('print:to-pdf', fileName));
    },
    reportActivity(activity: UserActivity): void {
      // Advisory: a lost report only delays or advances an update download.
      void bridge.invoke('app:set-activity', activity).catch(() => undefined);
    },
    getConfig(): Promise<RuntimeConfig> {
      config ??= bridge.invoke('app:get-config').then((reply) => parseRuntimeConfig(valueOf(reply)));
      return config;
    },
  };
}
