/** The Dispatch view: placeholder until its issue's view lands. */
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/auth.ts';

export function DispatchView({ user }: { user: User }) {
  const { t } = useTranslation();
  return <div className="view-placeholder" data-role={user.role}><h1>{t('dispatch.title')}</h1></div>;
}
