/**
 * The Dispatch view (调度, admins and dispatchers): a live map of faults (clustered when zoomed out) and crews
 * (status, heading, routes, the active plan's grid outlines), the queue with SLA countdowns, the optimizer's
 * proposal to accept in full or in part, assignment by hand (drag a fault onto a crew, or select an order and then a
 * crew), the order drawer with its history and transitions, incidents, and the simulator's controls. Everything
 * stays current through the shared SSE stream.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type * as maplibregl from 'maplibre-gl';
import type { MapLibreOverlay } from '@deck.gl/maplibre';
import type { User } from '../../api/auth.ts';
import { useStore, type Store } from '../../state/store.ts';
import { createMap } from '../../map/create-map.ts';
import { addDistrictLayers, setDistricts } from '../../map/layers/districts.ts';
import { addRoadLayers } from '../../map/layers/roads.ts';
import { fetchDistricts } from '../../api/map-data.ts';
import { assignManually, requestProposal } from '../../api/dispatch.ts';
import { useConnectionState, useServerEvents } from '../../api/events.ts';
import { formatNumber } from '../../i18n/index.ts';
import { createDispatchStore, crewMatches, orderMatches, type DispatchState } from './dispatch-store.ts';
import { createEventApplier, loadDispatchData, refreshOrders } from './dispatch-data.ts';
import { attachInteractions, type MapHover } from './map-interactions.ts';
import { addFaultLayers, setFaults } from './layers/faults.ts';
import { addCrewLayers, setCrews } from './layers/crews.ts';
import { addActionLayers, addGridLayers, setGrids, setIncidents, setProposal } from './layers/overlays.ts';
import { labelsLayer, type MapLabel } from './layers/labels.ts';
import { CREW_COLORS, PRIORITY_COLORS } from './layers/colors.ts';
import { errorText } from './error-text.ts';
import { publishDispatchHook } from './test-hook.ts';
import { QueuePanel } from './QueuePanel.tsx';
import { FilterBar } from './FilterBar.tsx';
import { SimulatorPanel } from './SimulatorPanel.tsx';
import { ProposalPanel } from './ProposalPanel.tsx';
import { OrderDrawer } from './OrderDrawer.tsx';
import { IncidentsPanel } from './IncidentsPanel.tsx';
import { RouteTool } from '../../components/RouteTool.tsx';
import './dispatch.css';

/** Crew codes are labelled from this zoom on (below they would pile up). */
const CREW_LABEL_MIN_ZOOM = 11;
/** Longest wait for the event stream before loading the snapshot anyway, ms. */
const STREAM_WAIT_MS = 3000;
/** How long an info notice stays, ms. */
const NOTICE_MS = 6000;

