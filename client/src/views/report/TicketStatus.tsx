/**
 * A ticket's status for the customer: the steps of the repair (received → crew assigned → on the way → on site →
 * repaired → follow-up → closed) with the time each was reached, refreshed every REFRESH_MS.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DetailedApiError } from '../../api/dispatch.ts';
import { fetchTicket, type TicketStatus } from '../../api/reports.ts';
import { currentLanguage, localeOf } from '../../i18n/index.ts';

const STEPS = ['received', 'assigned', 'en_route', 'on_site', 'resolved', 'follow_up', 'closed'] as const;
export const REFRESH_MS = 15_000;

function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(localeOf(currentLanguage()), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

export function TicketStatusView({ ticket }: { ticket: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TicketStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      setLoading(true);
      try {
        const s = await fetchTicket(ticket, signal);
        if (signal?.aborted) return;
        setStatus(s);
        setError(null);
      } catch (err) {
        if (signal?.aborted) return;
        setError(err instanceof DetailedApiError && err.status === 404 ? t('report.status.unknown', { ticket }) : err instanceof DetailedApiError && err.kind === 'network' ? t('report.errors.network') : t('report.errors.server'));
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [ticket, t],
  );
  useEffect(() => {
    const ctl = new AbortController();
    void load(ctl.signal);
    const id = setInterval(() => void load(ctl.signal), REFRESH_MS);
    return () => {
      ctl.abort();
      clearInterval(id);
    };
  }, [load]);

  const reached = new Map<string, string>();
  for (const h of status?.history ?? []) if (!reached.has(h.state)) reached.set(h.state, h.at);
  const side = status && (status.state === 'cancelled' || status.state === 'escalated') ? status.state : null;
  const currentIdx = status ? STEPS.indexOf(status.state as (typeof STEPS)[number]) : -1;

  return (
    <section className="report-card" data-testid="ticket-status" data-state={status?.state}>
      <h1>{t('report.status.title')}</h1>
      <p className="report-ticket-small">
        {t('report.status.ticket')} <strong data-testid="ticket-number">{ticket}</strong>
      </p>
      {error && (
        <p className="report-form-error" role="alert" data-testid="ticket-error">
          {error}
        </p>
      )}
      {!status && loading && !error && <p role="status">{t('report.status.loading')}</p>}
      {status && (
        <>
          <p className="report-current" data-testid="ticket-state">
            {t('report.status.now')} <strong>{t(`report.states.${status.state}`, { defaultValue: status.state })}</strong>
          </p>
          {side && <p className="report-side">{t(`report.status.${side}`)}</p>}
          <ol className="report-timeline" data-testid="ticket-timeline">
            {STEPS.map((s, i) => {
              const at = reached.get(s);
              const done = at !== undefined || (currentIdx >= 0 && i <= currentIdx);
              return (
                <li key={s} className={done ? (i === currentIdx ? 'current' : 'done') : 'todo'} data-step={s} data-done={done}>
                  <span className="report-step">{t(`report.states.${s}`)}</span>
                  {at && <span className="report-step-time">{formatTime(at)}</span>}
                </li>
              );
            })}
          </ol>
          <p className="report-hint">{t('report.status.updated', { time: formatTime(status.updatedAt) })}</p>
        </>
      )}
      <div className="report-location-row">
        <button type="button" onClick={() => void load()} disabled={loading} data-testid="ticket-refresh">
          {t('report.status.refresh')}
        </button>
        <a href="#/report">{t('report.status.newReport')}</a>
      </div>
    </section>
  );
}
