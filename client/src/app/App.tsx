/** App shell: login gate, top bar and the current view. */
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { loadSession, useSession } from './session.ts';
import { useHashView } from './router.ts';
import { viewsFor } from './views.ts';
import { LoginPage } from '../views/login/LoginPage.tsx';
import { TopBar } from '../components/TopBar.tsx';

// the map view pulls in MapLibre and deck.gl (~2 MB): load it after sign-in, not with the login page
const OverviewView = lazy(() => import('../views/overview/OverviewView.tsx').then((m) => ({ default: m.OverviewView })));

/** Root component: loads the session, then shows the login page or the top bar with the current view. */
export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const hashView = useHashView();

  useEffect(() => {
    void loadSession();
  }, []);

  if (session.status === 'loading') {
    return <div className="app-loading" role="status">{t('app.loading')}</div>;
  }
  if (session.status === 'anonymous') {
    return <LoginPage expired={session.expired} startupError={session.error} />;
  }

  const views = viewsFor(session.user.role);
  const current = views.find((v) => v.id === hashView) ?? views[0];
  return (
    <div className="app">
      <TopBar user={session.user} views={views} current={current?.id} />
      <main className="app-main">
        <Suspense fallback={<div className="app-loading" role="status">{t('app.loading')}</div>}>
          {current?.id === 'overview' && <OverviewView user={session.user} />}
        </Suspense>
      </main>
    </div>
  );
}
