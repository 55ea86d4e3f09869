/**
 * The lower part of the Plan view's side panel: saved versions (who, when, what), comparison with another
 * plan (metrics side by side, changed cells on the map), export (CSV, GeoJSON) and boundary import with
 * messages a planner can act on.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as api from '../../api/plans.ts';
import { PlanApiError } from '../../api/plans.ts';
import { formatNumber } from '../../i18n/index.ts';
import type { PlanController } from './plan-actions.ts';
import type { PlanState } from './plan-store.ts';

interface Props {
  ctl: PlanController;
  state: PlanState;
  plans: api.PlanSummary[];
  editable: boolean;
}

export function PlanExtras({ ctl, state: s, plans, editable }: Props) {
  const { t } = useTranslation();
  const [importMsg, setImportMsg] = useState<{ text: string; ok: boolean } | null>(null);
  const [importName, setImportName] = useState('');
  if (!s.plan) return null;
  const plan = s.plan;
  const cmp = s.comparison;
  const rows: Array<[string, (m: api.PlanMetrics | null) => string]> = [
    [t('plan.grids.title'), (m) => String(m?.k ?? '–')],
    [t('plan.metrics.balance'), (m) => (m ? `${formatNumber(m.maxDevPct.workload, 1)}%` : '–')],
    [t('plan.metrics.cutEdges'), (m) => (m ? formatNumber(m.cutEdges) : '–')],
    [t('plan.metrics.compactness'), (m) => (m?.polsbyPopperMean == null ? '–' : formatNumber(m.polsbyPopperMean, 3))],
    [t('plan.metrics.nonContiguous'), (m) => String(m?.nonContiguous ?? '–')],
  ];

  const onImport = async (file: File | undefined) => {
    setImportMsg(null);
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (err) {
      setImportMsg({ text: t('plan.io.badJson', { message: (err as Error).message }), ok: false });
      return;
    }
    const fc = json as { type?: unknown; features?: Array<{ geometry?: { type?: unknown } }> };
    if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features) || !fc.features.some((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon')) {
      setImportMsg({ text: t('plan.io.notFc'), ok: false });
      return;
    }
    try {
      const out = await api.importBoundaries(importName.trim() || file.name, json);
      setImportMsg({ text: t('plan.io.importDone', { n: out.areas }), ok: true });
    } catch (err) {
      const detail = err instanceof PlanApiError ? [err.message, ...Object.entries(err.fields).map(([f, m]) => `${f}: ${m}`)].join('; ') : (err as Error).message;
      setImportMsg({ text: t('plan.io.rejected', { message: detail }), ok: false });
    }
  };

  return (
    <div className="plan-extras">
      <section>
        <h3>{t('plan.io.export')}</h3>
        <a href={api.exportUrl(plan.id, 'csv')} download data-testid="export-csv">
          {t('plan.io.exportCsv')}
        </a>{' '}
        <a href={api.exportUrl(plan.id, 'geojson')} download data-testid="export-geojson">
          {t('plan.io.exportGeojson')}
        </a>
      </section>
      <section>
        <h3>{t('plan.compare.title')}</h3>
        <select data-testid="compare-with" value={cmp ? (cmp.a.id === plan.id ? cmp.b.id : cmp.a.id) : ''} onChange={(e) => (e.target.value ? void ctl.compareWith(Number(e.target.value)) : ctl.store.set({ comparison: null }))}>
          <option value="">{t('plan.compare.pick')}</option>
          {plans
            .filter((p) => p.id !== plan.id && p.resolution === plan.resolution)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} (#{p.id})
              </option>
            ))}
        </select>
        {cmp && (
          <>
            <table className="plan-compare" data-testid="compare-table">
              <thead>
                <tr>
                  <th>{t('plan.compare.metric')}</th>
                  <th>{cmp.a.name}</th>
                  <th>{cmp.b.name}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(([label, f]) => (
                  <tr key={label}>
                    <td>{label}</td>
                    <td>{f(cmp.a.metrics)}</td>
                    <td>{f(cmp.b.metrics)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>{t('plan.compare.changed', { n: cmp.changedCells.length })}</p>
            <button type="button" onClick={() => ctl.store.set({ comparison: null })}>
              {t('plan.compare.clear')}
            </button>
          </>
        )}
      </section>
      <section>
        <h3>
          {t('plan.history.title')}{' '}
          <button type="button" data-action="history" onClick={() => void ctl.loadHistory()}>
            {t('plan.history.show')}
          </button>
        </h3>
        {s.history && (
          <ul className="plan-history" data-testid="history">
            {s.history.length === 0 && <li>{t('plan.history.empty')}</li>}
            {s.history.map((e) => (
              <li key={e.id}>
                v{e.version ?? '?'} · {new Date(e.at).toLocaleString()} · {e.username ?? '?'} · {t(`plan.actions.${e.action.replace(/^plan\./, '')}`, { n: e.cellsMoved ?? 0, defaultValue: t('plan.actions.other') })}
              </li>
            ))}
          </ul>
        )}
      </section>
      {editable && (
        <section>
          <h3>{t('plan.io.import')}</h3>
          <label>
            {t('plan.io.importName')} <input value={importName} onChange={(e) => setImportName(e.target.value)} maxLength={200} />
          </label>
          <label>
            {t('plan.io.importFile')} <input type="file" accept=".geojson,.json,application/geo+json,application/json" data-testid="import-file" onChange={(e) => void onImport(e.target.files?.[0])} />
          </label>
          {importMsg && (
            <p className={importMsg.ok ? 'plan-info' : 'plan-error'} data-testid="import-message" role="status">
              {importMsg.text}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