export function DispatchView({ user }: { user: User }) {
  const { t } = useTranslation();
  const [store] = useState(createDispatchStore);
  const containerRef = useRef<HTMLDivElement>(null);
  const [handles, setHandles] = useState<{ map: maplibregl.Map; overlay: MapLibreOverlay } | null>(null);
  const [reload, setReload] = useState(0);
  const [hover, setHover] = useState<MapHover | null>(null);
  const connection = useConnectionState();

  const status = useStore(store, (s) => s.status);
  const loadError = useStore(store, (s) => s.loadError);
  const orders = useStore(store, (s) => s.orders);
  const crews = useStore(store, (s) => s.crews);
  const incidents = useStore(store, (s) => s.incidents);
  const filters = useStore(store, (s) => s.filters);
  const grids = useStore(store, (s) => s.grids);
  const selected = useStore(store, (s) => s.selectedOrderId);
  const picked = useStore(store, (s) => s.pickedCrewId);
  const proposal = useStore(store, (s) => s.proposal);
  const proposalBusy = useStore(store, (s) => s.proposalBusy);
  const notice = useStore(store, (s) => s.notice);
  const zoom = useStore(store, (s) => s.zoom);

  // live events (applied in batches), and the snapshot once the stream is open so no event falls in between
  // (or after STREAM_WAIT_MS without a stream: the snapshot alone is better than nothing)
  const [applier] = useState(() => createEventApplier(store));
  useEffect(() => () => applier.dispose(), [applier]);
  useServerEvents(applier.push);
  const [streamReady, setStreamReady] = useState(false);
  useEffect(() => {
    if (connection === 'open') setStreamReady(true);
  }, [connection]);
  useEffect(() => {
    const id = setTimeout(() => setStreamReady(true), STREAM_WAIT_MS);
    return () => clearTimeout(id);
  }, []);
  useEffect(() => {
    if (!streamReady) return;
    const ctl = new AbortController();
    void loadDispatchData(store, ctl.signal);
    return () => ctl.abort();
  }, [store, reload, streamReady]);

  // info notices fade out; errors stay until replaced or closed
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const id = setTimeout(() => store.set((s) => (s.notice === notice ? { notice: null } : {})), NOTICE_MS);
    return () => clearTimeout(id);
  }, [notice, store]);

  const roadsAttribution = t('map.roadsAttribution');
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const h = createMap(container, null);
    const unpublish = publishDispatchHook({ map: h.map, store });
    const ctl = new AbortController();
    let alive = true;
    h.map.on('load', () => {
      if (!alive) return;
      addDistrictLayers(h.map);
      addRoadLayers(h.map, roadsAttribution, true);
      addGridLayers(h.map);
      addCrewLayers(h.map);
      addFaultLayers(h.map);
      addActionLayers(h.map);
      fetchDistricts(ctl.signal).then(
        (d) => alive && setDistricts(h.map, d),
        (err: unknown) => !ctl.signal.aborted && console.warn('dispatch: districts not loaded', err),
      );
      setHandles(h);
    });
    h.map.on('error', (e: { error?: unknown }) => console.error('map error:', e.error));
    const onMoveEnd = () => store.set({ zoom: h.map.getZoom() });
    h.map.on('moveend', onMoveEnd);
    return () => {
      alive = false;
      ctl.abort();
      unpublish();
      setHandles(null);
      h.map.remove();
    };
    // the attribution is set once (a language switch keeps the map and its state): not a dependency
  }, [store]);

  const visibleOrders = useMemo(() => [...orders.values()].filter((wo) => orderMatches(wo, filters)), [orders, filters]);
  // crews outside the filters stay visible while they serve a shown order or are in the proposal (mutual aid)
  const visibleCrews = useMemo(() => {
    const involved = new Set<number>();
    for (const wo of visibleOrders) if (wo.crewId !== null) involved.add(wo.crewId);
    for (const a of proposal?.assignments ?? []) involved.add(a.crewId);
    return [...crews.values()].filter((c) => crewMatches(c, filters) || involved.has(c.id));
  }, [crews, filters, visibleOrders, proposal]);

  useEffect(() => {
    if (handles) setFaults(handles.map, visibleOrders, selected);
  }, [handles, visibleOrders, selected]);
  useEffect(() => {
    if (handles) setCrews(handles.map, visibleCrews, picked);
  }, [handles, visibleCrews, picked]);
  useEffect(() => {
    if (handles) setGrids(handles.map, grids, filters.gridId);
  }, [handles, grids, filters.gridId]);
  useEffect(() => {
    // single reports are their own incident: only groups are drawn
    if (handles) setIncidents(handles.map, [...incidents.values()].filter((i) => i.workOrderIds.length > 1));
  }, [handles, incidents]);
  useEffect(() => {
    if (!handles) return;
    const crewPos = (id: number): [number, number] | null => {
      const c = store.get().crews.get(id);
      return c ? [c.lng, c.lat] : null;
    };
    const faultPos = (id: number): [number, number] | null => {
      const wo = store.get().orders.get(id);
      return wo ? [wo.lng, wo.lat] : null;
    };
    setProposal(handles.map, proposal, crewPos, faultPos);
  }, [handles, proposal, store]);

  // deck.gl labels: crew codes when zoomed in, and the proposal's ETAs at the faults
  const labels = useMemo(() => {
    const out: MapLabel[] = [];
    if (zoom >= CREW_LABEL_MIN_ZOOM) for (const c of visibleCrews) out.push({ position: [c.lng, c.lat], text: c.code, tone: 'crew' });
    for (const a of proposal?.assignments ?? []) {
      const wo = orders.get(a.workOrderId);
      if (wo) out.push({ position: [wo.lng, wo.lat], text: `${a.crewCode} ${formatNumber(Math.max(0, Math.round(a.etaSeconds / 60)))}′`, tone: 'eta' });
    }
    return out;
  }, [zoom, visibleCrews, proposal, orders]);
  useEffect(() => {
    if (handles) handles.overlay.setProps({ layers: [labelsLayer(labels, true)] });
  }, [handles, labels]);

  const notify = useCallback((kind: 'info' | 'error', text: string) => store.set({ notice: { kind, text, at: Date.now() } }), [store]);

  const assignByHand = useCallback(
    async (orderId: number, crewId: number) => {
      const action = t('dispatch.drawer.assign');
      try {
        const res = await assignManually([{ workOrderId: orderId, crewId }]);
        notify('info', t('dispatch.assigned', { id: orderId, crew: store.get().crews.get(crewId)?.code ?? crewId }));
        await refreshOrders(store, res.applied.map((a) => a.workOrderId));
      } catch (err) {
        notify('error', errorText(t, err, action));
      }
    },
    [notify, store, t],
  );

  useEffect(() => {
    if (!handles) return;
    return attachInteractions(handles.map, {
      selectOrder: (id) => store.set({ selectedOrderId: id, pickedCrewId: null }),
      pickCrew: (id) => store.set((s) => (s.selectedOrderId !== null ? { pickedCrewId: id } : {})),
      dropOnCrew: (orderId, crewId) => void assignByHand(orderId, crewId),
      canDrag: (id) => store.get().orders.get(id)?.state === 'received',
      hover: setHover,
    });
  }, [handles, store, assignByHand]);

  // the selected order in view
  useEffect(() => {
    if (!handles || selected === null) return;
    const wo = store.get().orders.get(selected);
    if (wo && !handles.map.getBounds().contains([wo.lng, wo.lat])) handles.map.easeTo({ center: [wo.lng, wo.lat], zoom: Math.max(handles.map.getZoom(), 13) });
  }, [handles, selected, store]);

  const suggest = async () => {
    store.set({ proposalBusy: true });
    try {
      const p = await requestProposal();
      store.set({ proposal: p, notice: p.assignments.length === 0 ? { kind: 'info', text: t('dispatch.proposal.nothing'), at: Date.now() } : null });
    } catch (err) {
      notify('error', errorText(t, err, t('dispatch.suggest')));
    } finally {
      store.set({ proposalBusy: false });
    }
  };

  const focus = useCallback((lng: number, lat: number) => handles?.map.easeTo({ center: [lng, lat], zoom: 15 }), [handles]);

  return (
    <div className="dispatch" data-role={user.role} data-testid="dispatch-view" data-status={status}>
      <div className="dispatch-toolbar">
        <button type="button" className="primary" disabled={proposalBusy || status !== 'ready'} onClick={() => void suggest()} data-testid="suggest">
          {proposalBusy ? (
            <>
              <span className="spinner" aria-hidden="true" /> {t('dispatch.suggesting')}
            </>
          ) : (
            t('dispatch.suggest')
          )}
        </button>
        <FilterBar store={store} />
        <SimulatorPanel store={store} />
        <span className={`dispatch-live live-${connection}`} data-testid="live" data-state={connection}>
          {t(`dispatch.live.${connection}`)}
        </span>
      </div>
      <div className="dispatch-body">
        <div className="dispatch-side">
          <QueuePanel store={store} />
          <IncidentsPanel store={store} onFocus={focus} />
        </div>
        <div className="dispatch-map">
          <div ref={containerRef} className="map-container" data-testid="map" />
          <div className="map-messages">
            {status === 'loading' && (
              <div className="map-progress" role="status">
                <span className="spinner" aria-hidden="true" />
                {t('dispatch.loading')}
              </div>
            )}
            {status === 'error' && (
              <div className="map-error" role="alert">
                {errorText(t, loadError, t('dispatch.loadWhat'))}
                <button type="button" onClick={() => setReload((n) => n + 1)}>
                  {t('map.retry')}
                </button>
              </div>
            )}
            {notice && (
              <div className={notice.kind === 'error' ? 'map-error' : 'map-progress'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice" data-kind={notice.kind}>
                {notice.text}
                <button type="button" className="link" onClick={() => store.set({ notice: null })} aria-label={t('dispatch.drawer.close')}>
                  ✕
                </button>
              </div>
            )}
          </div>
          <div className="dispatch-map-side">
            <ProposalPanel store={store} />
            <DispatchLegend />
            {handles && <RouteTool map={handles.map} />}
          </div>
          <HoverTooltip hover={hover} store={store} />
        </div>
        <OrderDrawer store={store} />
      </div>
    </div>
  );
}

