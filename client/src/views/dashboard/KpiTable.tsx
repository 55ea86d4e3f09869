/** The sortable table of every grid's KPIs, with the city row on top. */
import { useTranslation } from 'react-i18next';
import type { GridKpiRow, Kpis } from '../../api/kpis.ts';
import { formatKpi, KPI_DEFS, kpiValue } from '../territory/kpi-defs.ts';
import { sortRows, type Sort, type SortKey } from './sort-rows.ts';

interface KpiTableProps {
  rows: GridKpiRow[];
  city: Kpis;
  sort: Sort;
  onSort: (s: Sort) => void;
}

/** Clicking a header sorts by it (again: reverses); KPI columns start with the better end first. */
export function KpiTable({ rows, city, sort, onSort }: KpiTableProps) {
  const { t } = useTranslation();
  const sorted = sortRows(rows, sort);
  const header = (key: SortKey, label: string, firstDir: 'asc' | 'desc') => (
    <th key={key} aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={key === 'name' || key === 'managerName' ? '' : 'num'}>
      <button type="button" data-sort={key} onClick={() => onSort({ key, dir: sort.key === key ? (sort.dir === 'asc' ? 'desc' : 'asc') : firstDir })}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
  return (
    <table className="kpi-table" data-testid="kpi-table">
      <thead>
        <tr>
          {header('name', t('dashboard.table.grid'), 'asc')}
          {header('managerName', t('dashboard.table.manager'), 'asc')}
          {KPI_DEFS.map((d) => header(d.key, t(`territory.kpi.${d.key}`), d.better === 'lower' ? 'asc' : 'desc'))}
        </tr>
      </thead>
      <tbody>
        <tr className="city-row" data-testid="city-row">
          <th scope="row">{t('dashboard.city')}</th>
          <td />
          {KPI_DEFS.map((d) => (
            <td key={d.key} className="num" data-kpi={d.key} data-value={kpiValue(city, d.key) ?? ''}>
              {formatKpi(t, d.unit, kpiValue(city, d.key))}
            </td>
          ))}
        </tr>
        {sorted.map((r) => (
          <tr key={r.gridId} data-grid-id={r.gridId}>
            <th scope="row">
              <a href={`#/territory/${r.gridId}`}>{r.name}</a>
            </th>
            <td>{r.managerName ?? '—'}</td>
            {KPI_DEFS.map((d) => (
              <td key={d.key} className="num" data-kpi={d.key} data-value={kpiValue(r, d.key) ?? ''}>
                {formatKpi(t, d.unit, kpiValue(r, d.key))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
