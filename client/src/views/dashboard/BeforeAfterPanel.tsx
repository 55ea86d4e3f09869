/** KPIs of the city before and after a date (default: the active plan's effective date), and how many grids improved. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchBeforeAfter } from '../../api/kpis.ts';
import { errorReason } from '../overview/error-reason.ts';
import { formatDelta, formatKpi, KPI_DEFS, kpiChange, kpiDef, kpiValue, type KpiKey } from '../territory/kpi-defs.ts';
import { useLoad } from '../territory/use-load.ts';

const DAY_OPTIONS = [30, 90, 180] as const;

/** Date and window pickers and the comparison table; `kpi` is the KPI whose improved-grid count is shown. */
export function BeforeAfterPanel({ kpi }: { kpi: KpiKey }) {
  const { t } = useTranslation();
  // null = let the server use the active plan's effective date
  const [date, setDate] = useState<string | null>(null);
  const [days, setDays] = useState<number>(90);
  const ba = useLoad(`${date ?? ''}|${days}`, (signal) => fetchBeforeAfter(date, days, signal));
  const shownDate = date ?? ba.data?.date ?? '';
  const def = kpiDef(kpi);
  const improved = ba.data ? ba.data.items.filter((g) => kpiChange(def, kpiValue(g.after, kpi), kpiValue(g.before, kpi))?.sense === 1).length : 0;

  return (
    <section className="dash-card before-after" data-testid="before-after">
      <h3>{t('dashboard.beforeAfter.title')}</h3>
      <div className="ba-controls">
        <label>
          {t('dashboard.beforeAfter.date')}
          <input type="date" name="ba-date" value={shownDate} onChange={(e) => setDate(e.target.value || null)} />
        </label>
        <select value={days} onChange={(e) => setDays(Number(e.target.value))} aria-label={t('dashboard.beforeAfter.days', { days })}>
          {DAY_OPTIONS.map((d) => (
            <option key={d} value={d}>
              {t('dashboard.beforeAfter.days', { days: d })}
            </option>
          ))}
        </select>
      </div>
      {date === null && <p className="legend-note">{t('dashboard.beforeAfter.defaultDate')}</p>}
      {ba.status === 'error' && (
        <div className="map-error" role="alert">
          <span>{t('dashboard.loadError', { what: t('dashboard.what.beforeAfter'), reason: errorReason(ba.error, t) })}</span>
          <button type="button" onClick={ba.retry}>{t('dashboard.retry')}</button>
        </div>
      )}
      {ba.status === 'loading' && <span className="spinner" role="status" aria-label={t('app.loading')} />}
      {ba.data && (
        <>
          <table className="ba-table" data-date={ba.data.date}>
            <thead>
              <tr>
                <th />
                <th className="num">{t('dashboard.beforeAfter.before')}</th>
                <th className="num">{t('dashboard.beforeAfter.after')}</th>
                <th className="num">{t('dashboard.beforeAfter.change')}</th>
              </tr>
            </thead>
            <tbody>
              {KPI_DEFS.map((d) => {
                const b = kpiValue(ba.data!.city.before, d.key);
                const a = kpiValue(ba.data!.city.after, d.key);
                const ch = kpiChange(d, a, b);
                return (
                  <tr key={d.key} data-kpi={d.key}>
                    <th scope="row">{t(`territory.kpi.${d.key}`)}</th>
                    <td className="num">{formatKpi(t, d.unit, b)}</td>
                    <td className="num">{formatKpi(t, d.unit, a)}</td>
                    <td className="num kpi-change" data-sense={ch ? (ch.sense > 0 ? 'better' : ch.sense < 0 ? 'worse' : 'same') : 'none'}>
                      {ch ? formatDelta(d, ch.delta) : t('territory.noData')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {def.better && (
            <p className="legend-note" data-testid="ba-improved">
              {t(`territory.kpi.${kpi}`)}: {t('dashboard.beforeAfter.improved', { count: improved })} / {t('dashboard.gridCount', { count: ba.data.items.length })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
