/** Layer panel: a checkbox per layer and the density metric switch. */
import { useTranslation } from 'react-i18next';
import { useStore, type Store } from '../../state/store.ts';
import { DENSITY_METRICS } from '../../map/cell-metrics.ts';
import { CUSTOMER_POINTS_MIN_ZOOM } from '../../map/h3-resolution.ts';
import { LAYER_IDS, type OverviewState } from './overview-store.ts';

/** Writes layer visibility and the density metric into the overview store. */
export function LayerPanel({ store }: { store: Store<OverviewState> }) {
  const { t } = useTranslation();
  const visible = useStore(store, (s) => s.visible);
  const metric = useStore(store, (s) => s.metric);

  return (
    <section className="map-panel layer-panel" aria-labelledby="layer-panel-title">
      <h2 id="layer-panel-title">{t('map.layers.title')}</h2>
      <ul>
        {LAYER_IDS.map((id) => (
          <li key={id}>
            <label>
              <input
                type="checkbox"
                data-layer={id}
                checked={visible[id]}
                onChange={(e) => store.set((s) => ({ visible: { ...s.visible, [id]: e.target.checked } }))}
              />
              {t(`map.layers.${id}`, { zoom: CUSTOMER_POINTS_MIN_ZOOM })}
            </label>
          </li>
        ))}
      </ul>
      <fieldset disabled={!visible.density}>
        <legend>{t('map.metric.title')}</legend>
        {DENSITY_METRICS.map((m) => (
          <label key={m} className="metric-option">
            <input type="radio" name="density-metric" value={m} data-metric={m} checked={metric === m} onChange={() => store.set({ metric: m })} />
            {t(`map.metric.${m}`)}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
