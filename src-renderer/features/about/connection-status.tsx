import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PROBE_TIMEOUT_MS, type NoAnswerReason } from './probe';
import type { Probe } from './use-connection-check';

function useReasonText(): (reason: NoAnswerReason, status?: number) => string {
  const { t } = useTranslation();
  return (reason, status) => {
    switch (reason) {
      case 'timeout':
        return t('about.reason.timeout', { seconds: PROBE_TIMEOUT_MS / 1000 });
      case 'network':
        return t('about.reason.network');
      case 'http-status':
        return t('about.reason.httpStatus', { status: status ?? 0 });
      case 'not-fhir':
        return t('about.reason.notFhir');
      case 'invalid-url':
        return t('about.reason.invalidUrl');
    }
  };
}

/** The state as a word and a colour; the word carries the meaning, the colour only repeats it. */
function StateBadge({ probe }: { probe: Probe }): ReactNode {
  const { t } = useTranslation();
  switch (probe.state) {
    case 'checking':
      return <span className="badge badge-checking">{t('about.state.checking')}</span>;
    case 'answers':
      return <span className="badge badge-ok">{t('about.state.answers')}</span>;
    case 'no-answer':
      return <span className="badge badge-error">{t('about.state.noAnswer')}</span>;
    case 'not-configured':
      return <span className="badge badge-neutral">{t('about.state.notConfigured')}</span>;
  }
}

/** One configured endpoint: its address and whether it answers, as a labelled region. */
/** `url` is null when not configured and undefined while the configuration is still being read. */
export function ConnectionStatus({ title, url, probe }: { title: string; url: string | null | undefined; probe: Probe }): ReactNode {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const headingId = useId();
  return (
    <section className="card connection" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <dl className="facts">
        <dt>{t('about.address')}</dt>
        {url === undefined && <dd>{t('about.loading')}</dd>}
        {url === null && <dd>{t('about.notConfiguredAddress')}</dd>}
        {typeof url === 'string' && <dd className="url">{url}</dd>}
        <dt>{t('about.status')}</dt>
        <dd aria-live="polite">
          <StateBadge probe={probe} />
          {probe.state === 'no-answer' && <span className="reason">{reasonText(probe.reason, probe.status)}</span>}
        </dd>
        {probe.state === 'answers' && probe.fhirVersion !== undefined && (
          <>
            <dt>{t('about.fhirVersion')}</dt>
            <dd>{probe.fhirVersion}</dd>
          </>
        )}
        {probe.state === 'answers' && probe.software !== undefined && (
          <>
            <dt>{t('about.software')}</dt>
            <dd>{probe.software}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
