/** The KPI cards of one grid: value, change vs the previous period and vs the city, and a sparkline. */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { GridKpis } from '../../api/kpis.ts';
import { Sparkline } from '../../components/charts/Sparkline.tsx';
import { formatNumber } from '../../i18n/index.ts';
import { displayValue, formatDelta, formatKpi, KPI_DEFS, kpiChange, kpiValue, type KpiChange, type KpiDef } from './kpi-defs.ts';

function ChangeBadge({ def, change, label, t }: { def: KpiDef; change: KpiChange | null; label: string; t: TFunction }) {
  if (!change) {
    return (
      <span className="kpi-change" data-sense="none">
        {label} {t('territory.noData')}
      </span>
    );
  }
  const word = change.sense > 0 ? t('territory.better') : change.sense < 0 ? t('territory.worse') : '';
  return (
    <span className="kpi-change" data-sense={change.sense > 0 ? 'better' : change.sense < 0 ? 'worse' : 'same'} title={word}>
      {label} {formatDelta(def, change.delta)}
    </span>
  );
}

/** Renders one card per KPI of `data`. */
export function KpiCards({ data }: { data: GridKpis }) {
  const { t } = useTranslation();
  return (
    <div className="kpi-cards" data-testid="kpi-cards" data-from={data.from} data-to={data.to}>
      {KPI_DEFS.map((def) => {
        const cur = kpiValue(data.kpis, def.key);
        const prev = kpiValue(data.previous, def.key);
        const city = kpiValue(data.city, def.key);
        const series = def.series;
        return (
          <article key={def.key} className="kpi-card" data-kpi={def.key} data-value={cur ?? ''}>
            <h4>{t(`territory.kpi.${def.key}`)}</h4>
            <p className="kpi-value">{formatKpi(t, def.unit, cur)}</p>
            {def.key === 'repeatFaults' && data.kpis.repeatRate !== null && (
              <p className="kpi-sub">{t('territory.repeatRate', { value: formatNumber(data.kpis.repeatRate * 100, 1) })}</p>
            )}
            <div className="kpi-changes">
              <ChangeBadge def={def} change={kpiChange(def, cur, prev)} label={t('territory.vsPrevious')} t={t} />
              {def.key !== 'workOrders' && def.key !== 'repeatFaults' && (
                <ChangeBadge def={def} change={kpiChange(def, cur, city)} label={t('territory.vsCity')} t={t} />
              )}
            </div>
            {series && (
              <Sparkline
                label={`${t(`territory.kpi.${def.key}`)} · ${t(`territory.period.bucket.${data.bucket}`)}`}
                points={data.series.map((p) => [p.date, p[series]] as const)}
                reference={def.key === 'workOrders' ? null : city}
                format={(v) => formatNumber(displayValue(def.unit, v), def.unit === 'score' ? 2 : 1)}
              />
            )}
          </article>
        );
      })}
    </div>
  );
}
