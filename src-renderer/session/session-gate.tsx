// The layout's content for every route that needs a signed-in user: the page itself inside an
// unlocked session, keyed by the session's generation (a new sign-in remounts every screen), or
// else the first-run set-up, the sign-in screen, or why the store could not be opened.
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { Page } from '../ui/page';
import { focusMainHeading } from './focus-field';
import { LoginScreen } from './login-screen';
import { SetupScreen } from './setup-screen';
import { useSessionControl } from './use-session-control';
import { userMessage } from './user-message';

/** A signed-in user's screens; on mount (each sign-in) focus goes to the page heading. */
function SessionScreens(): ReactNode {
  useEffect(() => {
    focusMainHeading();
  }, []);
  return <Outlet />;
}

export function SessionGate(): ReactNode {
  const { t } = useTranslation();
  const { state } = useSessionControl();
  switch (state.status) {
    case 'opening':
      return (
        <Page title={t('session.openingTitle')}>
          <p role="status">{t('session.opening')}</p>
        </Page>
      );
    case 'unavailable':
      return (
        <Page title={t('session.unavailableTitle')}>
          <div className="notice notice-error" role="alert">
            <p>{t('session.unavailable')}</p>
            <code>{state.detail}</code>
          </div>
        </Page>
      );
    case 'first-run':
      return <SetupScreen />;
    case 'incomplete':
      return (
        <SetupScreen
          key={state.generation}
          resumeUserId={state.setup.userId}
          problem={state.setup.problem === undefined ? undefined : userMessage(state.setup.problem, t('setup.failed'))}
        />
      );
    case 'locked':
      return <LoginScreen users={state.users} reason={state.reason} />;
    case 'unlocked':
      return <SessionScreens key={state.generation} />;
  }
}
