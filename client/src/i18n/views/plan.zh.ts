/** Chinese strings of the Plan view (`t('plan.…')`); `plan.en.ts` must have the same keys. */
export const planZh = {
  title: '网格规划',
};
