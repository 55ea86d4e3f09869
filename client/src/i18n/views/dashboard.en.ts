import type { Messages } from '../index.ts';

/** English strings of the KPI dashboard view; same keys as `dashboard.zh.ts`. */
export const dashboardEn: Messages['dashboard'] = {
  title: 'KPI dashboard',
};
