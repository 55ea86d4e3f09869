import type { Messages } from '../index.ts';

/** English strings of the Dispatch view; same keys as `dispatch.zh.ts`. */
export const dispatchEn: Messages['dispatch'] = {
  title: 'Dispatch',
};
