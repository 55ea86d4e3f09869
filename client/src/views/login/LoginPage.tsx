/** Login page: username and password, with a clear message for every way signing in can fail. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { signIn } from '../../app/session.ts';
import type { ApiError } from '../../api/http.ts';
import { fetchConfig } from '../../api/map-data.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { loginErrorMessage } from './login-errors.ts';

interface LoginPageProps {
  /** The previous session ended on its own (401 on some call). */
  expired: boolean;
  /** The initial `GET /api/auth/me` failed (server down). */
  startupError: ApiError | null;
}

/** The sign-in form; on success the session store switches the app to the signed-in shell. */
export function LoginPage({ expired, startupError }: LoginPageProps) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(startupError);
  const [showExpired, setShowExpired] = useState(expired);
  const [demo, setDemo] = useState(false);

  // the demo accounts are only mentioned when the server runs the demo (public config endpoint)
  useEffect(() => {
    const ctl = new AbortController();
    fetchConfig(ctl.signal).then(
      (c) => setDemo(c.demo),
      () => setDemo(false),
    );
    return () => ctl.abort();
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setShowExpired(false);
    if (username.trim() === '' || password === '') {
      setError('missing');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  let message: string | null = null;
  if (error === 'missing') message = t('login.missingFields');
  else if (error) message = loginErrorMessage(error, t);
  else if (showExpired) message = t('login.sessionExpired');

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={onSubmit} noValidate aria-labelledby="login-title">
        <h1 id="login-title">{t('app.name')}</h1>
        <p className="login-subtitle">{t('login.subtitle')}</p>
        <label>
          <span>{t('login.username')}</span>
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
        </label>
        <label>
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {message && (
          <div className="login-error" role="alert" data-testid="login-error">
            {message}
          </div>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        {demo && <p className="login-hint">{t('login.demoHint')}</p>}
      </form>
    </div>
  );
}
