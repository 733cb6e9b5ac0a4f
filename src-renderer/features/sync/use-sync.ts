// The sync page's data: the session's sync worker (started on first use, see sync-connection.ts),
// its status, the run in progress folded from its events, and the actions the page offers.
import type { OperationOutcome } from '@medplum/fhirtypes';
import { useCallback, useEffect, useReducer, useState } from 'react';
import { toOutcome } from '../../../src-core/fhir/outcome';
import type { ConflictChoice } from '../../../src-core/sync';
import { usePlatform } from '../../platform/platform-context';
import { DATABASE_NAME, useSession } from '../../session';
import { syncConnectionFor, type SyncClient, type TransferExport, type WorkerStatus } from '../../sync-worker';
import { failed as failedLoadable } from '../../ui/loadable';
import { foldRunEvent, INITIAL_RUN_VIEW, type RunView } from './run-view';

export type SyncConnectionState =
  | { readonly status: 'starting' }
  | { readonly status: 'ready'; readonly client: SyncClient }
  | { readonly status: 'failed'; readonly reason: 'config' | 'worker'; readonly detail: string };

export interface SyncActions {
  readonly runNow: () => Promise<void>;
  readonly resolveConflict: (resourceType: string, id: string, choice: ConflictChoice) => Promise<void>;
  readonly retryAttention: (resourceType: string, id: string) => Promise<void>;
  readonly exportTransfer: (password: string) => Promise<TransferExport>;
}

export interface SyncModel {
  readonly connection: SyncConnectionState;
  readonly status?: WorkerStatus;
  readonly run: RunView;
  /** The freshest pending count: from the worker during a run, else from the status. */
  readonly pending?: number;
  readonly actions: SyncActions;
}

/** Starts (or finds) the session's sync worker; see also sync-in-background.tsx. */
export function useSyncConnection(): SyncConnectionState {
  const session = useSession();
  const platform = usePlatform();
  const [state, setState] = useState<SyncConnectionState>({ status: 'starting' });
  useEffect(() => {
    let current = true;
    const start = async (): Promise<void> => {
      let centralUrl: string | null;
      try {
        centralUrl = (await platform.getConfig()).centralServerUrl;
      } catch (err) {
        if (current) setState({ status: 'failed', reason: 'config', detail: failedLoadable(err).detail });
        return;
      }
      try {
        const { client, configured } = syncConnectionFor(session.vaultSession, { databaseName: DATABASE_NAME, centralUrl });
        await configured;
        if (current) setState({ status: 'ready', client });
      } catch (err) {
        if (current) setState({ status: 'failed', reason: 'worker', detail: failedLoadable(err).detail });
      }
    };
    void start();
    return () => {
      current = false;
    };
  }, [session.vaultSession, platform]);
  return state;
}

const notReady = (): Promise<never> => Promise.reject(new Error('sync worker not ready'));

export function useSync(): SyncModel {
  const connection = useSyncConnection();
  const client = connection.status === 'ready' ? connection.client : undefined;
  const session = useSession();
  const [status, setStatus] = useState<WorkerStatus | undefined>(undefined);
  const [pending, setPending] = useState<number | undefined>(undefined);
  const [run, dispatch] = useReducer(foldRunEvent, INITIAL_RUN_VIEW);

  const apply = useCallback((next: WorkerStatus): void => {
    setStatus(next);
    setPending(next.pendingChanges);
  }, []);

  const refresh = useCallback(async (): Promise<void> => {
    if (client === undefined) return;
    apply(await client.call('status', {}));
  }, [client, apply]);

  useEffect(() => {
    if (client === undefined) return;
    // A status that cannot be read leaves the last one shown; the next run's end reads it again.
    const ignore = (): void => undefined;
    const offEvents = client.onEvent((event) => {
      dispatch(event);
      if (event.type === 'finished') client.call('status', {}).then(apply, ignore);
    });
    const offPending = client.onPending(setPending);
    const reread = (): void => {
      client.call('status', {}).then(apply, ignore);
    };
    reread();
    // The worker pauses automatic runs while offline; the page says so as soon as the link changes.
    window.addEventListener('online', reread);
    window.addEventListener('offline', reread);
    return () => {
      offEvents();
      offPending();
      window.removeEventListener('online', reread);
      window.removeEventListener('offline', reread);
    };
  }, [client, apply]);

  const post = session.post;
  const actions: SyncActions = {
    runNow: async () => {
      if (client === undefined) return notReady();
      await client.call('runNow', {});
    },
    resolveConflict: async (resourceType, id, choice) => {
      if (client === undefined) return notReady();
      await client.call('resolveConflict', { resourceType, id, choice });
      await refresh();
    },
    retryAttention: async (resourceType, id) => {
      if (client === undefined) return notReady();
      await client.call('retryAttention', { resourceType, id });
      await refresh();
    },
    exportTransfer: (password) => {
      if (client === undefined) return notReady();
      // The manifest names the exporting post (not secret; no patient data).
      return client.call('exportTransfer', { password, device: post.code === '' ? `Organization/${post.organizationId}` : post.code });
    },
  };

  return { connection, ...(status === undefined ? {} : { status }), run, ...(pending === undefined ? {} : { pending }), actions };
}

/** The Spanish text of a failed action's outcome, else the fallback. */
export function outcomeText(err: unknown, fallback: string): string {
  const outcome: OperationOutcome = toOutcome(err);
  return outcome.issue.find((i) => i.details?.text !== undefined)?.details?.text ?? fallback;
}
