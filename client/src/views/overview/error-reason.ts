/** Short reason for a failed data load, in words a dispatcher understands. */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/http.ts';

/** Maps an `ApiError` kind to a translated reason (network, session, forbidden, missing endpoint, server). */
export function errorReason(err: unknown, t: TFunction): string {
  if (!(err instanceof ApiError)) return t('map.reasons.unknown');
  switch (err.kind) {
    case 'network':
      return t('map.reasons.network');
    case 'unauthorized':
      return t('map.reasons.session');
    case 'forbidden':
      return t('map.reasons.forbidden');
    case 'notFound':
      return t('map.reasons.notFound', { status: err.status });
    default:
      return t('map.reasons.server', { status: err.status });
  }
}
