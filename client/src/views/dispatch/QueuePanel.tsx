/**
 * The queue: open orders passing the filters, most urgent first then longest waiting, each with its SLA countdown
 * (amber in the last third of the target, red when overdue), crew and mutual-aid badge. Clicking selects the order.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { queueOf, type DispatchState } from './dispatch-store.ts';
import { formatCountdown, slaOf } from './sla.ts';
import { PRIORITY_COLORS } from './layers/colors.ts';

/** Rows rendered at most (the count says how many more there are). */
const MAX_ROWS = 200;

/** The current time, updated every `ms`. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function QueuePanel({ store }: { store: Store<DispatchState> }) {
  const { t } = useTranslation();
  const orders = useStore(store, (s) => s.orders);
  const filters = useStore(store, (s) => s.filters);
  const sla = useStore(store, (s) => s.slaMinutes);
  const offset = useStore(store, (s) => s.clockOffsetMs);
  const selected = useStore(store, (s) => s.selectedOrderId);
  const now = useNow(1000) + offset;
  const queue = useMemo(() => queueOf(orders, filters), [orders, filters]);

  return (
    <section className="dispatch-queue" aria-labelledby="dispatch-queue-title" data-testid="dispatch-queue">
      <h2 id="dispatch-queue-title">
        {t('dispatch.queue.title')} <span className="dispatch-count" data-testid="queue-count">{queue.length}</span>
      </h2>
      {queue.length === 0 && <p className="dispatch-empty">{t('dispatch.queue.empty')}</p>}
      <ol className="dispatch-queue-list">
        {queue.slice(0, MAX_ROWS).map((wo) => {
          const { seconds, level } = slaOf(wo, sla, now);
          return (
            <li key={wo.id}>
              <button
                type="button"
                className={`queue-item${selected === wo.id ? ' selected' : ''}`}
                data-testid="queue-item"
                data-order-id={wo.id}
                data-state={wo.state}
                data-ticket={wo.ticket ?? undefined}
                onClick={() => store.set({ selectedOrderId: wo.id, pickedCrewId: null })}
              >
                <span className="queue-priority" style={{ background: PRIORITY_COLORS[wo.priority] }}>P{wo.priority}</span>
                <span className="queue-main">
                  <span className="queue-line">
                    <strong>#{wo.id}</strong> {t(`dispatch.kinds.${wo.kind}`)}
                    {wo.source === 'report' && <span className="badge badge-report">{t('dispatch.queue.reported')}</span>}
                    {wo.mutualAid && <span className="badge badge-aid" data-testid="mutual-aid">{t('dispatch.mutualAid')}</span>}
                  </span>
                  <span className="queue-sub">
                    <span className={`state state-${wo.state}`}>{t(`dispatch.states.${wo.state}`)}</span>
                    {wo.crewCode && <span> · {wo.crewCode}</span>}
                    {wo.gridName && <span> · {wo.gridName}</span>}
                  </span>
                </span>
                {level !== 'none' ? (
                  <span className={`sla sla-${level}`} data-testid="sla" data-level={level} title={t('dispatch.queue.slaTitle')}>
                    {formatCountdown(seconds)}
                  </span>
                ) : (
                  <span className="sla sla-none" data-level="none">
                    {t('dispatch.queue.onSite')}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
      {queue.length > MAX_ROWS && <p className="dispatch-empty">{t('dispatch.queue.more', { count: queue.length - MAX_ROWS })}</p>}
    </section>
  );
}
