/** Chinese strings of the Territory view (`t('territory.…')`); `territory.en.ts` must have the same keys. */
export const territoryZh = {
  title: '我的网格',
};
