/** District boundaries (GeoJSON) for every logged-in role. */
import { ROLES } from '../auth/types.ts';
import { getDistricts } from '../services/districts.ts';
import { defineRoute } from './define.ts';

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/districts',
    roles: ROLES,
    summary: 'The 11 districts as GeoJSON (names, adcode, 2020 population, area, label point)',
    handler: ({ deps }) => getDistricts(deps.pool),
  }),
];
