// The state of sync at a glance: the last successful sync, how many changes wait to be sent,
// the "Sincronizar ahora" button, and why automatic runs are paused when they are.
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkerStatus } from '../../sync-worker';
import { formatCount, formatDateTime } from './sync-format';
import { outcomeText } from './use-sync';

export interface SyncStatusPanelProps {
  readonly status: WorkerStatus | undefined;
  readonly pending: number | undefined;
  readonly running: boolean;
  readonly onRunNow: () => Promise<void>;
}

export function SyncStatusPanel({ status, pending, running, onRunNow }: SyncStatusPanelProps): ReactNode {
  const { t } = useTranslation();
  const headingId = useId();
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const busy = running || status?.running === true;
  const canRun = status?.serverConfigured === true;

  const runNow = (): void => {
    // aria-disabled rather than disabled: the button keeps keyboard focus while a run goes on.
    if (busy) return;
    setProblem(undefined);
    onRunNow().catch((err: unknown) => {
      setProblem(outcomeText(err, t('sync.actionFailed')));
    });
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sync.statusHeading')}</h2>
      <dl className="facts sync-facts">
        <dt>{t('sync.lastSuccess')}</dt>
        <dd data-testid="sync-last-success">{status === undefined ? '…' : status.lastSuccessAt === undefined ? t('sync.never') : formatDateTime(status.lastSuccessAt)}</dd>
        <dt>{t('sync.pending')}</dt>
        <dd data-testid="sync-pending" aria-live="polite">
          {pending === undefined ? '…' : formatCount(pending)}
        </dd>
      </dl>
      {status?.paused === 'offline' && <p className="notice sync-paused">{t('sync.offline')}</p>}
      {status?.paused === 'credentials' && <p className="notice notice-error sync-paused">{t('sync.pausedCredentials')}</p>}
      {canRun && (
        <p className="actions">
          <button type="button" className="button" aria-disabled={busy} onClick={runNow}>
            {busy ? t('sync.syncNowBusy') : t('sync.syncNow')}
          </button>
        </p>
      )}
      {problem !== undefined && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
