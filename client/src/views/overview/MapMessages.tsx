/** Loading and error messages over the map, one line per data set, with a retry button on failures. */
import { useTranslation } from 'react-i18next';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import type { DatasetId, OverviewState } from './overview-store.ts';
import { errorReason } from './error-reason.ts';

interface MapMessagesProps {
  store: Store<OverviewState>;
  onRetry: (id: DatasetId) => void;
}

const DATASETS = ['config', 'districts', 'cells', 'substations', 'stations'] as const;

/** Progress and failure notices for the overview's data sets; `onRetry` refetches one. */
export function MapMessages({ store, onRetry }: MapMessagesProps) {
  const { t } = useTranslation();
  const s = useStore(store, (x) => x);
  const errors: { id: DatasetId; error: unknown }[] = DATASETS.filter((id) => s[id].status === 'error').map((id) => ({ id, error: s[id].error }));
  if (s.customersError) errors.push({ id: 'customers', error: s.customersError });
  const busy = s.districts.status === 'loading' ? t('map.loadingDistricts') : s.cells.status === 'loading' && s.visible.density ? t('map.loadingCells') : null;

  return (
    <div className="map-messages">
      {busy && (
        <div className="map-progress" role="status" data-testid="map-progress">
          <span className="spinner" aria-hidden="true" />
          {busy}
        </div>
      )}
      {s.basemapFallback && (
        <div className="map-error" role="alert" data-testid="map-basemap-fallback">
          <span>{t('map.basemapFallback')}</span>
        </div>
      )}
      {errors.map(({ id, error }) => (
        <div key={id} className="map-error" role="alert" data-testid={`map-error-${id}`}>
          <span>{t('map.loadError', { what: t(`map.what.${id}`), reason: errorReason(error, t) })}</span>
          <button type="button" onClick={() => onRetry(id)}>
            {t('map.retry')}
          </button>
        </div>
      ))}
    </div>
  );
}
