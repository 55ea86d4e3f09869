/** Legend of the density layer (class ranges of the quantile scale) and of the point layers. */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/index.ts';
import type { QuantileScale, Rgb } from '../../map/color-scale.ts';
import type { DensityMetric } from '../../map/cell-metrics.ts';
import { VOLTAGE_CLASSES } from '../../map/layers/substations.ts';
import { CUSTOMER_GROUP_COLOR, CUSTOMER_TYPE_COLORS, type CustomerType } from '../../map/layers/customer-points.ts';
import { STATION_COLOR } from '../../map/layers/stations.ts';

interface LegendProps {
  metric: DensityMetric;
  scale: QuantileScale | null;
  res: number | null;
  showDensity: boolean;
  showSubstations: boolean;
  showStations: boolean;
  showCustomers: boolean;
}

const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/** Legend for the visible layers; density class ranges are formatted with `Intl` for the current language. */
export function Legend(p: LegendProps) {
  const { t } = useTranslation();
  const digits = p.metric === 'faultRate' ? 1 : 0;
  const fmt = (v: number) => formatNumber(v, digits);

  return (
    <section className="map-panel legend" data-testid="legend">
      {p.showDensity && p.scale && (
        <div className="legend-block">
          <h3>{t(`map.legend.${p.metric}`)}</h3>
          <ul className="legend-classes">
            {p.scale.colors.map((c, i) => {
              const lo = i === 0 ? p.scale!.min : p.scale!.breaks[i - 1];
              const hi = i === p.scale!.colors.length - 1 ? p.scale!.max : p.scale!.breaks[i];
              return (
                <li key={i}>
                  <span className="swatch" style={{ background: css(c) }} />
                  {fmt(lo)} – {fmt(hi)}
                </li>
              );
            })}
            <li>
              <span className="swatch swatch-empty" />
              {t('map.legend.noData')}
            </li>
          </ul>
          {p.res !== null && <p className="legend-note">{t('map.legend.resolution', { res: p.res })}</p>}
        </div>
      )}
      {p.showSubstations && (
        <div className="legend-block">
          <h3>{t('map.tooltip.substation')}</h3>
          <ul className="legend-classes">
            {VOLTAGE_CLASSES.map((c) => (
              <li key={c.minKv}>
                <span className="dot" style={{ background: css(c.color) }} />
                {c.minKv > 0 ? `≥ ${t('map.tooltip.kv', { value: formatNumber(c.minKv) })}` : `< ${t('map.tooltip.kv', { value: formatNumber(110) })}`}
              </li>
            ))}
          </ul>
        </div>
      )}
      {p.showStations && (
        <div className="legend-block">
          <ul className="legend-classes">
            <li>
              <span className="dot ring" style={{ borderColor: css(STATION_COLOR) }} />
              {t('map.layers.stations')}
            </li>
          </ul>
        </div>
      )}
      {p.showCustomers && (
        <div className="legend-block">
          <h3>{t('map.customerLegend')}</h3>
          <ul className="legend-classes">
            {(Object.keys(CUSTOMER_TYPE_COLORS) as CustomerType[]).map((k) => (
              <li key={k}>
                <span className="dot" style={{ background: css(CUSTOMER_TYPE_COLORS[k]) }} />
                {t(`map.tooltip.customerTypes.${k}`)}
              </li>
            ))}
            <li>
              <span className="dot" style={{ background: css(CUSTOMER_GROUP_COLOR) }} />
              {t('map.legend.customerGroup')}
            </li>
          </ul>
        </div>
      )}
    </section>
  );
}
