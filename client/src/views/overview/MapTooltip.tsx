/** Tooltip for the hovered cell, substation, station or customer. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/index.ts';
import type { CellColumns } from '../../api/map-data.ts';
import type { Hover } from './overview-store.ts';

interface MapTooltipProps {
  hover: Hover | null;
  cells: CellColumns | null;
}

/** Floating box next to the pointer; renders nothing when nothing is hovered. */
export function MapTooltip({ hover, cells }: MapTooltipProps) {
  const { t } = useTranslation();
  if (!hover) return null;
  let body: ReactNode;
  if (hover.kind === 'cell') {
    if (!cells || hover.index >= cells.h3.length) return null;
    const i = hover.index;
    const customers = cells.customers[i];
    const rate = customers > 0 ? (cells.faults[i] * 1000) / customers : null;
    body = (
      <>
        <strong>{t('map.tooltip.cell', { h3: cells.h3[i] })}</strong>
        <dl>
          <dt>{t('map.tooltip.customers')}</dt>
          <dd data-field="customers">{formatNumber(customers)}</dd>
          <dt>{t('map.tooltip.load')}</dt>
          <dd data-field="load">{t('map.tooltip.kw', { value: formatNumber(cells.load[i]) })}</dd>
          <dt>{t('map.tooltip.faults')}</dt>
          <dd data-field="faults">{formatNumber(cells.faults[i])}</dd>
          <dt>{t('map.tooltip.faultRate')}</dt>
          <dd data-field="faultRate">{rate === null ? '—' : t('map.tooltip.perThousand', { value: formatNumber(rate, 1) })}</dd>
        </dl>
      </>
    );
  } else if (hover.kind === 'substation') {
    body = (
      <>
        <strong>{hover.name ?? t('map.tooltip.unnamedSubstation')}</strong>
        <dl>
          <dt>{t('map.tooltip.voltage')}</dt>
          <dd>{hover.voltageKv === null ? '—' : t('map.tooltip.kv', { value: formatNumber(hover.voltageKv) })}</dd>
        </dl>
      </>
    );
  } else if (hover.kind === 'station') {
    body = (
      <>
        <strong>{hover.name ?? t('map.tooltip.station')}</strong>
        <div>{t('map.tooltip.station')}</div>
      </>
    );
  } else if (hover.count > 1) {
    body = (
      <>
        <strong>{t('map.tooltip.customerGroup', { count: hover.count, formatted: formatNumber(hover.count) })}</strong>
        <dl>
          <dt>{t('map.tooltip.load')}</dt>
          <dd>{hover.loadKw === null ? '—' : t('map.tooltip.kw', { value: formatNumber(hover.loadKw) })}</dd>
        </dl>
      </>
    );
  } else {
    const known = hover.type === 'residential' || hover.type === 'commercial' || hover.type === 'industrial';
    body = (
      <>
        <strong>{t('map.tooltip.customer')}</strong>
        <dl>
          <dt>{t('map.tooltip.customerType')}</dt>
          <dd>{known ? t(`map.tooltip.customerTypes.${hover.type as 'residential'}`) : (hover.type ?? '—')}</dd>
          <dt>{t('map.tooltip.load')}</dt>
          <dd>{hover.loadKw === null ? '—' : t('map.tooltip.kw', { value: formatNumber(hover.loadKw, 1) })}</dd>
        </dl>
      </>
    );
  }
  return (
    <div className="map-tooltip" role="tooltip" data-testid="map-tooltip" data-kind={hover.kind} style={{ left: hover.x + 14, top: hover.y + 14 }}>
      {body}
    </div>
  );
}
