import type { Messages } from '../index.ts';

/** English strings of the Plan view; same keys as `plan.zh.ts`. */
export const planEn: Messages['plan'] = {
  title: 'Plan',
};
