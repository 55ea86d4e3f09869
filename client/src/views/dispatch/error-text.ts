/** Turns a failed dispatch call into a sentence a dispatcher understands (the server's detail in brackets). */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/http.ts';
import { DetailedApiError } from '../../api/dispatch.ts';

/** The message for `err`; `action` names what failed (already translated). */
export function errorText(t: TFunction, err: unknown, action: string): string {
  if (err instanceof DetailedApiError) {
    const detail = err.serverMessage;
    if (err.code === 'illegal_transition') {
      const allowed = Array.isArray(err.details.allowed) ? (err.details.allowed as string[]) : [];
      const names = allowed.map((s) => t(`dispatch.states.${s}`, { defaultValue: s })).join('、');
      return t('dispatch.errors.illegal', { action, status: err.status, allowed: names || t('dispatch.errors.none') });
    }
    if (err.code === 'missing_skill') return t('dispatch.errors.skill', { action, detail });
    if (err.status === 409) return t('dispatch.errors.conflict', { action, detail });
    if (err.status === 503) return t('dispatch.errors.unavailable', { action, detail });
    if (err.status === 422 || err.status === 400) {
      const fields = Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`).join('; ');
      return t('dispatch.errors.invalid', { action, detail: fields || detail });
    }
  }
  if (err instanceof ApiError) {
    if (err.kind === 'network') return t('dispatch.errors.network', { action });
    if (err.kind === 'unauthorized') return t('dispatch.errors.session', { action });
    if (err.kind === 'forbidden') return t('dispatch.errors.forbidden', { action });
    if (err.kind === 'notFound') return t('dispatch.errors.notFound', { action });
    if (err.kind === 'rateLimited') return t('dispatch.errors.rateLimited', { action });
    return t('dispatch.errors.server', { action, status: err.status });
  }
  return t('dispatch.errors.unknown', { action });
}
