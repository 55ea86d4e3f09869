/**
 * The Territory view (issue 9): a manager's grid on the map with its cells, customers, substations, open work
 * orders, crews and hotspots; its customers with their history; and its KPIs for a period. Planners and admins
 * pick any grid; a manager opening another grid's URL gets the server's 403 and a "not your territory" notice.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/auth.ts';
import { ApiError } from '../../api/http.ts';
import { fetchConfig, fetchDistricts, fetchSubstations } from '../../api/map-data.ts';
import { fetchGrid, fetchGridCells, fetchGridCrews, fetchGrids, fetchHotspots, fetchOpenWorkOrders, type CustomerRow, type Grid } from '../../api/territory.ts';
import { fetchGridKpis } from '../../api/kpis.ts';
import { formatNumber } from '../../i18n/index.ts';
import { errorReason } from '../overview/error-reason.ts';
import { CustomerPanel } from './CustomerPanel.tsx';
import { HotspotPanel } from './HotspotPanel.tsx';
import { KpiCards } from './KpiCards.tsx';
import { OpsPanel } from './OpsPanel.tsx';
import { PeriodPicker, type PeriodChoice } from './PeriodPicker.tsx';
import { presetPeriod } from './period.ts';
import { TerritoryMap, type MapFocus } from './TerritoryMap.tsx';
import { createTerritoryStore } from './territory-store.ts';
import { openGrid, useGridIdFromUrl } from './territory-route.ts';
import { useLoad } from './use-load.ts';
import './territory.css';

const TABS = ['kpis', 'customers', 'hotspots', 'operations'] as const;
type Tab = (typeof TABS)[number];

function LoadError({ what, error, onRetry }: { what: string; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="map-error" role="alert" data-testid="territory-error">
      <span>{t('territory.loadError', { what, reason: errorReason(error, t) })}</span>
      <button type="button" onClick={onRetry}>
        {t('territory.retry')}
      </button>
    </div>
  );
}

function GridPicker({ grids, current }: { grids: Grid[]; current: number | null }) {
  const { t } = useTranslation();
  return (
    <label className="grid-picker">
      {t('territory.pickGrid')}
      <select data-testid="grid-picker" value={current ?? ''} onChange={(e) => openGrid(e.target.value ? Number(e.target.value) : null)}>
        {current === null && <option value="">—</option>}
        {grids.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
            {g.managerName ? ` · ${g.managerName}` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The view; the grid comes from the URL, else a manager's first grid. */
