/**
 * The Plan view (`#/plan`, `#/plan/<planId>`): the plan's cells coloured by grid on the map with outlines and
 * labels, a side panel with live bars and violations, and for planners the editing tools (brush, lasso,
 * merge, rebalance, lock, managers), undo/redo, save with the plan's version, new plan, compare, history,
 * export and boundary import. Edits run in a Web Worker (plan-worker.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type * as maplibregl from 'maplibre-gl';
import type { User } from '../../api/auth.ts';
import { fetchConfig, fetchDistricts } from '../../api/map-data.ts';
import * as api from '../../api/plans.ts';
import { useStore } from '../../state/store.ts';
import { createMap, offlineStyle, type MapHandles } from '../../map/create-map.ts';
import { quantileScale } from '../../map/color-scale.ts';
import { addDistrictLayers, DISTRICTS_OUTLINE_LAYER, setDistricts, setDistrictsVisible } from '../../map/layers/districts.ts';
import { formatNumber } from '../../i18n/index.ts';
import { createPlanStore, type ColorBy, type Tool } from './plan-store.ts';
import { PlanController } from './plan-actions.ts';
import { boundariesLayer, gridLabelsLayer, highlightCellsLayer, lassoLayer, outlinesLayer, packOutlines, planCellsLayer, type GridLabel } from './plan-layers.ts';
import { GridPanel } from './GridPanel.tsx';
import { NewPlanDialog } from './NewPlanDialog.tsx';
import { PlanExtras } from './PlanExtras.tsx';
import { publishPlanHook } from './test-hook.ts';
import './plan.css';

const WRITER_ROLES = new Set(['admin', 'planner']);

function subscribeHash(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The plan id in `#/plan/<id>`, or null. */
function usePlanIdFromHash(): number | null {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  const m = /^#\/?plan\/(\d+)/.exec(hash);
  return m ? Number(m[1]) : null;
}

const goToPlan = (id: number) => {
  window.location.hash = `#/plan/${id}`;
};