/** Legend: priority colours, crew status colours, the mutual-aid badge. */
function DispatchLegend() {
  const { t } = useTranslation();
  return (
    <section className="map-panel dispatch-legend" aria-label={t('dispatch.legend.title')}>
      <h3>{t('dispatch.legend.faults')}</h3>
      <ul className="legend-classes">
        {[1, 2, 3, 4].map((p) => (
          <li key={p}>
            <span className="dot" style={{ background: PRIORITY_COLORS[p] }} /> P{p} · {t(`dispatch.legend.p${p}`)}
          </li>
        ))}
      </ul>
      <h3>{t('dispatch.legend.crews')}</h3>
      <ul className="legend-classes">
        {(Object.keys(CREW_COLORS) as (keyof typeof CREW_COLORS)[]).map((s) => (
          <li key={s}>
            <span className="dot" style={{ background: CREW_COLORS[s] }} /> {t(`dispatch.crewStatus.${s}`)}
          </li>
        ))}
      </ul>
      <p className="legend-note">{t('dispatch.legend.drag')}</p>
    </section>
  );
}

/** Tooltip for the crew, fault or cluster under the pointer. */
function HoverTooltip({ hover, store }: { hover: MapHover | null; store: Store<DispatchState> }) {
  const { t } = useTranslation();
  if (!hover) return null;
  const s = store.get();
  let body: ReactNode;
  if (hover.kind === 'cluster') body = t('dispatch.tooltip.cluster', { count: hover.count });
  else if (hover.kind === 'crew') {
    const c = s.crews.get(hover.id);
    if (!c) return null;
    body = (
      <>
        <strong>{c.code}</strong> {c.name}
        <br />
        {t(`dispatch.crewStatus.${c.status}`)} · {c.skills.map((k) => t(`dispatch.skills.${k}`, { defaultValue: k })).join('/')}
        {c.workOrderId !== null && (
          <>
            <br />
            {t('dispatch.tooltip.order', { id: c.workOrderId })}
          </>
        )}
        {c.route?.etaAt && (
          <>
            <br />
            {t('dispatch.tooltip.eta', { minutes: formatNumber(Math.max(0, Math.round((Date.parse(c.route.etaAt) - Date.now() - s.clockOffsetMs) / 60000))) })}
          </>
        )}
      </>
    );
  } else {
    const wo = s.orders.get(hover.id);
    if (!wo) return null;
    body = (
      <>
        <strong>#{wo.id}</strong> P{wo.priority} {t(`dispatch.kinds.${wo.kind}`)}
        <br />
        {t(`dispatch.states.${wo.state}`)}
        {wo.crewCode && ` · ${wo.crewCode}`}
        {wo.mutualAid && ` · ${t('dispatch.mutualAid')}`}
        {wo.state === 'received' && (
          <>
            <br />
            {t('dispatch.tooltip.drag')}
          </>
        )}
      </>
    );
  }
  return (
    <div className="map-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} data-testid="dispatch-tooltip">
      {body}
    </div>
  );
}
