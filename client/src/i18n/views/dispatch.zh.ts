/** Chinese strings of the Dispatch view (`t('dispatch.…')`); `dispatch.en.ts` must have the same keys. */
export const dispatchZh = {
  title: '调度',
};
