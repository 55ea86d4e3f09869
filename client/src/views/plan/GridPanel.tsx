/**
 * The Plan view's side panel: metrics, the violations (clickable), and every grid with one bar per weight
 * against the target and its tolerance band, live from the worker's figures; the selected grid's manager
 * (search, each manager's load) and lock.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/index.ts';
import * as api from '../../api/plans.ts';
import type { Grid } from '../../api/plans.ts';
import { NCOL, type Snapshot } from '../../workers/plan-editor.ts';

/** Bars drawn per grid: column index in the worker's figures (see COLUMNS). */
const BARS = [
  { key: 'customers', col: 1 },
  { key: 'load', col: 2 },
  { key: 'faults', col: 3 },
] as const;

export interface Violation {
  kind: 'over' | 'under' | 'nonContiguous' | 'noManager';
  grid: number;
  pct?: number;
}

/** Violations of the current figures: workload outside the tolerance, grids in pieces, grids without a manager. */
export function violationsOf(s: Snapshot, grids: Grid[], tolerancePct: number): Violation[] {
  const out: Violation[] = [];
  const target = s.targets[0];
  for (const g of grids) {
    const w = s.loads[g.idx * NCOL];
    const dev = target > 0 ? ((w - target) / target) * 100 : 0;
    if (dev > tolerancePct) out.push({ kind: 'over', grid: g.idx, pct: dev - tolerancePct });
    else if (dev < -tolerancePct) out.push({ kind: 'under', grid: g.idx, pct: -dev - tolerancePct });
    if (!s.contiguous[g.idx]) out.push({ kind: 'nonContiguous', grid: g.idx });
    if (g.managerId === null) out.push({ kind: 'noManager', grid: g.idx });
  }
  return out;
}

interface Props {
  snapshot: Snapshot;
  grids: Grid[];
  planId: number;
  tolerancePct: number;
  selected: number | null;
  editable: boolean;
  lastEditMs: number | null;
  onSelect: (idx: number) => void;
  onLock: (idx: number, locked: boolean) => void;
  onManager: (idx: number, manager: { id: number; name: string } | null) => void;
}

