// Platform for the desktop shell: everything goes through the preload's typed bridge
// (`window.ceiba`, CeibaBridge from the IPC contract). Replies are re-checked here because they
// crossed a process boundary.
import type { AppInfo, CeibaBridge, RuntimeConfig } from '../../src-core/ipc';
import { OutcomeError } from '../../src-core/fhir';
import { parseReply } from '../../src-core/ipc';
import type { HttpFetch, Platform } from './platform';
import { parseAppInfo, parseRuntimeConfig } from './runtime-config';

function valueOf(reply: unknown): unknown {
  const checked = parseReply(reply);
  if (!checked.ok) throw new OutcomeError(checked.error);
  return checked.value;
}

export function createElectronPlatform(bridge: CeibaBridge, fetch: HttpFetch): Platform {
  let config: Promise<RuntimeConfig> | undefined;
  return {
    fetch,
    async getAppInfo(): Promise<AppInfo> {
      return parseAppInfo(valueOf(await bridge.invoke('app:get-info')));
    },
    getConfig(): Promise<RuntimeConfig> {
      config ??= bridge.invoke('app:get-config').then((reply) => parseRuntimeConfig(valueOf(reply)));
      return config;
    },
  };
}
