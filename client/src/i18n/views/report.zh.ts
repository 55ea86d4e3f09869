/** Chinese strings of the Report a fault view (`t('report.…')`); `report.en.ts` must have the same keys. */
export const reportZh = {
  title: '故障报修',
};
