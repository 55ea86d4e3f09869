/**
 * The optimizer's proposal: each assignment with the crew, ETA, whether it meets the SLA and why this crew (the
 * alternatives and faster crews not chosen, with the reason); accept one, accept all, or discard. Lines from crews to
 * faults are drawn on the map meanwhile.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { applyProposal } from '../../api/dispatch.ts';
import { formatNumber } from '../../i18n/index.ts';
import type { DispatchState } from './dispatch-store.ts';
import { errorText } from './error-text.ts';
import { refreshOrders } from './dispatch-data.ts';

export function ProposalPanel({ store }: { store: Store<DispatchState> }) {
  const { t } = useTranslation();
  const proposal = useStore(store, (s) => s.proposal);
  const crews = useStore(store, (s) => s.crews);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  if (!proposal) return null;

  const accept = async (faultIds?: number[]) => {
    setBusy(true);
    const action = faultIds ? t('dispatch.proposal.acceptOne') : t('dispatch.proposal.acceptAll');
    try {
      const res = await applyProposal(proposal.proposalId, faultIds);
      const done = new Set(res.applied.map((a) => a.faultId));
      const rest = proposal.assignments.filter((a) => !done.has(a.faultId));
      store.set({
        proposal: rest.length > 0 ? { ...proposal, assignments: rest, routes: proposal.routes.filter((r) => rest.some((a) => a.crewId === r.crewId)) } : null,
        notice: { kind: 'info', text: t('dispatch.proposal.applied', { count: res.applied.length }), at: Date.now() },
      });
      await refreshOrders(store, res.applied.map((a) => a.workOrderId));
    } catch (err) {
      store.set({ notice: { kind: 'error', text: errorText(t, err, action), at: Date.now() } });
    } finally {
      setBusy(false);
    }
  };
  const minutes = (s: number) => formatNumber(Math.max(0, Math.round(s / 60)));
  const codeOf = (id: number) => crews.get(id)?.code ?? `#${id}`;

  return (
    <section className="map-panel dispatch-proposal" aria-labelledby="proposal-title" data-testid="proposal">
      <div className="dispatch-panel-head">
        <h2 id="proposal-title">{t('dispatch.proposal.title')}</h2>
        <button type="button" className="link" onClick={() => store.set({ proposal: null })} data-testid="proposal-discard">
          {t('dispatch.proposal.discard')}
        </button>
      </div>
      <p className="dispatch-summary">
        {t('dispatch.proposal.summary', { served: proposal.assignments.length, unserved: proposal.unassigned.length, crews: proposal.summary.crews, ms: proposal.summary.planMs })}
      </p>
      {proposal.assignments.length > 0 && (
        <button type="button" className="primary" disabled={busy} onClick={() => void accept()} data-testid="proposal-accept-all">
          {t('dispatch.proposal.acceptAll')} ({proposal.assignments.length})
        </button>
      )}
      <ol className="dispatch-proposal-list">
        {proposal.assignments.map((a) => (
          <li key={a.faultId} data-testid="proposal-item" data-order-id={a.workOrderId} data-crew-id={a.crewId}>
            <div className="proposal-row">
              <span>
                <strong>#{a.workOrderId}</strong> {a.priority} → <strong>{a.crewCode}</strong>
              </span>
              <span className={a.onTime ? 'eta' : 'eta late'} data-testid="proposal-eta" data-seconds={a.etaSeconds}>
                {t('dispatch.proposal.eta', { minutes: minutes(a.etaSeconds) })}
                {!a.onTime && ` · ${t('dispatch.proposal.late')}`}
              </span>
            </div>
            <div className="proposal-row">
              <button type="button" className="link" onClick={() => setOpen(open === a.faultId ? null : a.faultId)} aria-expanded={open === a.faultId}>
                {t('dispatch.proposal.why')}
              </button>
              <button type="button" disabled={busy} onClick={() => void accept([a.faultId])} data-testid="proposal-accept-one">
                {t('dispatch.proposal.acceptOne')}
              </button>
            </div>
            {open === a.faultId && (
              <ul className="proposal-why" data-testid="proposal-why">
                {a.explanation.alternatives.length === 0 && <li>{t('dispatch.proposal.onlyCrew')}</li>}
                {a.explanation.alternatives.slice(0, 3).map((x) => (
                  <li key={`a${x.crewId}`}>{t('dispatch.proposal.alternative', { crew: codeOf(x.crewId), minutes: minutes(x.etaSeconds) })}</li>
                ))}
                {a.explanation.betterEtaNotChosen.slice(0, 3).map((x) => (
                  <li key={`b${x.crewId}`}>
                    {t('dispatch.proposal.notChosen', { crew: codeOf(x.crewId), minutes: minutes(x.etaSeconds), reason: t(`dispatch.reasons.${x.reason}`, { defaultValue: x.reason }) })}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {proposal.unassigned.length > 0 && (
        <details className="proposal-unassigned">
          <summary>{t('dispatch.proposal.unassigned', { count: proposal.unassigned.length })}</summary>
          <ul>
            {proposal.unassigned.slice(0, 50).map((u) => (
              <li key={u.faultId}>
                #{u.workOrderId} {u.priority}: {t(`dispatch.reasons.${u.reason}`, { defaultValue: u.reason })}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
