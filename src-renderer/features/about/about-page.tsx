import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../src-core/ipc';
import { usePlatform } from '../../platform/platform-context';
import { Page } from '../../ui/page';
import { ConnectionStatus } from './connection-status';
import { useAppInfo } from './use-app-info';
import { useConnectionCheck } from './use-connection-check';

/** Product names of runtime components, as they are written (not translated). */
const COMPONENT_NAMES: Readonly<Record<string, string>> = {
  chromium: 'Chromium',
  chrome: 'Chromium',
  electron: 'Electron',
  node: 'Node.js',
  v8: 'V8',
};

function FailureNotice({ message, detail }: { message: string; detail: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      <details>
        <summary>{t('about.technicalDetail')}</summary>
        <code>{detail}</code>
      </details>
    </div>
  );
}

function AppFacts({ info }: { info: AppInfo }): ReactNode {
  const { t } = useTranslation();
  const versions = Object.entries(info.versions);
  return (
    <>
      <dt>{t('about.name')}</dt>
      <dd>{info.name}</dd>
      <dt>{t('about.version')}</dt>
      <dd>{info.version}</dd>
      <dt>{t('about.shell')}</dt>
      <dd>{info.shell === 'electron' ? t('about.shellElectron') : t('about.shellWeb')}</dd>
      <dt>{t('about.runtime')}</dt>
      <dd>
        {versions.length === 0 ? (
          t('about.runtimeUnknown')
        ) : (
          <ul className="plain-list">
            {versions.map(([key, version]) => (
              <li key={key}>
                {COMPONENT_NAMES[key] ?? key} {version}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </>
  );
}

export function AboutPage(): ReactNode {
  const { t } = useTranslation();
  const platform = usePlatform();
  const info = useAppInfo(platform);
  const check = useConnectionCheck(platform);
  const appHeadingId = useId();
  const connectionsHeadingId = useId();
  const config = check.config.status === 'ready' ? check.config.value : undefined;

  return (
    <Page title={t('nav.about')}>
      <section className="card" aria-labelledby={appHeadingId}>
        <h2 id={appHeadingId}>{t('about.appHeading')}</h2>
        {info.status === 'failed' && <FailureNotice message={t('about.infoError')} detail={info.detail} />}
        <dl className="facts">
          {info.status === 'loading' && (
            <>
              <dt>{t('about.version')}</dt>
              <dd>{t('about.loading')}</dd>
            </>
          )}
          {info.status === 'ready' && <AppFacts info={info.value} />}
          <dt>{t('about.licence')}</dt>
          <dd>
            {t('about.licenceValue')}
            <span className="hint">{t('about.licenceNote')}</span>
          </dd>
        </dl>
      </section>

      <section aria-labelledby={connectionsHeadingId}>
        <h2 id={connectionsHeadingId}>{t('about.connectionsHeading')}</h2>
        {check.config.status === 'failed' && <FailureNotice message={t('about.configError')} detail={check.config.detail} />}
        {check.config.status !== 'failed' && (
          <div className="connections" aria-busy={check.checking}>
            <ConnectionStatus title={t('about.central')} url={config?.centralServerUrl} probe={check.central} />
            <ConnectionStatus title={t('about.signaling')} url={config?.signalingUrl} probe={check.signaling} />
          </div>
        )}
        <p className="actions">
          {/* Never disabled: a disabled button would drop keyboard focus; a new round supersedes the old one. */}
          <button type="button" className="button" onClick={check.recheck}>
            {t('about.recheck')}
          </button>
        </p>
      </section>
    </Page>
  );
}