export function PlanView({ user }: { user: User }) {
  const { t } = useTranslation();
  const editable = WRITER_ROLES.has(user.role);
  const [store] = useState(createPlanStore);
  const [ctl] = useState(() => new PlanController(store));
  const s = useStore(store, (x) => x);
  const hashId = usePlanIdFromHash();
  const containerRef = useRef<HTMLDivElement>(null);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const [districts, setDistrictsData] = useState<Awaited<ReturnType<typeof fetchDistricts>> | null>(null);
  const [boundaries, setBoundaries] = useState<GeoJSON.FeatureCollection | null>(null);
  const [lasso, setLasso] = useState<Array<[number, number]> | null>(null);
  const [dialog, setDialog] = useState(false);
  const [help, setHelp] = useState(false);
  const openedAt = useRef(0);

  useEffect(() => {
    void ctl.loadPlans();
    return () => ctl.dispose();
  }, [ctl]);

  // the plan in the URL, or the active (else newest) plan
  const plans = s.plans;
  useEffect(() => {
    if (hashId !== null) {
      if (hashId !== store.get().planId) {
        openedAt.current = performance.now();
        void ctl.open(hashId);
      }
      return;
    }
    if (plans && plans.length > 0) {
      const first = plans.find((p) => p.isActive) ?? plans[0];
      window.location.replace(`#/plan/${first.id}`);
    }
  }, [hashId, plans, ctl, store]);

  // the map
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let alive = true;
    let h: MapHandles | null = null;
    let unpublish = () => {};
    void fetchConfig()
      .catch(() => ({ basemapStyle: null }))
      .then((cfg) => {
        if (!alive) return;
        const styleUrl = cfg.basemapStyle;
        h = createMap(container, styleUrl);
        const map = h.map;
        unpublish = publishPlanHook({ map, store, openedAt: () => openedAt.current });
        let loaded = false;
        map.on('load', () => {
          loaded = true;
          if (!alive || !h) return;
          addDistrictLayers(map);
          setHandles(h);
        });
        map.on('error', (e: { error?: unknown }) => {
          console.error('map error:', e.error);
          if (!loaded && styleUrl) map.setStyle(offlineStyle(), { diff: false });
        });
      });
    void fetchDistricts().then((d) => alive && setDistrictsData(d), () => {});
    return () => {
      alive = false;
      unpublish();
      setHandles(null);
      h?.map.remove();
    };
  }, [store]);

  useEffect(() => {
    if (handles && districts) setDistricts(handles.map, districts);
  }, [handles, districts]);
  useEffect(() => {
    if (handles) setDistrictsVisible(handles.map, s.showDistricts);
  }, [handles, s.showDistricts]);

  // imported boundaries of the plan
  const boundariesId = s.plan?.boundariesId ?? null;
  useEffect(() => {
    setBoundaries(null);
    if (boundariesId === null) return;
    const ctlr = new AbortController();
    void api.getBoundaries(boundariesId, ctlr.signal).then(setBoundaries, () => {});
    return () => ctlr.abort();
  }, [boundariesId]);

  // fit the map to a newly opened plan
  const cells = s.cells;
  const outlinesReady = s.outlines.size > 0;
  const fitted = useRef<number | null>(null);
  useEffect(() => {
    if (!handles || !cells || !outlinesReady || fitted.current === cells.planId) return;
    fitted.current = cells.planId;
    const b = boundsOf([...store.get().outlines.values()].map((o) => o.segments));
    if (b) handles.map.fitBounds(b, { padding: 40, duration: 0 });
  }, [handles, cells, outlinesReady, store]);

  /** Flies the map to a grid and selects it. */
  const focusGrid = useCallback(
    (idx: number) => {
      store.set({ selected: idx });
      const o = store.get().outlines.get(idx);
      const b = o ? boundsOf([o.segments]) : null;
      if (handles && b) handles.map.fitBounds(b, { padding: 80, maxZoom: 14, duration: 600 });
    },
    [handles, store],
  );

  // pointer tools: select (click), brush (click or drag), lasso (drag a polygon)
  const live = useRef({ tool: s.tool, selected: s.selected, rings: s.brushRings, editable });
  live.current = { tool: s.tool, selected: s.selected, rings: s.brushRings, editable };
  useEffect(() => {
    if (!handles) return;
    const map = handles.map;
    let mode: 'none' | 'brush' | 'lasso' = 'none';
    let path: Array<[number, number]> = [];
    const down = (e: maplibregl.MapMouseEvent) => {
      const l = live.current;
      if (!l.editable || l.tool === 'select' || e.originalEvent.button !== 0) return;
      if (l.selected === null) {
        store.set({ notice: { key: 'plan.tools.selectFirst', tone: 'info' } });
        return;
      }
      map.dragPan.disable();
      if (l.tool === 'brush') {
        mode = 'brush';
        void ctl.edit('brush', { lng: e.lngLat.lng, lat: e.lngLat.lat, rings: l.rings, grid: l.selected, phase: 'begin' });
      } else {
        mode = 'lasso';
        path = [[e.lngLat.lng, e.lngLat.lat]];
        setLasso(path);
      }
    };
    const move = (e: maplibregl.MapMouseEvent) => {
      const l = live.current;
      if (mode === 'brush' && l.selected !== null) void ctl.edit('brush', { lng: e.lngLat.lng, lat: e.lngLat.lat, rings: l.rings, grid: l.selected, phase: 'move' });
      else if (mode === 'lasso') {
        path = [...path, [e.lngLat.lng, e.lngLat.lat]];
        setLasso(path);
      }
    };
    const up = () => {
      const l = live.current;
      if (mode === 'brush') void ctl.endStroke();
      else if (mode === 'lasso' && l.selected !== null && path.length >= 3) void ctl.edit('lasso', { ring: path, grid: l.selected });
      if (mode !== 'none') map.dragPan.enable();
      mode = 'none';
      path = [];
      setLasso(null);
    };
    const click = (e: maplibregl.MapMouseEvent) => {
      if (live.current.tool === 'select' || !live.current.editable) void ctl.selectAt(e.lngLat.lng, e.lngLat.lat);
    };
    map.on('mousedown', down);
    map.on('mousemove', move);
    map.on('mouseup', up);
    map.on('click', click);
    return () => {
      map.off('mousedown', down);
      map.off('mousemove', move);
      map.off('mouseup', up);
      map.off('click', click);
    };
  }, [handles, ctl, store]);

  // keyboard shortcuts
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (editable) void ctl.edit(e.shiftKey ? 'redo' : 'undo', {});
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        if (editable) void ctl.edit('redo', {});
      } else if (mod && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (editable) void ctl.save();
      } else if (!mod && editable) {
        const k = e.key.toLowerCase();
        if (k === 'b') store.set({ tool: 'brush' });
        else if (k === 'l') store.set({ tool: 'lasso' });
        else if (k === 'v') store.set({ tool: 'select' });
        else if (k === '[') store.set((x) => ({ brushRings: Math.max(0, x.brushRings - 1) }));
        else if (k === ']') store.set((x) => ({ brushRings: Math.min(6, x.brushRings + 1) }));
        else if (k === 'escape') store.set({ selected: null, mergeWith: null, splitPreview: null });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctl, store, editable]);

  // weights for the choropleth
  const values = useMemo(() => (cells && s.colorBy !== 'grid' ? Float64Array.from(cells[s.colorBy]) : null), [cells, s.colorBy]);
  const scale = useMemo(() => (values ? quantileScale(values) : null), [values]);
  const labels = useMemo<GridLabel[]>(() => {
    if (!s.plan) return [];
    const out: GridLabel[] = [];
    for (const g of s.plan.grids) {
      const o = s.outlines.get(g.idx);
      if (!o?.anchor) continue;
      out.push({ position: o.anchor, text: `${g.name}\n${g.managerName ?? t('plan.grids.noManager')}`, flagged: g.managerId === null });
    }
    return out;
  }, [s.plan, s.outlines, t]);
  const packed = useMemo(() => packOutlines(s.outlines, s.selected), [s.outlines, s.selected]);
  const splitCells = useMemo(() => (s.splitPreview && cells ? s.splitPreview.units.map((u) => cells.h3[u]) : []), [s.splitPreview, cells]);
  const changedCells = useMemo(() => (s.comparison ? s.comparison.changedCells.map((c) => c.cell) : []), [s.comparison]);

  // deck.gl layers (the cells layer is updated through updateTriggers, never rebuilt from new data)
  useEffect(() => {
    if (!handles) return;
    const a = s.assignment;
    handles.overlay.setProps({
      layers: [
        cells && a && s.colours
          ? planCellsLayer({ h3: cells.h3, assignment: a, revision: s.revision, colours: s.colours, colorBy: s.colorBy, values, scale, selected: s.selected, beforeId: DISTRICTS_OUTLINE_LAYER })
          : null,
        packed.length > 0 ? outlinesLayer(packed) : null,
        boundaries ? boundariesLayer(boundaries, s.showBoundaries) : null,
        changedCells.length > 0 ? highlightCellsLayer('plan-compare-cells', changedCells, [128, 40, 180, 230]) : null,
        splitCells.length > 0 ? highlightCellsLayer('plan-split-cells', splitCells, [210, 30, 30, 255]) : null,
        lasso ? lassoLayer(lasso) : null,
        gridLabelsLayer(labels, labels.length > 0),
      ],
    });
    if (a && store.get().renderedAt === null) {
      handles.map.once('idle', () => {
        if (store.get().renderedAt === null && store.get().assignment) store.set({ renderedAt: performance.now() });
      });
      handles.map.triggerRepaint();
    }
  }, [handles, store, cells, s.assignment, s.revision, s.colours, s.colorBy, values, scale, s.selected, packed, boundaries, s.showBoundaries, changedCells, splitCells, lasso, labels]);

  const tolerancePct = Number(s.plan?.params.tolerancePct ?? 3);
  const snap = s.snapshot;

  return (
    <div className="plan-view" data-role={user.role}>
      <div ref={containerRef} className="map-container" data-testid="map" data-tool={s.tool} />
      <div className="plan-top">
        <label className="plan-picker">
          {t('plan.picker')}{' '}
          <select data-testid="plan-picker" value={s.planId ?? ''} onChange={(e) => e.target.value && goToPlan(Number(e.target.value))}>
            <option value="">{t('plan.pickPlan')}</option>
            {(plans ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} · {p.gridCount} · r{p.resolution}
                {p.isActive ? ` · ${t('plan.active')}` : ''}
              </option>
            ))}
          </select>
        </label>
        {s.plan && <span className="plan-muted" data-testid="plan-version">{t('plan.version', { version: s.version })}</span>}
        {editable && (
          <button type="button" data-action="new-plan" onClick={() => setDialog(true)}>
            {t('plan.newPlan')}
          </button>
        )}
        {!editable && (
          <span className="plan-readonly" data-testid="read-only">
            {t('plan.readOnly')}
          </span>
        )}
        <label>
          {t('plan.layers.colorBy')}{' '}
          <select data-testid="color-by" value={s.colorBy} onChange={(e) => store.set({ colorBy: e.target.value as ColorBy })}>
            {(['grid', 'customers', 'load', 'faults'] as const).map((c) => (
              <option key={c} value={c}>
                {t(`plan.layers.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={s.showDistricts} onChange={(e) => store.set({ showDistricts: e.target.checked })} /> {t('plan.layers.districts')}
        </label>
        {boundaries && (
          <label className="inline">
            <input type="checkbox" checked={s.showBoundaries} onChange={(e) => store.set({ showBoundaries: e.target.checked })} /> {t('plan.layers.boundaries')}
          </label>
        )}
        <button type="button" className="plan-help-button" aria-expanded={help} onClick={() => setHelp((h) => !h)} data-action="help">
          ? {t('plan.tools.help')}
        </button>
        {help && (
          <div className="plan-help" role="dialog" data-testid="help">
            <h3>{t('plan.help.title')}</h3>
            <ul>
              {(['select', 'brush', 'lasso', 'size', 'undo', 'redo', 'save', 'escape'] as const).map((k) => (
                <li key={k}>{t(`plan.help.${k}`)}</li>
              ))}
            </ul>
          </div>
        )}
      </div>

      {editable && s.plan && snap && (
        <div className="plan-tools" data-testid="plan-tools" role="toolbar" aria-label={t('plan.tools.label')}>
          {(['select', 'brush', 'lasso'] as Tool[]).map((tool) => (
            <button key={tool} type="button" data-tool={tool} aria-pressed={s.tool === tool} onClick={() => store.set({ tool })}>
              {t(`plan.tools.${tool}`)}
            </button>
          ))}
          <label className="inline" title={t('plan.tools.brushSize')}>
            {t('plan.tools.brushSize')}
            <input type="number" data-testid="brush-size" min={0} max={6} value={s.brushRings} onChange={(e) => store.set({ brushRings: Math.max(0, Math.min(6, Number(e.target.value) || 0)) })} />
          </label>
          <button type="button" data-action="undo" disabled={snap.undo === 0} onClick={() => void ctl.edit('undo', {})}>
            {t('plan.tools.undo')}
          </button>
          <button type="button" data-action="redo" disabled={snap.redo === 0} onClick={() => void ctl.edit('redo', {})}>
            {t('plan.tools.redo')}
          </button>
          {s.selected !== null && (
            <>
              <button
                type="button"
                data-action="rebalance"
                onClick={() =>
                  void (async () => {
                    const sel = store.get().selected;
                    const w = ctl.ready;
                    if (sel === null || !w) return;
                    const nb = await w.call('neighbours', { grid: sel });
                    await ctl.edit('rebalance', { grids: [sel, ...nb] });
                  })()
                }
              >
                {t('plan.grids.rebalance')}
              </button>
              <button type="button" data-action="merge" onClick={() => store.set({ mergeWith: -1, tool: 'select' })}>
                {t('plan.grids.merge')}
              </button>
              <button type="button" data-action="split" onClick={() => s.selected !== null && void ctl.splitGrid(s.selected)}>
                {t('plan.grids.split')}
              </button>
            </>
          )}
          <span className="plan-pending" data-testid="pending" data-pending={snap.pending}>
            {snap.pending > 0 ? t('plan.tools.pending', { n: snap.pending }) : t('plan.tools.noPending')}
          </span>
          <button type="button" className="primary" data-action="save" disabled={s.saving || snap.pending === 0} onClick={() => void ctl.save()}>
            {s.saving ? t('plan.tools.saving') : t('plan.tools.save')}
          </button>
        </div>
      )}

      {s.mergeWith !== null && s.selected !== null && s.plan && (
        <div className="plan-banner" data-testid="merge-banner">
          {s.mergeWith < 0 ? (
            t('plan.grids.mergePick')
          ) : (
            <>
              {t('plan.grids.mergeInto', { a: s.plan.grids[s.selected]?.name, b: s.plan.grids[s.mergeWith]?.name })}{' '}
              <button
                type="button"
                data-action="confirm-merge"
                onClick={() => {
                  const { selected, mergeWith } = store.get();
                  store.set({ mergeWith: null });
                  if (selected !== null && mergeWith !== null && mergeWith >= 0) void ctl.edit('merge', { a: selected, b: mergeWith });
                }}
              >
                OK
              </button>
            </>
          )}{' '}
          <button type="button" onClick={() => store.set({ mergeWith: null })}>
            {t('plan.grids.cancel')}
          </button>
        </div>
      )}

      {s.splitPreview && s.splitPreview.units.length > 0 && (
        <div className="plan-banner warn" data-testid="split-preview">
          {t('plan.split.message', { n: s.splitPreview.units.length })}{' '}
          <button type="button" data-action="confirm-split" onClick={() => void ctl.confirmSplit()}>
            {t('plan.split.confirm')}
          </button>{' '}
          <button type="button" onClick={() => store.set({ splitPreview: null })}>
            {t('plan.split.dismiss')}
          </button>
        </div>
      )}

      {s.conflict && (
        <div className="plan-banner error" data-testid="conflict" role="alert">
          <strong>{t('plan.conflict.title')}</strong>
          <p>{t('plan.conflict.body', { ours: s.conflict.ourVersion, theirs: s.conflict.serverVersion ?? '?' })}</p>
          <ul>
            {s.conflict.entries.map((e) => (
              <li key={e.id}>
                {t('plan.conflict.entry', {
                  who: e.username ?? '?',
                  when: new Date(e.at).toLocaleString(),
                  what: t(`plan.actions.${e.action.replace(/^plan\./, '')}`, { n: e.cellsMoved ?? 0, defaultValue: t('plan.actions.other') }),
                  version: e.version ?? '?',
                })}
              </li>
            ))}
          </ul>
          <button type="button" data-action="reload-keep" onClick={() => void ctl.reloadKeepingEdits()}>
            {t('plan.conflict.reload')}
          </button>
        </div>
      )}

      {s.notice && (
        <div className={`plan-notice ${s.notice.tone}`} data-testid="plan-notice" data-key={s.notice.key} role="status">
          {t(s.notice.key, s.notice.values ?? {})}
          {s.saveNeedsSplit && (
            <button type="button" data-action="save-anyway" onClick={() => void ctl.save(true)}>
              {t('plan.notice.saveAnyway')}
            </button>
          )}
          <button type="button" className="plan-notice-close" aria-label="×" onClick={() => store.set({ notice: null, saveNeedsSplit: false })}>
            ×
          </button>
        </div>
      )}

      <aside className="plan-side">
        {plans && plans.length === 0 && <p className="plan-muted">{t('plan.noPlans')}</p>}
        {s.loading === 'plan' && <p role="status">{t('plan.loading')}</p>}
        {s.loading === 'worker' && <p role="status">{t('plan.loadingWorker')}</p>}
        {s.loading === 'error' && (
          <p className="plan-error" role="alert">
            {t('plan.loadFailed', { message: (s.loadError as Error)?.message ?? '' })}{' '}
            <button type="button" onClick={() => s.planId !== null && void ctl.open(s.planId)}>
              {t('plan.retry')}
            </button>
          </p>
        )}
        {s.plan && snap && (
          <>
            <GridPanel
              snapshot={snap}
              grids={s.plan.grids}
              planId={s.plan.id}
              tolerancePct={tolerancePct}
              selected={s.selected}
              editable={editable}
              lastEditMs={s.lastEditMs}
              onSelect={focusGrid}
              onLock={(idx, locked) => void ctl.setLocked(idx, locked)}
              onManager={(idx, m) => void ctl.setManager(idx, m)}
            />
            <PlanExtras ctl={ctl} state={s} plans={plans ?? []} editable={editable} />
            <p className="plan-muted">
              {formatNumber(s.cells?.h3.length ?? 0)} H3 r{s.plan.resolution}
            </p>
          </>
        )}
      </aside>

      {dialog && (
        <NewPlanDialog
          onClose={() => setDialog(false)}
          onCreated={(id) => {
            setDialog(false);
            void ctl.loadPlans();
            goToPlan(id);
          }}
        />
      )}
    </div>
  );
}

/** `[[w, s], [e, n]]` of outline segments (`[lng0, lat0, lng1, lat1, …]`), or null when empty. */
function boundsOf(segments: Float64Array[]): [[number, number], [number, number]] | null {
  let w = Infinity;
  let so = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const seg of segments) {
    for (let i = 0; i + 1 < seg.length; i += 2) {
      w = Math.min(w, seg[i]);
      e = Math.max(e, seg[i]);
      so = Math.min(so, seg[i + 1]);
      n = Math.max(n, seg[i + 1]);
    }
  }
  return Number.isFinite(w) ? [[w, so], [e, n]] : null;
}
