import type { Messages } from '../index.ts';

/** English strings of the KPI dashboard view; same keys as `dashboard.zh.ts`. */
export const dashboardEn: Messages['dashboard'] = {
  title: 'KPI dashboard',
  loading: 'Computing the KPIs of every grid…',
  loadError: 'Could not load {{what}}: {{reason}}',
  retry: 'Retry',
  what: {
    kpis: 'the grid KPIs',
    outlines: 'the grid outlines',
    beforeAfter: 'the before/after comparison',
  },
  city: 'City',
  gridCount: '{{count}} grids',
  table: {
    title: 'KPIs by grid',
    grid: 'Grid',
    manager: 'Manager',
    sortHint: 'Click a column header to sort',
  },
  map: {
    title: 'Colour by KPI',
    kpi: 'KPI',
    noData: 'No data',
    worse: 'darker is worse',
  },
  ranking: {
    title: 'Ranking: {{kpi}}',
    best: 'Best',
    worst: 'Worst',
  },
  export: {
    title: 'Export',
    csv: 'Export CSV',
    report: 'Monthly report',
    month: 'Month',
  },
  beforeAfter: {
    title: 'Before and after the plan',
    date: 'Date',
    days: '{{days}} days each side',
    before: 'Before',
    after: 'After',
    change: 'Change',
    defaultDate: 'defaults to the active plan\'s effective date',
    improved: '{{count}} grids improved',
  },
};
