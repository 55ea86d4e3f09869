/** Chinese strings of the KPI dashboard view (`t('dashboard.…')`); `dashboard.en.ts` must have the same keys. */
export const dashboardZh = {
  title: '指标看板',
};
