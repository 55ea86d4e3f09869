/** Sorting of the dashboard's grid rows by a column; undefined KPIs (null) always sort last. */
import type { GridKpiRow } from '../../api/kpis.ts';
import type { KpiKey } from '../territory/kpi-defs.ts';

export type SortKey = 'idx' | 'name' | 'managerName' | KpiKey;
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** A sorted copy of `rows`; ties keep the grid order (idx). O(n log n). */
export function sortRows(rows: readonly GridKpiRow[], sort: Sort): GridKpiRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  return [...rows].sort((a, b) => {
    const va = a[sort.key];
    const vb = b[sort.key];
    const na = va === null || va === undefined || (typeof va === 'number' && !Number.isFinite(va));
    const nb = vb === null || vb === undefined || (typeof vb === 'number' && !Number.isFinite(vb));
    if (na !== nb) return na ? 1 : -1;
    let c = 0;
    if (!na && !nb) c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return c !== 0 ? sign * c : a.idx - b.idx;
  });
}
