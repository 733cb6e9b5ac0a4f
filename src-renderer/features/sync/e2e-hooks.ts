// A test-only handle on the signed-in session's store, for the e2e test of the sync page
// (test/e2e/sync.test.ts): it seeds hundreds of pending changes through the app's own encrypted
// store (validation, sealing, outbox — the same path every screen writes through), which no screen
// can do yet. It exists only in a build made with Vite's mode 'e2e': sync-page.tsx loads this
// module inside `if (import.meta.env.MODE === 'e2e')`, which a production build replaces with a
// constant false, so the module and the hook are not in the bundle at all (the e2e test checks
// the production build for the hook's name).
import type { Resource, ResourceType } from '@medplum/fhirtypes';
import type { LogRecord } from '../../../src-core/platform/logger';
import type { SyncStore } from '../../../src-core/store';
import { recentSyncLog } from '../../sync-worker';

export const E2E_HOOK_NAME = '__ceibaE2E';

export interface CeibaE2EHooks {
  /** Imports a transaction Bundle (JSON text) into the session's store; resolves with "Type/id" of each entry. */
  importBundle(json: string): Promise<string[]>;
  /** Reads a resource from the session's store (the e2e test edits it to make a conflict). */
  read(resourceType: string, id: string): Promise<unknown>;
  /** Writes a new local version of a resource through the store's update path. */
  update(resource: { readonly resourceType: string; readonly id: string } & Readonly<Record<string, unknown>>): Promise<void>;
  /** The sync layer's recent log lines (already redacted). */
  syncLog(): readonly LogRecord[];
}

export function installE2EHooks(store: SyncStore): () => void {
  const hooks: CeibaE2EHooks = {
    importBundle: async (json) => {
      const response = await store.importBundle(json);
      // A transaction-response entry's location is "Type/id/_history/version".
      return (response.entry ?? []).map((e) => (e.response?.location ?? '').split('/').slice(0, 2).join('/'));
    },
    read: (resourceType, id) => store.read(resourceType as ResourceType, id),
    update: async (resource) => {
      await store.update(resource as Resource);
    },
    syncLog: recentSyncLog,
  };
  Object.defineProperty(window, E2E_HOOK_NAME, { value: hooks, configurable: true });
  return () => {
    Reflect.deleteProperty(window, E2E_HOOK_NAME);
  };
}
