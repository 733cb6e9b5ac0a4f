import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSessionControl } from '../session';
import { NAV_ITEMS, ROUTES } from './routes';

const MAIN_ID = 'contenido';

/** Moves keyboard and screen-reader focus to the page's heading (or main itself). */
function focusMainHeading(main: HTMLElement | null): void {
  if (main === null) return;
  const heading = main.querySelector<HTMLElement>('h1');
  (heading ?? main).focus();
}

/** Who is signed in, and the way out (locking is also how to switch user). */
function SignedInUser(): ReactNode {
  const { t } = useTranslation();
  const { state, lock } = useSessionControl();
  if (state.status !== 'unlocked') return null;
  const { user, post } = state.session;
  return (
    <section className="app-user" aria-label={t('session.userLabel')}>
      <p>
        <span className="app-user-name">{user.displayName}</span>
        <span className="app-user-detail">
          {t(`session.roles.${user.role}`)} · {post.name}
        </span>
      </p>
      <button
        type="button"
        className="button button-on-dark"
        title={t('session.lockHint')}
        onClick={() => {
          lock('user');
        }}
      >
        {t('session.lock')}
      </button>
    </section>
  );
}

export function Layout(): ReactNode {
  const { t } = useTranslation();
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const shownPath = useRef(pathname);

  // After navigating (not on first load), focus goes to the new page's heading so keyboard and
  // screen-reader users land on the content they asked for.
  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    focusMainHeading(mainRef.current);
  }, [pathname]);

  // Hash routing owns the URL fragment, so the skip link moves focus itself instead of following #contenido.
  const skipToContent = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    focusMainHeading(mainRef.current);
  };

  return (
    <div className="app">
      <a className="skip-link" href={`#${MAIN_ID}`} onClick={skipToContent}>
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <NavLink to={ROUTES.home} className="app-brand">
          <span className="app-name">{t('app.name')}</span>
        </NavLink>
        <p className="app-tagline">{t('app.tagline')}</p>
        <SignedInUser />
      </header>
      <div className="app-body">
        <nav className="app-nav" aria-label={t('nav.label')}>
          <ul>
            {NAV_ITEMS.map((item) => (
              <li key={item.path}>
                <NavLink to={item.path} end={item.path === ROUTES.home}>
                  {t(item.labelKey)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id={MAIN_ID} ref={mainRef} tabIndex={-1} className="app-main">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
