/** Layer toggles, the cell metric switch and the cell legend of the Territory map. */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/index.ts';
import type { QuantileScale, Rgb } from '../../map/color-scale.ts';
import { CUSTOMER_POINTS_MIN_ZOOM } from '../../map/h3-resolution.ts';
import { useStore, type Store } from '../../state/store.ts';
import { CELL_METRICS, CREW_COLOR, HOTSPOT_HIGHEST_COLOR, HOTSPOT_RISING_COLOR, WORK_ORDER_COLOR } from './territory-layers.ts';
import { TERRITORY_LAYERS, type TerritoryMapState } from './territory-store.ts';

const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/** Writes layer visibility and the metric into the store; shows the scale's class ranges. */
export function TerritoryLayerPanel({ store, scale }: { store: Store<TerritoryMapState>; scale: QuantileScale | null }) {
  const { t } = useTranslation();
  const visible = useStore(store, (s) => s.visible);
  const metric = useStore(store, (s) => s.metric);
  const digits = metric === 'faultRate' ? 1 : 0;
  const dots: Partial<Record<(typeof TERRITORY_LAYERS)[number], { color: Rgb; ring?: boolean }>> = {
    workOrders: { color: WORK_ORDER_COLOR },
    crews: { color: CREW_COLOR },
    hotspots: { color: HOTSPOT_HIGHEST_COLOR, ring: true },
  };
  return (
    <section className="map-panel layer-panel" aria-labelledby="territory-layers-title">
      <h2 id="territory-layers-title">{t('territory.layers.title')}</h2>
      <ul>
        {TERRITORY_LAYERS.map((id) => (
          <li key={id}>
            <label>
              <input type="checkbox" data-layer={id} checked={visible[id]} onChange={(e) => store.set((s) => ({ visible: { ...s.visible, [id]: e.target.checked } }))} />
              {dots[id] && <span className={dots[id]!.ring ? 'dot ring' : 'dot'} style={dots[id]!.ring ? { borderColor: css(dots[id]!.color) } : { background: css(dots[id]!.color) }} />}
              {t(`territory.layers.${id}`, { zoom: CUSTOMER_POINTS_MIN_ZOOM })}
            </label>
          </li>
        ))}
      </ul>
      <fieldset disabled={!visible.cells}>
        <legend>{t('territory.metric.title')}</legend>
        {CELL_METRICS.map((m) => (
          <label key={m} className="metric-option">
            <input type="radio" name="territory-metric" value={m} data-metric={m} checked={metric === m} onChange={() => store.set({ metric: m })} />
            {t(`territory.metric.${m}`)}
          </label>
        ))}
      </fieldset>
      {visible.cells && scale && (
        <div className="legend-block">
          <h3>{t(`map.legend.${metric}`)}</h3>
          <ul className="legend-classes">
            {scale.colors.map((c, i) => (
              <li key={i}>
                <span className="swatch" style={{ background: css(c) }} />
                {formatNumber(i === 0 ? scale.min : scale.breaks[i - 1], digits)} – {formatNumber(i === scale.colors.length - 1 ? scale.max : scale.breaks[i], digits)}
              </li>
            ))}
          </ul>
          <p className="legend-note">
            <span className="dot ring" style={{ borderColor: css(HOTSPOT_RISING_COLOR) }} /> {t('territory.hotspots.rising')}
          </p>
        </div>
      )}
    </section>
  );
}
