/** Top bar: app name, the views the role may open, language switch, the user with role, and logout. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/auth.ts';
import type { ViewDef, ViewId } from '../app/views.ts';
import { signOut } from '../app/session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface TopBarProps {
  user: User;
  views: ViewDef[];
  current: ViewId | undefined;
}

/** The bar above every view; logout keeps the button disabled until the server answers. */
export function TopBar({ user, views, current }: TopBarProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);

  return (
    <header className="topbar">
      <div className="topbar-brand">{t('app.name')}</div>
      <nav className="topbar-views" aria-label={t('topbar.views')}>
        {views.map((v) => (
          <a key={v.id} href={`#/${v.id}`} data-view={v.id} aria-current={v.id === current ? 'page' : undefined} className={v.id === current ? 'active' : ''}>
            {t(v.labelKey)}
          </a>
        ))}
      </nav>
      <div className="topbar-right">
        <LanguageSwitch />
        <span className="topbar-user" title={t('topbar.user')} data-testid="topbar-user">
          <strong>{user.username}</strong>
          <span className="topbar-role" data-role={user.role}>
            {t(`roles.${user.role}`)}
          </span>
        </span>
        <button
          type="button"
          className="topbar-logout"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void signOut().catch(() => setBusy(false));
          }}
        >
          {busy ? t('topbar.loggingOut') : t('topbar.logout')}
        </button>
      </div>
    </header>
  );
}
