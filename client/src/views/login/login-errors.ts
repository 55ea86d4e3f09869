/** Turns a failed login into a message key a dispatcher understands. */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/http.ts';

/** The message for a login failure, in the current language. */
export function loginErrorMessage(err: unknown, t: TFunction): string {
  if (!(err instanceof ApiError)) return t('login.serverDown');
  switch (err.kind) {
    case 'unauthorized':
    case 'badRequest':
      return t('login.wrongPassword');
    case 'rateLimited':
      return err.retryAfterSeconds
        ? t('login.tooManyAttemptsWait', { minutes: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) })
        : t('login.tooManyAttempts');
    case 'network':
      return t('login.serverDown');
    default:
      return t('login.serverError', { status: err.status });
  }
}
