// The run in progress: what it is doing in words, a progress bar with its numbers, and the bytes
// it has moved. The bar is a labelled role=progressbar with aria-valuenow/max when the phase has a
// total, and indeterminate (no value) while it does not know one yet.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { phaseWords } from './phase-words';
import { useResourceNames } from './resource-names';
import { currentProgress, runBytes, type RunView } from './run-view';
import { formatBytes, formatCount } from './sync-format';

export function SyncProgress({ run }: { run: RunView }): ReactNode {
  const { t } = useTranslation();
  const names = useResourceNames();
  const headingId = useId();
  if (!run.running) return null;
  const words = phaseWords(run.state ?? { name: 'locking' });
  const type = words.resourceType === undefined ? '' : names.plural(words.resourceType);
  const phase = t(`sync.phase.${words.key}`, { type });
  const progress = currentProgress(run);
  const count = progress === undefined ? '' : t('sync.progressCount', { done: formatCount(progress.done), total: formatCount(progress.total) });
  const bytes = runBytes(run);
  const percent = progress === undefined || progress.total === 0 ? undefined : Math.min(100, (progress.done / progress.total) * 100);
  return (
    <section className="card sync-progress" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('sync.progressHeading')}</h2>
      <p className="sync-phase" aria-live="polite">
        {phase}
        {count === '' ? '' : ` ${count}`}
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('sync.progressLabel')}
        aria-valuemin={0}
        {...(progress === undefined
          ? {}
          : { 'aria-valuenow': progress.done, 'aria-valuemax': Math.max(progress.total, 1), 'aria-valuetext': `${phase} ${count}` })}
      >
        <div className={percent === undefined ? 'progress-fill progress-indeterminate' : 'progress-fill'} style={percent === undefined ? undefined : { width: `${String(percent)}%` }} />
      </div>
      <p className="hint sync-bytes">{t('sync.bytes', { up: formatBytes(bytes.up), down: formatBytes(bytes.down) })}</p>
    </section>
  );
}
