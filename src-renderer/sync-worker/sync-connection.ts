// One sync worker per unlocked session: started the first time the UI asks for it, configured
// with the session's keys, and locked (keys dropped, worker terminated) when the session locks.
import type { VaultSession } from '../../src-core/store/crypto';
import { onSessionLock, shareSessionKeys } from '../../src-core/store/crypto';
import type { AuthConfig, ScopedType } from '../../src-core/sync';
import { SyncClient, type WorkerPort } from './sync-client';
import { createSyncLogger } from './sync-log';
import { postScope } from './sync-scope';

export interface SyncStartOptions {
  readonly databaseName: string;
  /** null when the installation has no central server (status and export still work). */
  readonly centralUrl: string | null;
  readonly scope?: readonly ScopedType[];
  /** Default none: the runtime configuration carries no credentials yet. */
  readonly auth?: AuthConfig;
  /** Default 15 minutes. */
  readonly intervalMs?: number;
}

export interface SyncConnection {
  readonly client: SyncClient;
  /** Settles when the worker has opened the store and started the scheduler (or failed to). */
  readonly configured: Promise<void>;
}

const DEFAULT_INTERVAL_MS = 15 * 60_000;
const connections = new WeakMap<VaultSession, SyncConnection>();

function startWorker(): WorkerPort {
  // Vite bundles the worker from this exact pattern (a module worker, same origin as the app).
  return new Worker(new URL('./sync-worker.ts', import.meta.url), { type: 'module', name: 'ceiba-sync' });
}

/** The session's sync worker, started on first use. */
export function syncConnectionFor(session: VaultSession, options: SyncStartOptions): SyncConnection {
  const existing = connections.get(session);
  if (existing !== undefined && !existing.client.terminated) return existing;
  const client = new SyncClient(startWorker(), createSyncLogger);
  const forwardConnectivity = (): void => {
    client.call('connectivity', { online: navigator.onLine }).catch(() => undefined);
  };
  const end = (how: 'lock' | 'terminate'): void => {
    window.removeEventListener('online', forwardConnectivity);
    window.removeEventListener('offline', forwardConnectivity);
    if (connections.get(session)?.client === client) connections.delete(session);
    if (how === 'lock') void client.lock();
    else client.terminate();
  };
  const configured = client
    .call('configure', {
      config: {
        databaseName: options.databaseName,
        centralUrl: options.centralUrl,
        scope: options.scope ?? postScope(),
        auth: options.auth ?? { kind: 'none' },
        intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
      },
      keys: shareSessionKeys(session),
    })
    .then(
      () => undefined,
      (err: unknown) => {
        // A worker that could not open the store is of no use: the next request starts a fresh one.
        end('terminate');
        throw err;
      },
    );
  const connection: SyncConnection = { client, configured };
  connections.set(session, connection);
  window.addEventListener('online', forwardConnectivity);
  window.addEventListener('offline', forwardConnectivity);
  onSessionLock(session, () => {
    end('lock');
  });
  return connection;
}
