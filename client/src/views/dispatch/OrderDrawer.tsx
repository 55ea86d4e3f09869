/**
 * The order drawer: one work order with its details, transition history (who, when, why) and buttons for the
 * states it may go to next. A waiting order can be given to a crew (nearest skilled free crews listed, or a crew
 * picked on the map); an assigned one reassigned with a reason; cancel and escalate need a reason; the follow-up
 * (回访) records satisfaction 1–5 and a complaint flag. Refused transitions show the server's answer (409 with the
 * allowed states).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { assignManually, reassign } from '../../api/dispatch.ts';
import { fetchWorkOrder, postTransition, WORK_ORDER_STATES, type WorkOrderDetail, type WorkOrderState } from '../../api/work-orders.ts';
import { currentLanguage, formatNumber, localeOf } from '../../i18n/index.ts';
import { candidateCrews, mergeOrders, type DispatchState } from './dispatch-store.ts';
import { errorText } from './error-text.ts';
import { refreshOrders } from './dispatch-data.ts';
import { PRIORITY_COLORS } from './layers/colors.ts';

/** Transitions that need a reason (back to received = unassign). */
const NEEDS_REASON: readonly WorkOrderState[] = ['cancelled', 'escalated', 'received'];

function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(localeOf(currentLanguage()), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso));
}

