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
const PlanView = lazy(() => import('../views/plan/PlanView.tsx').then((m) => ({ default: m.PlanView })));
const DispatchView = lazy(() => import('../views/dispatch/DispatchView.tsx').then((m) => ({ default: m.DispatchView })));
const TerritoryView = lazy(() => import('../views/territory/TerritoryView.tsx').then((m) => ({ default: m.TerritoryView })));
const DashboardView = lazy(() => import('../views/dashboard/DashboardView.tsx').then((m) => ({ default: m.DashboardView })));
// the public fault-report page (like the 95598 app) needs no login
const ReportPage = lazy(() => import('../views/report/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));

/** Root component: loads the session, then shows the login page or the top bar with the current view. */
export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const hashView = useHashView();

  const isPublicReport = hashView === 'report';
  useEffect(() => {
    if (!isPublicReport) void loadSession();
  }, [isPublicReport]);

  if (isPublicReport) {
    return (
      <Suspense fallback={<div className="app-loading" role="status">{t('app.loading')}</div>}>
        <ReportPage />
      </Suspense>
    );
  }

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
          {current?.id === 'plan' && <PlanView user={session.user} />}
          {current?.id === 'dispatch' && <DispatchView user={session.user} />}
          {current?.id === 'territory' && <TerritoryView user={session.user} />}
          {current?.id === 'dashboard' && <DashboardView user={session.user} />}
        </Suspense>
      </main>
    </div>
  );
}
