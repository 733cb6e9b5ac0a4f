// Resources the central server refused for a reason retrying cannot fix: the type in Spanish,
// what the server answered, and "Reintentar" (the next run sends it again, e.g. after a fix).
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttentionItem } from '../../../src-core/store';
import { useResourceNames } from './resource-names';
import { formatDateTime } from './sync-format';
import { outcomeText } from './use-sync';

/** The server's own issues: the engine's summary (issue 0) says only that it refused. */
function serverIssues(item: AttentionItem): OperationOutcomeIssue[] {
  const rest = item.outcome.issue.slice(1);
  return rest.length > 0 ? rest : item.outcome.issue;
}

const issueText = (i: OperationOutcomeIssue): string => {
  const text = i.details?.text ?? i.diagnostics ?? i.code;
  const where = i.expression?.join(', ');
  return where === undefined || where === '' ? text : `${text} (${where})`;
};

function AttentionEntry({ item, onRetry }: { item: AttentionItem; onRetry: () => Promise<void> }): ReactNode {
  const { t } = useTranslation();
  const names = useResourceNames();
  const headingId = useId();
  const [state, setState] = useState<{ kind: 'idle' | 'busy' } | { kind: 'failed'; text: string }>({ kind: 'idle' });
  const retry = (): void => {
    if (state.kind === 'busy') return;
    setState({ kind: 'busy' });
    onRetry().catch((err: unknown) => {
      setState({ kind: 'failed', text: outcomeText(err, t('sync.actionFailed')) });
    });
  };
  return (
    <li className="card sync-item" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {names.singular(item.resourceType)} <span className="hint-inline sync-id">{item.id}</span>
      </h3>
      <p className="hint">{t('sync.attentionRecorded', { when: formatDateTime(item.recorded) })}</p>
      <p className="sync-label">{t('sync.attentionServerSaid')}</p>
      <ul className="sync-issues">
        {serverIssues(item).map((i, n) => (
          <li key={n}>{issueText(i)}</li>
        ))}
      </ul>
      <p className="actions">
        <button type="button" className="button" aria-disabled={state.kind === 'busy'} aria-describedby={headingId} onClick={retry}>
          {t('sync.retry')}
        </button>
      </p>
      {state.kind === 'failed' && (
        <p className="field-error" role="alert">
          {state.text}
        </p>
      )}
    </li>
  );
}

export function AttentionList({ items, onRetry }: { items: readonly AttentionItem[]; onRetry: (item: AttentionItem) => Promise<void> }): ReactNode {
  const { t } = useTranslation();
  const headingId = useId();
  const [announcement, setAnnouncement] = useState('');
  const retry = async (item: AttentionItem): Promise<void> => {
    setAnnouncement('');
    await onRetry(item);
    setAnnouncement(t('sync.retryDone'));
  };
  return (
    <section aria-labelledby={headingId} className="sync-section">
      <h2 id={headingId}>{t('sync.attentionHeading')}</h2>
      <p role="status" className="sync-announcement">
        {announcement}
      </p>
      {items.length === 0 ? (
        <p>{t('sync.attentionEmpty')}</p>
      ) : (
        <>
          <p>{t('sync.attentionIntro')}</p>
          <ul className="plain-list">
            {items.map((item) => (
              <AttentionEntry key={`${item.resourceType}/${item.id}`} item={item} onRetry={() => retry(item)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
