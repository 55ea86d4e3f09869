/**
 * Incidents: fault reports close in space and time grouped into one, with its probable cause location (the circle
 * on the map). The dispatcher merges several incidents into one, or splits orders out of one.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { mergeIncidents as postMerge, splitIncident } from '../../api/dispatch.ts';
import { mergeIncidents, type DispatchState } from './dispatch-store.ts';
import { errorText } from './error-text.ts';

export function IncidentsPanel({ store, onFocus }: { store: Store<DispatchState>; onFocus: (lng: number, lat: number) => void }) {
  const { t } = useTranslation();
  const incidents = useStore(store, (s) => s.incidents);
  // the selected order's incident is listed even when it holds only that order (to merge it into another)
  const selectedIncident = useStore(store, (s) => (s.selectedOrderId !== null ? (s.orders.get(s.selectedOrderId)?.incidentId ?? null) : null));
  const list = useMemo(
    () =>
      [...incidents.values()]
        .filter((i) => i.workOrderIds.length > 1 || i.id === selectedIncident)
        .sort((a, b) => Number(b.id === selectedIncident) - Number(a.id === selectedIncident) || a.priority - b.priority || b.faultCount - a.faultCount),
    [incidents, selectedIncident],
  );
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [open, setOpen] = useState<number | null>(null);
  const [splitSel, setSplitSel] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  if (list.length === 0) return null;

  const run = async (action: string, f: () => Promise<void>) => {
    setBusy(true);
    try {
      await f();
      store.set({ notice: { kind: 'info', text: t('dispatch.drawer.done', { action }), at: Date.now() } });
    } catch (err) {
      store.set({ notice: { kind: 'error', text: errorText(t, err, action), at: Date.now() } });
    } finally {
      setBusy(false);
    }
  };
  const merge = () =>
    void run(t('dispatch.incidents.merge'), async () => {
      const ids = [...checked];
      const merged = await postMerge(ids);
      store.set((s) => {
        const rest = new Map(s.incidents);
        for (const id of ids) rest.delete(id);
        return { incidents: mergeIncidents(rest, [merged]) };
      });
      setChecked(new Set());
    });
  const split = (id: number) =>
    void run(t('dispatch.incidents.split'), async () => {
      const res = await splitIncident(id, [...splitSel]);
      store.set((s) => ({ incidents: mergeIncidents(s.incidents, res.incidents) }));
      setSplitSel(new Set());
    });
  const toggle = (set: Set<number>, id: number) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  };

  return (
    <section className="dispatch-incidents" aria-labelledby="incidents-title" data-testid="incidents">
      <div className="dispatch-panel-head">
        <h2 id="incidents-title">
          {t('dispatch.incidents.title')} <span className="dispatch-count">{list.length}</span>
        </h2>
        <button type="button" disabled={busy || checked.size < 2} onClick={merge} data-testid="incident-merge">
          {t('dispatch.incidents.merge')}
        </button>
      </div>
      <ul className="incident-list">
        {list.slice(0, 30).map((i) => (
          <li key={i.id} data-testid="incident" data-incident-id={i.id}>
            <div className="proposal-row">
              <label className="check">
                <input type="checkbox" checked={checked.has(i.id)} onChange={() => setChecked(toggle(checked, i.id))} />
                <button type="button" className="link" onClick={() => onFocus(i.lng, i.lat)}>
                  {t('dispatch.incidents.item', { id: i.id, count: i.faultCount, priority: i.priority })}
                </button>
              </label>
              <button type="button" className="link" aria-expanded={open === i.id} onClick={() => setOpen(open === i.id ? null : i.id)}>
                {t('dispatch.incidents.orders')}
              </button>
            </div>
            {open === i.id && (
              <div className="incident-orders">
                {i.workOrderIds.map((w) => (
                  <label key={w} className="check">
                    <input type="checkbox" checked={splitSel.has(w)} onChange={() => setSplitSel(toggle(splitSel, w))} />
                    <button type="button" className="link" onClick={() => store.set({ selectedOrderId: w, pickedCrewId: null })}>
                      #{w}
                    </button>
                  </label>
                ))}
                <button type="button" disabled={busy || splitSel.size === 0 || splitSel.size >= i.workOrderIds.length} onClick={() => split(i.id)} data-testid="incident-split">
                  {t('dispatch.incidents.split')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
