/** Open work orders and crews inside the grid. */
import { useTranslation } from 'react-i18next';
import type { Crew, OpenWorkOrder } from '../../api/territory.ts';

interface OpsPanelProps {
  workOrders: OpenWorkOrder[] | null;
  crews: Crew[] | null;
  onLocate: (lng: number, lat: number) => void;
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }) : '—';
}

/** Two lists; clicking an entry flies the map to it. */
export function OpsPanel({ workOrders, crews, onLocate }: OpsPanelProps) {
  const { t } = useTranslation();
  return (
    <section className="ops-panel" data-testid="ops-panel">
      <h4>{t('territory.ops.workOrders', { count: workOrders?.length ?? 0 })}</h4>
      {!workOrders || workOrders.length === 0 ? (
        <p>{t('territory.ops.none')}</p>
      ) : (
        <ul className="ops-list">
          {workOrders.map((w) => (
            <li key={w.id} data-work-order-id={w.id}>
              <button type="button" className="link" onClick={() => onLocate(w.lng, w.lat)}>
                #{w.id} {w.kind}
              </button>{' '}
              <span className="muted">
                {w.state} · P{w.priority} · {t('territory.ops.received', { time: when(w.receivedAt) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h4>{t('territory.ops.crews', { count: crews?.length ?? 0 })}</h4>
      {!crews || crews.length === 0 ? (
        <p>{t('territory.ops.none')}</p>
      ) : (
        <ul className="ops-list">
          {crews.map((c) => (
            <li key={c.id} data-crew-id={c.id}>
              <button type="button" className="link" onClick={() => onLocate(c.lng, c.lat)}>
                {c.code} {c.name}
              </button>{' '}
              <span className="muted">{t('territory.ops.crewStatus', { status: c.status })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
