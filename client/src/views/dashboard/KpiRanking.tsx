/** The best and worst grids by one KPI. */
import { useTranslation } from 'react-i18next';
import type { GridKpiRow } from '../../api/kpis.ts';
import { formatKpi, kpiDef, kpiValue, type KpiKey } from '../territory/kpi-defs.ts';

const N = 5;

/** Best and worst `N` grids with a defined value; for a KPI without a better direction, highest and lowest. */
export function rankGrids(rows: readonly GridKpiRow[], key: KpiKey): { best: GridKpiRow[]; worst: GridKpiRow[] } {
  const def = kpiDef(key);
  const defined = rows.filter((r) => kpiValue(r, key) !== null);
  const higherFirst = def.better !== 'lower';
  defined.sort((a, b) => (higherFirst ? kpiValue(b, key)! - kpiValue(a, key)! : kpiValue(a, key)! - kpiValue(b, key)!) || a.idx - b.idx);
  return { best: defined.slice(0, N), worst: defined.slice(-N).reverse() };
}

/** Two short ordered lists. */
export function KpiRanking({ rows, kpi }: { rows: GridKpiRow[]; kpi: KpiKey }) {
  const { t } = useTranslation();
  const def = kpiDef(kpi);
  const { best, worst } = rankGrids(rows, kpi);
  const list = (items: GridKpiRow[], kind: string) => (
    <ol className="ranking-list" data-kind={kind}>
      {items.map((r) => (
        <li key={r.gridId} data-grid-id={r.gridId}>
          <a href={`#/territory/${r.gridId}`}>{r.name}</a> <span className="muted">{formatKpi(t, def.unit, kpiValue(r, kpi))}</span>
        </li>
      ))}
    </ol>
  );
  return (
    <section className="dash-card ranking" data-testid="ranking">
      <h3>{t('dashboard.ranking.title', { kpi: t(`territory.kpi.${kpi}`) })}</h3>
      <div className="ranking-cols">
        <div>
          <h4>{t('dashboard.ranking.best')}</h4>
          {list(best, 'best')}
        </div>
        <div>
          <h4>{t('dashboard.ranking.worst')}</h4>
          {list(worst, 'worst')}
        </div>
      </div>
    </section>
  );
}
