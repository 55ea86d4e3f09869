/**
 * The KPI dashboard (issue 9, planners and admins): every grid's KPIs for a period in a sortable table, a city
 * choropleth by any KPI, the best and worst grids, CSV export and the monthly report, and a before/after
 * comparison around the active plan's effective date.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/auth.ts';
import { fetchAllKpis, fetchPlanGrids, kpiCsvUrl, kpiReportUrl } from '../../api/kpis.ts';
import { fetchConfig, fetchDistricts } from '../../api/map-data.ts';
import { errorReason } from '../overview/error-reason.ts';
import { KPI_DEFS, type KpiKey } from '../territory/kpi-defs.ts';
import { PeriodPicker, type PeriodChoice } from '../territory/PeriodPicker.tsx';
import { presetPeriod } from '../territory/period.ts';
import { useLoad } from '../territory/use-load.ts';
import { BeforeAfterPanel } from './BeforeAfterPanel.tsx';
import { KpiChoropleth } from './KpiChoropleth.tsx';
import { KpiRanking } from './KpiRanking.tsx';
import { KpiTable } from './KpiTable.tsx';
import type { Sort } from './sort-rows.ts';
import '../territory/territory.css';
import './dashboard.css';

/** `YYYY-MM` of the month before the one containing `day` (`YYYY-MM-DD`): the last complete month. */
function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="map-error" role="alert">
      <span>{t('dashboard.loadError', { what, reason: errorReason(error, t) })}</span>
      <button type="button" onClick={onRetry}>
        {t('dashboard.retry')}
      </button>
    </div>
  );
}

/** The view. The first load takes the server's default period; presets end on its last day. */
export function DashboardView({ user }: { user: User }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<PeriodChoice | null>(null);
  const [endDay, setEndDay] = useState<string | null>(null);
  const [sort, setSort] = useState<Sort>({ key: 'idx', dir: 'asc' });
  const [kpi, setKpi] = useState<KpiKey>('satisfaction');
  const [month, setMonth] = useState<string | null>(null);

  const all = useLoad(`${choice?.period.from ?? ''}|${choice?.period.to ?? ''}`, async (signal) => {
    const data = await fetchAllKpis(choice?.period ?? {}, signal);
    if (!choice) {
      setEndDay(data.to);
      setMonth(previousMonth(data.to));
      setChoice({ preset: 'd30', period: presetPeriod('d30', data.to) });
    }
    return data;
  });
  const planId = all.data?.planId ?? null;
  const outlines = useLoad(planId === null ? null : String(planId), (signal) => fetchPlanGrids(planId!, signal));
  const config = useLoad('config', (signal) => fetchConfig(signal));
  const districts = useLoad('districts', (signal) => fetchDistricts(signal));

  const data = all.data;
  const period = choice?.period ?? (data ? { from: data.from, to: data.to } : null);

  return (
    <div className="dashboard" data-role={user.role} data-testid="dashboard">
      <header className="dash-toolbar">
        <h1>{t('dashboard.title')}</h1>
        {choice && endDay && <PeriodPicker value={choice} endDay={endDay} onChange={setChoice} />}
        <div className="dash-export">
          {period && (
            <a className="button" href={kpiCsvUrl(period)} download={`gridops-kpis-${period.from}-${period.to}.csv`} data-testid="export-csv">
              {t('dashboard.export.csv')}
            </a>
          )}
          {month && (
            <>
              <label>
                {t('dashboard.export.month')}
                <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
              </label>
              <a className="button" href={kpiReportUrl(month)} target="_blank" rel="noopener" data-testid="report-link">
                {t('dashboard.export.report')}
              </a>
            </>
          )}
        </div>
      </header>
      {all.status === 'error' && <LoadError what={t('dashboard.what.kpis')} error={all.error} onRetry={all.retry} />}
      {outlines.status === 'error' && <LoadError what={t('dashboard.what.outlines')} error={outlines.error} onRetry={outlines.retry} />}
      {all.status === 'loading' && (
        <div className="map-progress" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('dashboard.loading')}
        </div>
      )}
      {data && (
        <>
          <div className="dash-grid">
            <section className="dash-card dash-map">
              <div className="dash-map-head">
                <h3>{t('dashboard.map.title')}</h3>
                <label>
                  {t('dashboard.map.kpi')}
                  <select data-testid="choropleth-kpi" value={kpi} onChange={(e) => setKpi(e.target.value as KpiKey)}>
                    {KPI_DEFS.map((d) => (
                      <option key={d.key} value={d.key}>
                        {t(`territory.kpi.${d.key}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <span className="muted">{t('dashboard.gridCount', { count: data.items.length })}</span>
              </div>
              {outlines.data && config.status !== 'loading' && config.status !== 'idle' ? (
                <KpiChoropleth outlines={outlines.data} districts={districts.data} rows={data.items} kpi={kpi} basemapStyle={config.data?.basemapStyle ?? null} />
              ) : (
                <div className="choropleth" />
              )}
            </section>
            <div className="dash-side">
              <KpiRanking rows={data.items} kpi={kpi} />
              <BeforeAfterPanel kpi={kpi} />
            </div>
          </div>
          <section className="dash-card dash-table" data-from={data.from} data-to={data.to}>
            <h3>
              {t('dashboard.table.title')} <span className="muted">{t('dashboard.table.sortHint')}</span>
            </h3>
            <div className="kpi-table-wrap">
              <KpiTable rows={data.items} city={data.city} sort={sort} onSort={setSort} />
            </div>
          </section>
        </>
      )}
    </div>
  );
}
