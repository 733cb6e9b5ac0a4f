// The outcome of the last run in plain Spanish. The sentence is chosen by the run's outcome (never
// by matching message text). When a failed run ended while the page was open, the transport's own
// Spanish reason (the second issue of the run's outcome: "No se pudo comunicar…") follows it.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LastRunRecord, SyncRunResult } from '../../../src-core/sync';
import { formatCount, formatDateTime } from './sync-format';

/** The cause under the engine's summary issue, when the run that just ended has one. */
function causeOf(lastRun: LastRunRecord, result: SyncRunResult | undefined): string | undefined {
  // Only a failure's cause adds to its sentence; the credential and permission sentences already say it all.
  if (result === undefined || result.finishedAt !== lastRun.finishedAt || result.outcome !== 'failed') return undefined;
  return result.error?.issue.slice(1).find((i) => i.details?.text !== undefined)?.details?.text;
}

export function LastRun({ lastRun, result }: { lastRun: LastRunRecord | undefined; result: SyncRunResult | undefined }): ReactNode {
  const { t } = useTranslation();
  const headingId = useId();
  let sentence: string;
  let cause: string | undefined;
  if (lastRun === undefined) sentence = t('sync.noRunYet');
  else {
    const when = formatDateTime(lastRun.finishedAt);
    sentence = t(`sync.outcome.${lastRun.outcome}`, { when, pushed: formatCount(lastRun.pushed), pulled: formatCount(lastRun.pulled) });
    cause = causeOf(lastRun, result);
  }
  const failed = lastRun !== undefined && lastRun.outcome !== 'succeeded' && lastRun.outcome !== 'busy';
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sync.lastRunHeading')}</h2>
      <div className={failed ? 'notice notice-error' : 'sync-outcome'} role="status" data-testid="sync-last-run">
        <p>{sentence}</p>
        {cause !== undefined && <p className="reason">{t('sync.serverMessage', { message: cause })}</p>}
      </div>
    </section>
  );
}