export function GridPanel({ snapshot: s, grids, planId, tolerancePct, selected, editable, lastEditMs, onSelect, onLock, onManager }: Props) {
  const { t } = useTranslation();
  const violations = useMemo(() => violationsOf(s, grids, tolerancePct), [s, grids, tolerancePct]);
  const byIdx = useMemo(() => new Map(grids.map((g) => [g.idx, g])), [grids]);
  const m = s.metrics;
  const fmtPct = (x: number) => formatNumber(x, 1);
  return (
    <div className="plan-panel" data-testid="grid-panel">
      <section className="plan-metrics" data-testid="plan-metrics">
        <h3>{t('plan.metrics.title')}</h3>
        <dl>
          <dt>{t('plan.metrics.balance')}</dt>
          <dd data-metric="balance">{fmtPct(m.maxDevPct[0])}%</dd>
          <dt>{t('plan.metrics.cutEdges')}</dt>
          <dd data-metric="cutEdges">{formatNumber(m.cutEdges)}</dd>
          <dt>{t('plan.metrics.compactness')}</dt>
          <dd data-metric="compactness">{m.polsbyPopperMean === null ? '–' : formatNumber(m.polsbyPopperMean, 3)}</dd>
          <dt>{t('plan.metrics.nonContiguous')}</dt>
          <dd data-metric="nonContiguous">{m.nonContiguous}</dd>
        </dl>
        {lastEditMs !== null && <small className="plan-muted">{t('plan.metrics.editMs', { ms: formatNumber(lastEditMs, 1) })}</small>}
      </section>
      <section className="plan-violations" data-testid="violations">
        <h3>
          {t('plan.violations.title')} ({violations.length})
        </h3>
        {violations.length === 0 ? (
          <p className="plan-muted">{t('plan.violations.none')}</p>
        ) : (
          <ul>
            {violations.slice(0, 200).map((v) => (
              <li key={`${v.kind}-${v.grid}`}>
                <button type="button" className={`violation ${v.kind}`} data-violation={v.kind} data-grid={v.grid} onClick={() => onSelect(v.grid)}>
                  {t(`plan.violations.${v.kind}`, { name: byIdx.get(v.grid)?.name ?? v.grid, pct: v.pct === undefined ? '' : fmtPct(v.pct) })}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {selected !== null && byIdx.get(selected) && (
        <GridDetail key={selected} grid={byIdx.get(selected)!} planId={planId} editable={editable} onLock={onLock} onManager={onManager} />
      )}
      <section className="plan-grids">
        <h3>
          {t('plan.grids.title')} ({grids.length})
        </h3>
        <ul>
          {grids.map((g) => (
            <li
              key={g.id}
              data-testid="grid-row"
              data-grid={g.idx}
              className={`grid-row${g.idx === selected ? ' selected' : ''}`}
              onClick={() => onSelect(g.idx)}
            >
              <div className="grid-row-head">
                <strong>{g.name}</strong>
                <span className={g.managerName ? 'grid-manager' : 'grid-manager missing'}>{g.managerName ?? t('plan.grids.noManager')}</span>
                {g.locked && <span className="grid-locked" title={t('plan.grids.locked')}>🔒</span>}
                <span className="plan-muted">{t('plan.grids.cells', { n: s.units[g.idx] })}</span>
              </div>
              {BARS.map(({ key, col }) => (
                <Bar key={key} label={t(`plan.weights.${key}`)} weight={key} value={s.loads[g.idx * NCOL + col]} target={s.targets[col]} tolerancePct={tolerancePct} />
              ))}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** A bar: value against the target (the middle) with the tolerance band shaded; red outside the band. */
function Bar({ label, weight, value, target, tolerancePct }: { label: string; weight: string; value: number; target: number; tolerancePct: number }) {
  const { t } = useTranslation();
  // the scale spans 0 … 2 × target, the target in the middle
  const span = Math.max(target * 2, 1e-9);
  const width = Math.min(100, (value / span) * 100);
  const band = (tolerancePct / 100) * 50;
  const out = target > 0 && Math.abs(value - target) / target > tolerancePct / 100;
  return (
    <div className={`bar${out ? ' out' : ''}`} data-weight={weight} title={t('plan.grids.target', { value: formatNumber(target) })}>
      <span className="bar-label">{label}</span>
      <span className="bar-track">
        <span className="bar-band" style={{ left: `${50 - band}%`, width: `${2 * band}%` }} />
        <span className="bar-fill" style={{ width: `${width}%` }} />
        <span className="bar-target" />
      </span>
      <span className="bar-value">{formatNumber(value, 1)}</span>
    </div>
  );
}

/** The selected grid: lock and manager (search by name, each manager's load). */
function GridDetail({ grid, planId, editable, onLock, onManager }: { grid: Grid; planId: number; editable: boolean; onLock: Props['onLock']; onManager: Props['onManager'] }) {
  const { t } = useTranslation();
  const [managers, setManagers] = useState<api.ManagerLoad[] | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    if (!editable) return;
    let alive = true;
    void api.getManagers(planId).then((m) => alive && setManagers(m), () => alive && setManagers([]));
    return () => {
      alive = false;
    };
  }, [planId, editable, grid.managerId]);
  const q = query.trim().toLowerCase();
  const found = (managers ?? []).filter((m) => q === '' || m.name.toLowerCase().includes(q) || m.code.toLowerCase().includes(q)).slice(0, 12);
  return (
    <section className="plan-grid-detail" data-testid="grid-detail" data-grid={grid.idx}>
      <h3>{grid.name}</h3>
      <p>
        {t('plan.grids.manager')}: <strong className={grid.managerName ? '' : 'missing'}>{grid.managerName ?? t('plan.grids.noManager')}</strong>
      </p>
      {editable && (
        <>
          <button type="button" data-action="lock" onClick={() => onLock(grid.idx, !grid.locked)}>
            {grid.locked ? t('plan.grids.unlock') : t('plan.grids.lock')}
          </button>
          <input type="search" placeholder={t('plan.grids.searchManager')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="manager-search" />
          <ul className="manager-list">
            <li>
              <button type="button" onClick={() => onManager(grid.idx, null)}>
                {t('plan.grids.none')}
              </button>
            </li>
            {found.map((m) => (
              <li key={m.id}>
                <button type="button" data-manager={m.id} className={m.id === grid.managerId ? 'current' : ''} onClick={() => onManager(grid.idx, { id: m.id, name: m.name })}>
                  {m.name} <small>{t('plan.grids.managerLoad', { grids: m.grids, customers: formatNumber(m.customers) })}</small>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
