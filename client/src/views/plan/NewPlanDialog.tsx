/**
 * New-plan dialog: resolution, number of grids or customers per grid, weights, tolerance, hard boundaries
 * and time budget; then a progress bar (from the `plan.progress` events, with polling as a fallback) and a
 * cancel button until the plan is stored.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../../api/plans.ts';
import { PlanApiError } from '../../api/plans.ts';
import { fetchCells } from '../../api/map-data.ts';

interface Props {
  onClose: () => void;
  /** Called with the new plan's id when the job is done. */
  onCreated: (planId: number) => void;
}

type Phase = { kind: 'form' } | { kind: 'running'; jobId: string; progress: number } | { kind: 'failed'; message: string } | { kind: 'cancelled' };

export function NewPlanDialog({ onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(() => `${t('plan.title')} ${new Date().toISOString().slice(0, 10)}`);
  const [resolution, setResolution] = useState(8);
  const [mode, setMode] = useState<'grids' | 'customers'>('grids');
  const [grids, setGrids] = useState(12);
  const [perGrid, setPerGrid] = useState(2000);
  const [weights, setWeights] = useState({ customers: 1, load: 0, faults: 0 });
  const [tolerance, setTolerance] = useState(5);
  const [respectDistricts, setRespectDistricts] = useState(false);
  const [boundariesId, setBoundariesId] = useState<number | ''>('');
  const [boundarySets, setBoundarySets] = useState<api.BoundarySet[]>([]);
  const [budget, setBudget] = useState(5);
  const [phase, setPhase] = useState<Phase>({ kind: 'form' });
  const [error, setError] = useState<string | null>(null);
  const jobRef = useRef<string | null>(null);

  useEffect(() => {
    void api.listBoundaries().then(setBoundarySets, () => setBoundarySets([]));
  }, []);

  // progress: SSE events as they come, polling the job once a second in case the stream is down
  const running = phase.kind === 'running' ? phase.jobId : null;
  useEffect(() => {
    if (!running) return;
    let alive = true;
    const apply = (job: { status: string; progress: number; planId?: number; error?: string }) => {
      if (!alive) return;
      if (job.status === 'running') setPhase((p) => (p.kind === 'running' ? { ...p, progress: Math.max(p.progress, job.progress) } : p));
      else if (job.status === 'done' && job.planId !== undefined) {
        alive = false;
        setPhase({ kind: 'running', jobId: running, progress: 1 });
        onCreated(job.planId);
      } else if (job.status === 'failed') {
        alive = false;
        setPhase({ kind: 'failed', message: job.error ?? '' });
      } else if (job.status === 'cancelled') {
        alive = false;
        setPhase({ kind: 'cancelled' });
      }
    };
    const es = new EventSource('/api/events');
    es.onmessage = (e: MessageEvent<string>) => {
      try {
        const ev = JSON.parse(e.data) as { type: string; payload: { jobId: string; status: string; progress: number; planId?: number; error?: string } };
        if (ev.type === 'plan.progress' && ev.payload.jobId === running) apply(ev.payload);
      } catch {
        // not ours
      }
    };
    const timer = setInterval(() => {
      void api.getJob(running).then(apply, () => {});
    }, 1000);
    return () => {
      alive = false;
      es.close();
      clearInterval(timer);
    };
  }, [running, onCreated]);

  const submit = async () => {
    setError(null);
    let k = grids;
    if (mode === 'customers') {
      const cells = await fetchCells(resolution, null);
      const total = cells.customers.reduce((a, b) => a + b, 0);
      k = Math.max(1, Math.round(total / Math.max(1, perGrid)));
    }
    try {
      const { jobId } = await api.createPlan({
        name,
        resolution,
        grids: k,
        weights,
        tolerancePct: tolerance,
        respectDistricts,
        ...(boundariesId !== '' ? { boundariesId } : {}),
        timeBudgetMs: Math.round(budget * 1000),
      });
      jobRef.current = jobId;
      setPhase({ kind: 'running', jobId, progress: 0 });
    } catch (err) {
      if (err instanceof PlanApiError) setError(Object.keys(err.fields).length > 0 ? t('plan.dialog.invalid', { fields: Object.entries(err.fields).map(([f, m]) => `${f}: ${m}`).join('; ') }) : err.message);
      else setError((err as Error).message);
    }
  };

  const cancel = async () => {
    if (phase.kind !== 'running') return;
    try {
      await api.cancelJob(phase.jobId);
      setPhase({ kind: 'cancelled' });
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const num = (v: string, fallback: number) => (Number.isFinite(Number(v)) && v !== '' ? Number(v) : fallback);
  const pct = phase.kind === 'running' ? Math.round(phase.progress * 100) : 0;

  return (
    <div className="plan-dialog-backdrop">
      <div className="plan-dialog" role="dialog" aria-modal="true" aria-label={t('plan.dialog.title')} data-testid="new-plan-dialog">
        <h2>{t('plan.dialog.title')}</h2>
        {phase.kind === 'form' || phase.kind === 'failed' || phase.kind === 'cancelled' ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <label>
              {t('plan.dialog.name')}
              <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
            </label>
            <label>
              {t('plan.dialog.resolution')}
              <select name="resolution" value={resolution} onChange={(e) => setResolution(Number(e.target.value))}>
                {[7, 8, 9, 10].map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            <fieldset>
              <legend>{t('plan.dialog.mode')}</legend>
              <label className="inline">
                <input type="radio" name="mode" checked={mode === 'grids'} onChange={() => setMode('grids')} /> {t('plan.dialog.byGrids')}
              </label>
              <label className="inline">
                <input type="radio" name="mode" checked={mode === 'customers'} onChange={() => setMode('customers')} /> {t('plan.dialog.byCustomers')}
              </label>
              {mode === 'grids' ? (
                <label>
                  {t('plan.dialog.grids')}
                  <input name="grids" type="number" min={1} max={5000} value={grids} onChange={(e) => setGrids(num(e.target.value, grids))} />
                </label>
              ) : (
                <label>
                  {t('plan.dialog.customersPerGrid')}
                  <input name="perGrid" type="number" min={1} value={perGrid} onChange={(e) => setPerGrid(num(e.target.value, perGrid))} />
                </label>
              )}
            </fieldset>
            <fieldset>
              <legend>{t('plan.dialog.weights')}</legend>
              {(['customers', 'load', 'faults'] as const).map((w) => (
                <label key={w} className="inline">
                  {t(`plan.weights.${w}`)}
                  <input name={`weight-${w}`} type="number" min={0} step={0.1} value={weights[w]} onChange={(e) => setWeights({ ...weights, [w]: num(e.target.value, 0) })} />
                </label>
              ))}
            </fieldset>
            <label>
              {t('plan.dialog.tolerance')}
              <input name="tolerance" type="number" min={0} max={50} step={0.5} value={tolerance} onChange={(e) => setTolerance(num(e.target.value, tolerance))} />
            </label>
            <label className="inline">
              <input name="respectDistricts" type="checkbox" checked={respectDistricts} onChange={(e) => setRespectDistricts(e.target.checked)} /> {t('plan.dialog.respectDistricts')}
            </label>
            <label>
              {t('plan.dialog.boundaries')}
              <select name="boundaries" value={boundariesId} onChange={(e) => setBoundariesId(e.target.value === '' ? '' : Number(e.target.value))}>
                <option value="">{t('plan.dialog.noBoundaries')}</option>
                {boundarySets.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name} ({b.areas})
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('plan.dialog.budget')}
              <input name="budget" type="number" min={0.5} max={120} step={0.5} value={budget} onChange={(e) => setBudget(num(e.target.value, budget))} />
            </label>
            {phase.kind === 'failed' && <p className="plan-error">{t('plan.dialog.failed', { message: phase.message })}</p>}
            {phase.kind === 'cancelled' && <p className="plan-info">{t('plan.dialog.cancelled')}</p>}
            {error && <p className="plan-error">{error}</p>}
            <div className="plan-dialog-buttons">
              <button type="button" onClick={onClose}>
                {t('plan.dialog.close')}
              </button>
              <button type="submit" className="primary" data-action="start">
                {t('plan.dialog.start')}
              </button>
            </div>
          </form>
        ) : (
          <div className="plan-progress">
            <progress data-testid="plan-progress" max={100} value={pct} />
            <span role="status">{t('plan.dialog.progress', { pct })}</span>
            {error && <p className="plan-error">{error}</p>}
            <div className="plan-dialog-buttons">
              <button type="button" data-action="cancel-job" onClick={() => void cancel()} disabled={pct >= 100}>
                {t('plan.dialog.cancel')}
              </button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