export function TerritoryView({ user }: { user: User }) {
  const { t } = useTranslation();
  const urlGridId = useGridIdFromUrl();
  const [store] = useState(createTerritoryStore);
  const [tab, setTab] = useState<Tab>('kpis');
  const [focus, setFocus] = useState<MapFocus | null>(null);
  const [selected, setSelected] = useState<CustomerRow | null>(null);
  const [choice, setChoice] = useState<PeriodChoice | null>(null);
  /** last day of the preset periods: the end of the server's default period (the dataset's reference day) */
  const [endDay, setEndDay] = useState<string | null>(null);

  const grids = useLoad('grids', (signal) => fetchGrids(undefined, signal));
  const isManager = user.role === 'manager';
  const gridId = urlGridId ?? (isManager ? (grids.data?.items[0]?.id ?? null) : null);

  const grid = useLoad(gridId === null ? null : String(gridId), (signal) => fetchGrid(gridId!, signal));
  // everything else only once the server has said the grid is ours (a 403 needs no second and third 403)
  const ok = grid.status === 'ready' && grid.data.id === gridId ? gridId : null;
  const okKey = ok === null ? null : String(ok);
  const config = useLoad('config', (signal) => fetchConfig(signal));
  const substations = useLoad('substations', (signal) => fetchSubstations(signal));
  const districts = useLoad('districts', (signal) => fetchDistricts(signal));
  const cells = useLoad(okKey, (signal) => fetchGridCells(ok!, signal));
  const hotspots = useLoad(okKey, (signal) => fetchHotspots(ok!, 10, signal));
  const workOrders = useLoad(okKey, (signal) => fetchOpenWorkOrders(ok!, signal));
  const crews = useLoad(okKey, (signal) => fetchGridCrews(ok!, signal));
  // the first KPI load takes the server's default period, whose end is the dataset's reference day
  const kpis = useLoad(ok === null ? null : `${ok}|${choice?.period.from ?? ''}|${choice?.period.to ?? ''}`, async (signal) => {
    const data = await fetchGridKpis(ok!, choice?.period ?? {}, signal);
    if (!choice) {
      setEndDay(data.to);
      setChoice({ preset: 'd30', period: presetPeriod('d30', data.to) });
    }
    return data;
  });
  const anchor = endDay;

  const locate = (lng: number, lat: number) => setFocus((f) => ({ lng, lat, seq: (f?.seq ?? 0) + 1 }));
  const selectedPos = useMemo<[number, number] | null>(() => (selected ? [selected.lng, selected.lat] : null), [selected]);

  const forbidden = grid.status === 'error' && grid.error instanceof ApiError && grid.error.kind === 'forbidden';
  const notFound = grid.status === 'error' && grid.error instanceof ApiError && grid.error.kind === 'notFound';
  const ownGrid = isManager ? (grids.data?.items[0] ?? null) : null;
  const showPicker = !isManager || (grids.data?.items.length ?? 0) > 1;

  let body;
  if (forbidden) {
    body = (
      <div className="territory-notice" role="alert" data-testid="not-your-territory">
        <h2>{t('territory.notYourTerritory')}</h2>
        <p>{t('territory.notYourTerritoryDetail')}</p>
        {ownGrid && (
          <button type="button" onClick={() => openGrid(ownGrid.id)}>
            {t('territory.backToOwn')}
          </button>
        )}
      </div>
    );
  } else if (notFound) {
    body = (
      <div className="territory-notice" role="alert" data-testid="grid-not-found">
        <p>{t('territory.notFound', { id: gridId })}</p>
      </div>
    );
  } else if (grid.status === 'error') {
    body = <LoadError what={t('territory.what.grid')} error={grid.error} onRetry={grid.retry} />;
  } else if (grids.status === 'error' && gridId === null) {
    body = <LoadError what={t('territory.what.grids')} error={grids.error} onRetry={grids.retry} />;
  } else if (gridId === null) {
    body =
      grids.status === 'ready' && isManager && grids.data.items.length === 0 ? (
        <div className="territory-notice" data-testid="no-grids">
          <p>{t('territory.noGrids')}</p>
        </div>
      ) : grids.status === 'ready' ? (
        <div className="territory-notice">
          <p>{t('territory.pickGridHint')}</p>
          <GridPicker grids={grids.data.items} current={null} />
        </div>
      ) : (
        <div className="map-progress" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('territory.loadingGrids')}
        </div>
      );
  } else if (!grid.data || grid.data.id !== gridId || config.status === 'loading' || config.status === 'idle') {
    body = (
      <div className="map-progress" role="status">
        <span className="spinner" aria-hidden="true" />
        {t('territory.loadingGrid')}
      </div>
    );
  } else {
    const g = grid.data;
    body = (
      <div className="territory-layout" data-testid="territory" data-grid-id={g.id}>
        <TerritoryMap
          store={store}
          basemapStyle={config.data?.basemapStyle ?? null}
          grid={g}
          cells={cells.data}
          hotspots={hotspots.data}
          workOrders={workOrders.data?.items ?? null}
          crews={crews.data?.items ?? null}
          substations={substations.data}
          districts={districts.data}
          focus={focus}
          selected={selectedPos}
        />
        <aside className="territory-side">
          <header className="territory-head">
            <h1 data-testid="grid-name">{g.name}</h1>
            {showPicker && grids.data && <GridPicker grids={grids.data.items} current={g.id} />}
            <dl className="grid-summary" data-testid="grid-summary">
              <dt>{t('territory.summary.manager')}</dt>
              <dd data-field="manager">{g.managerName ?? t('territory.summary.noManager')}</dd>
              <dt>{t('territory.summary.customers')}</dt>
              <dd data-field="customers" data-value={g.customers}>{formatNumber(g.customers)}</dd>
              <dt>{t('territory.summary.load')}</dt>
              <dd data-field="load">{t('map.tooltip.kw', { value: formatNumber(g.loadKw) })}</dd>
              <dt>{t('territory.summary.faults')}</dt>
              <dd data-field="faults">{formatNumber(g.faults12m)}</dd>
              <dt>{t('territory.summary.cells')}</dt>
              <dd data-field="cells">{formatNumber(g.cells)}</dd>
            </dl>
          </header>
          {[cells, hotspots, workOrders, crews, substations].map((l, i) =>
            l.status === 'error' ? (
              <LoadError key={i} what={t(`territory.what.${(['cells', 'hotspots', 'workOrders', 'crews', 'substations'] as const)[i]}`)} error={l.error} onRetry={l.retry} />
            ) : null,
          )}
          <nav className="territory-tabs" role="tablist">
            {TABS.map((k) => (
              <button key={k} type="button" role="tab" data-tab={k} aria-selected={tab === k} onClick={() => setTab(k)}>
                {t(`territory.tabs.${k}`)}
              </button>
            ))}
          </nav>
          <div className="territory-tab" role="tabpanel">
            {tab === 'kpis' && (
              <>
                {choice && anchor && <PeriodPicker value={choice} endDay={anchor} onChange={setChoice} />}
                {kpis.status === 'error' && <LoadError what={t('territory.what.kpis')} error={kpis.error} onRetry={kpis.retry} />}
                {kpis.status === 'loading' && (
                  <p className="muted" role="status">
                    <span className="spinner" aria-hidden="true" /> {t('territory.loadingKpis')}
                  </p>
                )}
                {kpis.data && kpis.data.grid.id === g.id && <KpiCards data={kpis.data} />}
              </>
            )}
            {tab === 'customers' && (
              <CustomerPanel
                gridId={g.id}
                onLocate={(c) => {
                  setSelected(c);
                  if (c) locate(c.lng, c.lat);
                }}
              />
            )}
            {tab === 'hotspots' && hotspots.data && <HotspotPanel hotspots={hotspots.data} onLocate={locate} />}
            {tab === 'operations' && <OpsPanel workOrders={workOrders.data?.items ?? null} crews={crews.data?.items ?? null} onLocate={locate} />}
          </div>
        </aside>
      </div>
    );
  }

  return (
    <div className="territory" data-role={user.role}>
      {body}
    </div>
  );
}