export function OrderDrawer({ store }: { store: Store<DispatchState> }) {
  const { t } = useTranslation();
  const id = useStore(store, (s) => s.selectedOrderId);
  const live = useStore(store, (s) => (s.selectedOrderId !== null ? s.orders.get(s.selectedOrderId) : undefined));
  const crews = useStore(store, (s) => s.crews);
  const picked = useStore(store, (s) => s.pickedCrewId);
  const [detail, setDetail] = useState<WorkOrderDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [satisfaction, setSatisfaction] = useState(5);
  const [complaint, setComplaint] = useState(false);
  const [reassignTo, setReassignTo] = useState<number | ''>('');
  const [other, setOther] = useState<WorkOrderState>('closed');

  const load = useCallback(
    async (signal?: AbortSignal) => {
      if (id === null) return;
      try {
        const d = await fetchWorkOrder(id, signal);
        if (signal?.aborted) return;
        setDetail(d);
        setLoadError(null);
        const { transitions: _t, allowed: _a, ...wo } = d;
        store.set((s) => ({ orders: mergeOrders(s.orders, [wo]) }));
      } catch (err) {
        if (!signal?.aborted) setLoadError(errorText(t, err, t('dispatch.drawer.load')));
      }
    },
    [id, store, t],
  );

  // a new order: reset the form; reload whenever the live copy gets a new version (another dispatcher, the simulator)
  useEffect(() => {
    setDetail(null);
    setError(null);
    setReason('');
    setComplaint(false);
    setSatisfaction(5);
    setReassignTo('');
  }, [id]);
  const liveVersion = live?.version;
  const liveState = live?.state;
  useEffect(() => {
    const ctl = new AbortController();
    void load(ctl.signal);
    return () => ctl.abort();
  }, [load, liveVersion, liveState]);

  const wo = detail && detail.id === id ? detail : null;
  const candidates = useMemo(() => (wo ? candidateCrews(crews, wo) : []), [crews, wo]);
  if (id === null) return null;
  const close = () => store.set({ selectedOrderId: null, pickedCrewId: null });

  const act = async (action: string, f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      await load();
      store.set({ pickedCrewId: null, notice: { kind: 'info', text: t('dispatch.drawer.done', { action }), at: Date.now() } });
      setReason('');
    } catch (err) {
      setError(errorText(t, err, action));
    } finally {
      setBusy(false);
    }
  };
  const transition = (to: WorkOrderState) => {
    const action = t('dispatch.drawer.to', { state: t(`dispatch.states.${to}`) });
    if (NEEDS_REASON.includes(to) && !reason.trim()) {
      setError(t('dispatch.drawer.reasonNeeded', { action }));
      return;
    }
    void act(action, async () => {
      const res = await postTransition(id, {
        to,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(to === 'follow_up' ? { satisfaction, complaint } : {}),
        ...(to === 'assigned' && picked !== null ? { crewId: picked } : {}),
        ...(wo ? { version: wo.version } : {}),
      });
      store.set((s) => ({ orders: mergeOrders(s.orders, [res]) }));
    });
  };
  const assign = (crewId: number) =>
    void act(t('dispatch.drawer.assign'), async () => {
      const res = await assignManually([{ workOrderId: id, crewId }], reason.trim() || undefined);
      await refreshOrders(store, res.applied.map((a) => a.workOrderId));
    });
  const doReassign = () => {
    const action = t('dispatch.drawer.reassign');
    if (reassignTo === '') return setError(t('dispatch.drawer.pickCrew'));
    if (!reason.trim()) return setError(t('dispatch.drawer.reasonNeeded', { action }));
    void act(action, async () => {
      await reassign(id, reassignTo, reason.trim());
      await refreshOrders(store, [id]);
    });
  };

  const pickedCrew = picked !== null ? crews.get(picked) : undefined;
  const km = (m: number) => t('dispatch.drawer.km', { value: formatNumber(m / 1000, 1) });

  return (
    <aside className="dispatch-drawer" aria-labelledby="drawer-title" data-testid="order-drawer" data-order-id={id} data-state={wo?.state}>
      <div className="dispatch-panel-head">
        <h2 id="drawer-title">
          {t('dispatch.drawer.title', { id })}
          {wo && (
            <span className="queue-priority" style={{ background: PRIORITY_COLORS[wo.priority] }}>
              P{wo.priority}
            </span>
          )}
        </h2>
        <button type="button" className="link" onClick={close} aria-label={t('dispatch.drawer.close')} data-testid="drawer-close">
          ✕
        </button>
      </div>
      {loadError && (
        <div className="map-error" role="alert">
          {loadError}
          <button type="button" onClick={() => void load()}>
            {t('map.retry')}
          </button>
        </div>
      )}
      {!wo && !loadError && (
        <p role="status">
          <span className="spinner" aria-hidden="true" /> {t('app.loading')}
        </p>
      )}
      {wo && (
        <>
          <dl className="dispatch-facts">
            <dt>{t('dispatch.drawer.state')}</dt>
            <dd>
              <span className={`state state-${wo.state}`} data-testid="drawer-state">
                {t(`dispatch.states.${wo.state}`)}
              </span>
            </dd>
            <dt>{t('dispatch.drawer.kind')}</dt>
            <dd>{t(`dispatch.kinds.${wo.kind}`)}</dd>
            <dt>{t('dispatch.drawer.source')}</dt>
            <dd>
              {t(`dispatch.sources.${wo.source}`)}
              {wo.ticket && <> · {wo.ticket}</>}
            </dd>
            {wo.description && (
              <>
                <dt>{t('dispatch.drawer.description')}</dt>
                <dd>{wo.description}</dd>
              </>
            )}
            <dt>{t('dispatch.drawer.grid')}</dt>
            <dd>{wo.gridName ?? '—'}</dd>
            <dt>{t('dispatch.drawer.crew')}</dt>
            <dd data-testid="drawer-crew">
              {wo.crewCode ?? '—'}
              {wo.mutualAid && <span className="badge badge-aid">{t('dispatch.mutualAid')}</span>}
            </dd>
            <dt>{t('dispatch.drawer.received')}</dt>
            <dd>{formatTime(wo.receivedAt)}</dd>
            {wo.etaAt && (
              <>
                <dt>{t('dispatch.drawer.eta')}</dt>
                <dd data-testid="drawer-eta">{formatTime(wo.etaAt)}</dd>
              </>
            )}
            <dt>{t('dispatch.drawer.slaDue')}</dt>
            <dd>{formatTime(wo.slaDueAt)}</dd>
            {wo.satisfaction !== null && (
              <>
                <dt>{t('dispatch.drawer.satisfaction')}</dt>
                <dd data-testid="drawer-satisfaction">
                  {wo.satisfaction} / 5{wo.complaint && <span className="badge badge-complaint">{t('dispatch.drawer.complaint')}</span>}
                </dd>
              </>
            )}
          </dl>

          {wo.state === 'received' && (
            <section className="drawer-block" data-testid="assign-block">
              <h3>{t('dispatch.drawer.assignTitle')}</h3>
              <p className="hint">{t('dispatch.drawer.assignHint')}</p>
              {pickedCrew && (
                <p className="picked" data-testid="picked-crew">
                  {t('dispatch.drawer.picked', { crew: pickedCrew.code })}
                  <button type="button" className="primary" disabled={busy} onClick={() => assign(pickedCrew.id)} data-testid="assign-picked">
                    {t('dispatch.drawer.assign')}
                  </button>
                </p>
              )}
              {candidates.length === 0 && <p className="hint">{t('dispatch.drawer.noCrew')}</p>}
              <ul className="crew-candidates">
                {candidates.map(({ crew, meters }) => (
                  <li key={crew.id}>
                    <span>
                      <strong>{crew.code}</strong> {crew.skills.map((s) => t(`dispatch.skills.${s}`, { defaultValue: s })).join('/')} · {km(meters)}
                    </span>
                    <button type="button" disabled={busy} onClick={() => assign(crew.id)} data-testid="assign-crew" data-crew-id={crew.id}>
                      {t('dispatch.drawer.assign')}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section className="drawer-block">
            <h3>{t('dispatch.drawer.actions')}</h3>
            <label className="field">
              {t('dispatch.drawer.reason')}
              <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder={t('dispatch.drawer.reasonPlaceholder')} data-testid="drawer-reason" />
            </label>
            {wo.allowed.includes('follow_up') && (
              <div className="followup" data-testid="followup-form">
                <label className="field">
                  {t('dispatch.drawer.satisfaction')}
                  <select value={satisfaction} onChange={(e) => setSatisfaction(Number(e.target.value))} data-testid="followup-satisfaction">
                    {[5, 4, 3, 2, 1].map((v) => (
                      <option key={v} value={v}>
                        {t(`dispatch.drawer.score${v}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="check">
                  <input type="checkbox" checked={complaint} onChange={(e) => setComplaint(e.target.checked)} data-testid="followup-complaint" />
                  {t('dispatch.drawer.complaint')}
                </label>
              </div>
            )}
            <div className="drawer-buttons">
              {wo.allowed
                .filter((s) => s !== 'assigned' || wo.state !== 'received')
                .map((s) => (
                  <button key={s} type="button" disabled={busy} className={NEEDS_REASON.includes(s) ? 'danger' : ''} onClick={() => transition(s)} data-testid="transition" data-to={s}>
                    {t(`dispatch.transitions.${s}`)}
                  </button>
                ))}
              {wo.allowed.length === 0 && <span className="hint">{t('dispatch.drawer.final')}</span>}
            </div>
            {wo.state === 'assigned' && (
              <div className="reassign">
                <select value={reassignTo} onChange={(e) => setReassignTo(e.target.value === '' ? '' : Number(e.target.value))} data-testid="reassign-crew">
                  <option value="">{t('dispatch.drawer.pickCrew')}</option>
                  {candidates.map(({ crew, meters }) => (
                    <option key={crew.id} value={crew.id}>
                      {crew.code} · {km(meters)}
                    </option>
                  ))}
                </select>
                <button type="button" disabled={busy} onClick={doReassign} data-testid="reassign">
                  {t('dispatch.drawer.reassign')}
                </button>
              </div>
            )}
            <details className="drawer-other">
              <summary>{t('dispatch.drawer.other')}</summary>
              <select value={other} onChange={(e) => setOther(e.target.value as WorkOrderState)} data-testid="other-state">
                {WORK_ORDER_STATES.map((s) => (
                  <option key={s} value={s}>
                    {t(`dispatch.states.${s}`)}
                  </option>
                ))}
              </select>
              <button type="button" disabled={busy} onClick={() => transition(other)} data-testid="other-submit">
                {t('dispatch.drawer.otherSubmit')}
              </button>
            </details>
            {error && (
              <div className="map-error" role="alert" data-testid="drawer-error">
                {error}
              </div>
            )}
          </section>

          <section className="drawer-block">
            <h3>{t('dispatch.drawer.history')}</h3>
            <ol className="drawer-history" data-testid="drawer-history">
              {wo.transitions.map((h, i) => (
                <li key={i} data-to={h.to}>
                  <span className="history-time">{formatTime(h.at)}</span>{' '}
                  <strong>{t(`dispatch.states.${h.to}`)}</strong>
                  {h.user && <span> · {h.user}</span>}
                  {h.reason && <div className="history-reason">{h.reason}</div>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </aside>
  );
}
