/** Fault hotspots of the grid: cells with the highest fault rate and cells whose rate rises fastest. */
import { useTranslation } from 'react-i18next';
import type { Hotspots } from '../../api/territory.ts';
import { formatNumber } from '../../i18n/index.ts';

interface HotspotPanelProps {
  hotspots: Hotspots;
  /** Flies the map to a hotspot. */
  onLocate: (lng: number, lat: number) => void;
}

/** Two numbered lists; the numbers match the markers on the map. */
export function HotspotPanel({ hotspots, onLocate }: HotspotPanelProps) {
  const { t } = useTranslation();
  return (
    <section className="hotspot-panel" data-testid="hotspot-panel">
      <h4>{t('territory.hotspots.highest')}</h4>
      {hotspots.highest.length === 0 ? (
        <p>{t('territory.hotspots.none')}</p>
      ) : (
        <ol className="hotspot-list" data-kind="highest">
          {hotspots.highest.map((h) => (
            <li key={h.h3} data-h3={h.h3}>
              <button type="button" className="link" onClick={() => onLocate(h.lng, h.lat)}>
                {t('territory.hotspots.faultRate', { value: formatNumber(h.faultRate, 1) })}
              </button>{' '}
              <span className="muted">{t('territory.hotspots.faults', { value: formatNumber(h.faults) })}</span>
            </li>
          ))}
        </ol>
      )}
      <h4>{t('territory.hotspots.rising')}</h4>
      {hotspots.rising.length === 0 ? (
        <p>{t('territory.hotspots.none')}</p>
      ) : (
        <ol className="hotspot-list" data-kind="rising">
          {hotspots.rising.map((h) => (
            <li key={h.h3} data-h3={h.h3}>
              <button type="button" className="link" onClick={() => onLocate(h.lng, h.lat)}>
                {t('territory.hotspots.trend', { recent: formatNumber(h.recent), previous: formatNumber(h.previous), ratio: formatNumber(h.trend, 1) })}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
