// Renderer entry: choose the platform, create the i18n instance, render the shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { HashRouter } from 'react-router';
import { App } from './app/app';
import { createI18n } from './i18n/i18n';
import { PlatformProvider } from './platform/platform-context';
import { selectPlatform } from './platform/select-platform';
import './styles.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');

// Hash routing: the document URL never changes, so relative asset URLs (base './') and reloads work
// the same under the web shell's static server and under Electron's custom protocol, with no
// server-side fallback to index.html.
createRoot(container).render(
  <StrictMode>
    <I18nextProvider i18n={createI18n()}>
      <PlatformProvider platform={selectPlatform(window)}>
        <HashRouter>
          <App />
        </HashRouter>
      </PlatformProvider>
    </I18nextProvider>
  </StrictMode>,
);
