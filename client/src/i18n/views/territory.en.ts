import type { Messages } from '../index.ts';

/** English strings of the Territory view; same keys as `territory.zh.ts`. */
export const territoryEn: Messages['territory'] = {
  title: 'Territory',
};
