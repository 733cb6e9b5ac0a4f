// The sync area (issue 5, item 7): the state of sync, the run in progress, the last outcome, the
// records that need a person (refused by the server, or in conflict) and the offline transfer.
// The engine runs in the session's sync worker; this page only shows and asks (use-sync.ts).
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session';
import { Page } from '../../ui/page';
import { AttentionList } from './attention-list';
import { ConflictList } from './conflict-list';
import { LastRun } from './last-run';
import { SyncProgress } from './sync-progress';
import { SyncStatusPanel } from './sync-status-panel';
import { TransferExportForm } from './transfer-export-form';
import { useSync } from './use-sync';

/** The e2e test's handle on the store; compiled out of every build but Vite's mode 'e2e' (e2e-hooks.ts). */
function useE2EHooks(): void {
  const { store } = useSession();
  useEffect(() => {
    if (import.meta.env.MODE === 'e2e') {
      let uninstall: (() => void) | undefined;
      let current = true;
      void import('./e2e-hooks').then((hooks) => {
        if (current) uninstall = hooks.installE2EHooks(store);
      });
      return () => {
        current = false;
        uninstall?.();
      };
    }
    return undefined;
  }, [store]);
}

export function SyncPage(): ReactNode {
  const { t } = useTranslation();
  const { post } = useSession();
  const { connection, status, run, pending, actions } = useSync();
  useE2EHooks();

  return (
    <Page title={t('sync.title')}>
      <p className="lead">{t('sync.intro')}</p>
      {connection.status === 'starting' && <p role="status">{t('sync.starting')}</p>}
      {connection.status === 'failed' && (
        <div className="notice notice-error" role="alert">
          <p>{connection.reason === 'config' ? t('sync.configFailed') : t('sync.startFailed')}</p>
          <p className="hint">{t('sync.technicalDetail')}</p>
          <code>{connection.detail}</code>
        </div>
      )}
      {connection.status === 'ready' && (
        <>
          {status?.serverConfigured === false && <p className="notice">{t('sync.noServer')}</p>}
          <SyncStatusPanel status={status} pending={pending} running={run.running} onRunNow={actions.runNow} />
          <SyncProgress run={run} />
          <LastRun lastRun={status?.lastRun} result={run.lastResult} />
          <AttentionList items={status?.attention ?? []} onRetry={(item) => actions.retryAttention(item.resourceType, item.id)} />
          <ConflictList conflicts={status?.conflicts ?? []} onResolve={(c, choice) => actions.resolveConflict(c.resourceType, c.id, choice)} />
          <TransferExportForm pending={pending} postCode={post.code} onExport={actions.exportTransfer} />
        </>
      )}
    </Page>
  );
}
