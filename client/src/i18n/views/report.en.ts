import type { Messages } from '../index.ts';

/** English strings of the Report a fault view; same keys as `report.zh.ts`. */
export const reportEn: Messages['report'] = {
  title: 'Report a fault',
};
